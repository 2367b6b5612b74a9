export interface StaleValueOptions {
  /** How long a loaded value is fresh; past it, it is still served while a reload runs. */
  ttlMs: number;
  /** After a failed reload, how long to serve the stale value before trying again. */
  retryMs?: number;
  /** A background reload failed (the stale value goes on being served). */
  onError?: (error: unknown) => void;
}

/**
 * One value read from the store, served from memory: fresh for `ttlMs`, then served stale while
 * one reload runs in the background ("stale-while-revalidate", RFC 5861 §3). A reload that fails
 * keeps the last known value, so an outage of the store does not fail the requests that only
 * need what was already known (issue #13, finding 4); the next try waits `retryMs`, so an
 * outage does not turn every request into a connection attempt. At most one load runs at a time,
 * whoever asks: a popular entry expiring cannot send a herd of identical reads to the store.
 *
 * Only the very first load is awaited, and its failure is the caller's (nothing is known yet).
 */
export class StaleValue<T> {
  #value: { value: T; at: number } | undefined;
  #loading: Promise<T> | undefined;
  #loadingGeneration = 0;
  #retryAt = 0;
  /** Bumped by `expire`: a load that started before it must not count as fresh. */
  #generation = 0;
  /** Said to have changed (`expire`) and not read since. */
  #outdated = false;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: StaleValueOptions,
  ) {}

  async get(now = Date.now()): Promise<T> {
    const known = this.#value;
    if (known === undefined) return this.#reload(now);
    if (this.#outdated && now >= this.#retryAt) {
      // Known to have changed: worth the wait, but only while the store answers.
      return this.#reload(now).catch(() => known.value);
    }
    if (now - known.at >= this.options.ttlMs && now >= this.#retryAt) {
      this.#reload(now).catch((error: unknown) => this.options.onError?.(error));
    }
    return known.value;
  }

  /**
   * The value changed (here or in another process): the next `get` waits for a read, and gets
   * the last known value only if that read fails.
   */
  expire(): void {
    this.#generation += 1;
    this.#outdated = true;
    this.#retryAt = 0;
  }

  #reload(now: number): Promise<T> {
    if (this.#loading && this.#loadingGeneration === this.#generation) return this.#loading;
    const generation = this.#generation;
    // A load that started before the last `expire` may read the old value: the new one follows it.
    const previous = this.#loading?.then(
      () => undefined,
      () => undefined,
    );
    const promise: Promise<T> = (previous ?? Promise.resolve()).then(this.load).then(
      (value) => {
        if (this.#loading === promise) this.#loading = undefined;
        this.#value = { value, at: now };
        if (generation === this.#generation) this.#outdated = false;
        return value;
      },
      (error: unknown) => {
        if (this.#loading === promise) this.#loading = undefined;
        this.#retryAt = now + (this.options.retryMs ?? 1_000);
        throw error;
      },
    );
    this.#loading = promise;
    this.#loadingGeneration = generation;
    return promise;
  }
}
