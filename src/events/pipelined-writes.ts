import type { NewEvent } from '../store/store.js';
import type { EventWriter } from './event-writer.js';

/**
 * Batches handed to an EventWriter without waiting for each one (issue 12, Bulk): while a writer
 * thread stores batch n, this thread prepares batch n + 1. At most `depth` batches are in flight,
 * so memory stays bounded however fast the producer is; `push` waits for the oldest beyond that.
 * A failed write rejects the `push` or `drain` that waits for it, in batch order.
 */
export class PipelinedWrites {
  readonly #writer: EventWriter;
  readonly #depth: number;
  readonly #onWritten: (batchSize: number, stored: number) => void;
  readonly #inFlight: Promise<number>[] = [];

  constructor(
    writer: EventWriter,
    options: {
      /** Told, in batch order, how many events of each batch were stored (duplicates are not). */
      onWritten: (batchSize: number, stored: number) => void;
      /** Batches in flight at most: 2 keeps the writer busy while the next one is prepared. */
      depth?: number;
    },
  ) {
    this.#writer = writer;
    this.#onWritten = options.onWritten;
    this.#depth = options.depth ?? 2;
  }

  async push(batch: readonly NewEvent[]): Promise<void> {
    const size = batch.length;
    const written = this.#writer.write(batch).then((stored) => {
      this.#onWritten(size, stored);
      return stored;
    });
    // Awaited later, in order; marked handled now so a failure behind an older batch is not
    // reported as an unhandled rejection before its turn.
    written.catch(() => undefined);
    this.#inFlight.push(written);
    while (this.#inFlight.length > this.#depth) await this.#inFlight.shift();
  }

  /** Waits for every batch in flight. */
  async drain(): Promise<void> {
    while (this.#inFlight.length > 0) await this.#inFlight.shift();
  }
}
