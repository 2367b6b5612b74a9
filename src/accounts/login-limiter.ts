import { createHmac, randomBytes } from 'node:crypto';
import { RateLimiter } from '../privacy/rate-limiter.js';

export interface LoginLimiterOptions {
  /** Attempts allowed per email and client in a window (default 5). */
  attempts?: number;
  /** The window, in ms (default 15 minutes): one attempt comes back every window / attempts. */
  windowMs?: number;
}

/**
 * Slows password guessing: `attempts` sign-in attempts per email address and client per window,
 * a token bucket (src/privacy/rate-limiter.ts) refilled one attempt every window / attempts.
 * The key is an HMAC, with a random key of this process, of the email and the client address:
 * neither is kept, in memory or anywhere else (DESIGN.md §4). Every attempt counts, right or
 * wrong, so the answer does not tell a good password from a bad one once the limit is reached.
 */
export class LoginLimiter {
  readonly #limiter: RateLimiter;
  readonly #key = randomBytes(32);
  /** How long until the next attempt is allowed, at most (the refill interval). */
  readonly retryAfterSeconds: number;

  constructor(options: LoginLimiterOptions = {}) {
    const attempts = options.attempts ?? 5;
    const windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.#limiter = new RateLimiter({ rate: (attempts * 1000) / windowMs, burst: attempts, maxKeys: 20_000 });
    this.retryAfterSeconds = Math.ceil(windowMs / attempts / 1000);
  }

  /** Takes one attempt for this email and client; false when none is left. */
  allow(email: string, clientAddress: string, now: number = Date.now()): boolean {
    const key = createHmac('sha256', this.#key)
      .update(email.trim().toLowerCase())
      .update('\0')
      .update(clientAddress)
      .digest('base64url');
    return this.#limiter.allow(key, now);
  }
}
