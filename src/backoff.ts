/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): the n-th delay is drawn from [d/2, d] with d = min(cap, base · 2ⁿ). Half the
 * delay is kept so a failing store is never hammered; the random half spreads several instances
 * retrying the same database (issue 13, finding 5: the retry storm). "Full jitter" ([0, d]) suits
 * a reconnect whose first retry should come at once (the PostgreSQL change listener).
 */
export interface BackoffOptions {
  /** The first delay, 100 ms by default. */
  baseMs?: number;
  /** The longest delay, 30 s by default. */
  maxMs?: number;
  /** A number in [0, 1); `Math.random` by default (a test passes its own). */
  random?: () => number;
  /** `equal` (default): a delay in [d/2, d]; `full`: in [0, d]. */
  jitter?: 'equal' | 'full';
}

export class Backoff {
  private failures = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;
  /** The share of each delay that is kept whatever the draw. */
  private readonly kept: number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 100;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.kept = options.jitter === 'full' ? 0 : 0.5;
  }

  /** The delay before the next attempt, after one more failure. */
  next(): number {
    // 2^failures grows past any cap quickly; stop counting there so it never overflows.
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return ceiling * this.kept + this.random() * ceiling * (1 - this.kept);
  }

  /** Failures since the last success. */
  get attempts(): number {
    return this.failures;
  }

  reset(): void {
    this.failures = 0;
  }
}
