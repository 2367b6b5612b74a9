/**
 * The wait before a failed delivery's next attempt: exponential, `baseMs · 2^(attempt − 1)`
 * capped at `maxMs`, with "equal jitter" (half kept, half random: AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015) so that deliveries failing together do not retry
 * together. src/backoff.ts holds the same rule as a counter for one retrying loop; a delivery's
 * failures are counted in its stored row instead, so the rule is a function of that count here.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** How long after it is queued (or replayed) a delivery keeps being retried. */
  windowMs: number;
}

/** 30 s, then 1, 2, 4 … minutes, at most an hour apart, for 24 hours (issue 14). */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  baseMs: 30_000,
  maxMs: 3_600_000,
  windowMs: 24 * 3_600_000,
});

/** `attempts`: failures so far, at least 1. */
export function retryDelay(
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
  attempts: number,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
