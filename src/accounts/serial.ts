/**
 * Runs async tasks one after another (a mutex for this process): so that "check, then write"
 * steps — the last owner, the one-time setup — cannot interleave. With several server processes
 * each has its own; user management is rare and interactive, and the worst a race across
 * processes could do is leave two owners demoting each other at the very same instant.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
