/**
 * Writes handed to a writer thread without waiting for each one (issue 12, Bulk): while the
 * thread stores batch n, this thread prepares batch n + 1. At most `depth` writes are in flight,
 * so memory stays bounded however fast the producer is; `push` waits for the oldest beyond that.
 * A failed write rejects the `push` or `drain` that waits for it, in order.
 */
export class PipelinedWrites {
  readonly #depth: number;
  readonly #inFlight: Promise<unknown>[] = [];

  /** `depth` 2 keeps the writer busy while the next batch is prepared. */
  constructor(depth = 2) {
    this.#depth = depth;
  }

  async push(write: Promise<unknown>): Promise<void> {
    // Awaited later, in order; marked handled now so a failure behind an older write is not
    // reported as an unhandled rejection before its turn.
    write.catch(() => undefined);
    this.#inFlight.push(write);
    while (this.#inFlight.length > this.#depth) await this.#inFlight.shift();
  }

  /** Waits for every write in flight. */
  async drain(): Promise<void> {
    while (this.#inFlight.length > 0) await this.#inFlight.shift();
  }
}
