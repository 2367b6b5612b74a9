import { randomBytes } from 'node:crypto';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { sha256 } from './sha256.js';

/** What a limiter says about one request: go on, or come back in `retryAfterSeconds`. */
export type ClientLimit = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A secret for `clientBucketKey`, made once per process and never written anywhere. */
export function newBucketSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The bucket key of a client address: SHA-256 over a secret of this process then the address, in
 * one call. A keyed pseudonym is all a limiter needs (no one verifies it as a MAC, so HMAC's
 * second pass buys nothing); HMAC's key setup, then createHash's per-call setup, showed in
 * bench/ingest profiles (issue 12). Neither the limiter's memory nor anything else holds the
 * address (DESIGN.md §4), and the secret dies with the process.
 */
export function clientBucketKey(secret: string, clientAddress: string): string {
  return sha256(`${secret}\0${clientAddress}`, 'base64url').slice(0, 22);
}

/**
 * A token bucket per client address for the routes anyone can call (`POST /api/classify`, sign-in).
 * Buckets are keyed by `clientBucketKey`. Memory is bounded by the `RateLimiter`'s two
 * generations of keys.
 */
export class ClientLimiter {
  readonly #limiter: RateLimiter;
  readonly #secret = newBucketSecret();

  constructor(options: RateLimiterOptions) {
    this.#limiter = new RateLimiter(options);
  }

  /** Spends `cost` tokens of this client's bucket, or says when they will be there (RFC 9110 §10.2.3). */
  take(clientAddress: string, cost = 1, now: number = Date.now()): ClientLimit {
    const key = clientBucketKey(this.#secret, clientAddress);
    if (this.#limiter.allow(key, now, cost)) return { allowed: true };
    const waitMs = this.#limiter.waitMs(key, now, cost);
    const seconds = Number.isFinite(waitMs) ? Math.ceil(waitMs / 1000) : 3600;
    return { allowed: false, retryAfterSeconds: Math.max(1, seconds) };
  }
}
