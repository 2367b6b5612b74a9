import { createHmac, randomBytes } from 'node:crypto';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';

/** What a limiter says about one request: go on, or come back in `retryAfterSeconds`. */
export type ClientLimit = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per client address for the routes anyone can call (`POST /api/classify`, sign-in).
 * The bucket's key is an HMAC of the address with a random key of this process, so neither the
 * limiter's memory nor anything else holds the address (DESIGN.md §4); the key dies with the
 * process. Memory is bounded by the `RateLimiter`'s two generations of keys.
 */
export class ClientLimiter {
  readonly #limiter: RateLimiter;
  readonly #secret = randomBytes(32);

  constructor(options: RateLimiterOptions) {
    this.#limiter = new RateLimiter(options);
  }

  /** The bucket key of a client address: a keyed hash, never the address. */
  #keyOf(clientAddress: string): string {
    return createHmac('sha256', this.#secret).update(clientAddress).digest('base64url').slice(0, 22);
  }

  /** Spends `cost` tokens of this client's bucket, or says when they will be there (RFC 9110 §10.2.3). */
  take(clientAddress: string, cost = 1, now: number = Date.now()): ClientLimit {
    const key = this.#keyOf(clientAddress);
    if (this.#limiter.allow(key, now, cost)) return { allowed: true };
    const waitMs = this.#limiter.waitMs(key, now, cost);
    const seconds = Number.isFinite(waitMs) ? Math.ceil(waitMs / 1000) : 3600;
    return { allowed: false, retryAfterSeconds: Math.max(1, seconds) };
  }
}
