/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): the n-th delay is drawn from [d/2, d] with d = min(cap, base · 2ⁿ). Half the
 * delay is kept so a failing store is never hammered; the random half spreads several instances
 * retrying the same database (issue 13, finding 5: the retry storm).
 */
export interface BackoffOptions {
  /** The first delay, 100 ms by default. */
  baseMs?: number;
  /** The longest delay, 30 s by default. */
  maxMs?: number;
  /** A number in [0, 1); `Math.random` by default (a test passes its own). */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 100;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt, after one more failure. */
  next(): number {
    // 2^failures grows past any cap quickly; stop counting there so it never overflows.
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return ceiling / 2 + this.random() * (ceiling / 2);
  }

  /** Failures since the last success. */
  get attempts(): number {
    return this.failures;
  }

  reset(): void {
    this.failures = 0;
  }
}
