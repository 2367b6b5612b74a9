import {
  type ClientLimit,
  ClientLimiter,
  clientBucketKey,
  newBucketSecret,
} from '../privacy/client-limiter.js';
import { RateLimiter } from '../privacy/rate-limiter.js';

export interface LoginLimiterOptions {
  /** Attempts allowed per email and client in a window (default 5). */
  attempts?: number;
  /** Attempts allowed per client in a window, whatever the emails (default 20). */
  clientAttempts?: number;
  /** The window, in ms (default 15 minutes): one attempt comes back every window / attempts. */
  windowMs?: number;
}

/**
 * Slows password guessing with two token buckets (src/privacy/rate-limiter.ts), each refilled
 * one attempt every window / attempts:
 * - `attempts` per email address and client: guessing one account's password;
 * - `clientAttempts` per client, whatever the emails: a client sending random addresses made
 *   the server hash passwords without limit and slowed every real sign-in from 0.19 s to 4.2 s
 *   (issue 13, finding 11).
 * The keys are keyed hashes, with a secret of this process, of the email and the client address
 * (client-limiter.ts): neither is kept, in memory or anywhere else (DESIGN.md §4). Every attempt counts, right or
 * wrong, so the answer does not tell a good password from a bad one once the limit is reached.
 */
export class LoginLimiter {
  readonly #perAccount: RateLimiter;
  readonly #perClient: ClientLimiter;
  readonly #secret = newBucketSecret();
  /** How long until the next attempt for one email and client is allowed, at most. */
  readonly retryAfterSeconds: number;

  constructor(options: LoginLimiterOptions = {}) {
    const attempts = options.attempts ?? 5;
    const clientAttempts = options.clientAttempts ?? 20;
    const windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.#perAccount = new RateLimiter({
      rate: (attempts * 1000) / windowMs,
      burst: attempts,
      maxKeys: 20_000,
    });
    this.#perClient = new ClientLimiter({
      rate: (clientAttempts * 1000) / windowMs,
      burst: clientAttempts,
      maxKeys: 20_000,
    });
    this.retryAfterSeconds = Math.ceil(windowMs / attempts / 1000);
  }

  /** Takes one attempt for this email and client, or says how long to wait. */
  take(email: string, clientAddress: string, now: number = Date.now()): ClientLimit {
    const client = this.#perClient.take(clientAddress, 1, now);
    if (!client.allowed) return client;
    // The email cannot hold a NUL (it is validated as an address), so the parts cannot shift.
    const account = clientBucketKey(this.#secret, `${email.trim().toLowerCase()}\0${clientAddress}`);
    if (!this.#perAccount.allow(account, now)) {
      return { allowed: false, retryAfterSeconds: this.retryAfterSeconds };
    }
    return { allowed: true };
  }

  /** Takes one attempt for this email and client; false when none is left. */
  allow(email: string, clientAddress: string, now: number = Date.now()): boolean {
    return this.take(email, clientAddress, now).allowed;
  }
}
