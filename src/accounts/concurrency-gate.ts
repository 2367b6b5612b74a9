/** Thrown when a gate's queue is full: the caller should answer "busy, retry shortly". */
export class GateFullError extends Error {
  constructor() {
    super('Too many tasks are waiting');
    this.name = 'GateFullError';
  }
}

/**
 * Runs at most `limit` tasks at once and queues at most `maxQueue` more, first come first served;
 * beyond that a task is refused at once with a GateFullError rather than waiting without bound.
 * Password hashing sits behind one (issue 13, finding 11): each scrypt takes 32 MiB and tens of
 * milliseconds of a libuv thread, and unbounded concurrent hashes starved real sign-ins.
 */
export class ConcurrencyGate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1, got ${limit}`);
    if (!Number.isInteger(maxQueue) || maxQueue < 0)
      throw new RangeError(`maxQueue must be ≥ 0, got ${maxQueue}`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      if (this.#waiting.length >= this.maxQueue) throw new GateFullError();
      // The slot is handed over by the task that ends (see `finally`), so #running stays counted.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
