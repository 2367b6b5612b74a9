import type { Session, Store, User } from '../store/store.js';
import { hashSecret, looksLikeSecret, randomSecret } from './secrets.js';

/** A session lives 30 days after its last use (sliding). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Its last use is written at most once a minute, not on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
/** 256 bits, base64url: the cookie's value. */
const SECRET_BYTES = 32;

export interface SignedIn {
  session: Session;
  user: User;
  /** The expiry moved forward on this request: the cookie should be sent again. */
  renewed: boolean;
}

/**
 * Sessions of the dashboard. The browser holds a random secret; the store holds its SHA-256 as
 * the session id, the user, a CSRF token and times — no address, no user agent.
 */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for the user; `secret` goes in the cookie and nowhere else. */
  async start(userId: string): Promise<{ secret: string; session: Session }> {
    const secret = randomSecret(SECRET_BYTES);
    const now = this.now();
    const session = await this.store.createSession({
      id: hashSecret(secret),
      userId,
      csrfToken: randomSecret(32),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
    });
    return { secret, session };
  }

  /** The live session a cookie's secret opens, with its user; an expired one is deleted. */
  async resolve(secret: string): Promise<SignedIn | undefined> {
    if (!looksLikeSecret(secret, SECRET_BYTES)) return undefined;
    const found = await this.store.getSessionByHash(hashSecret(secret));
    if (found === undefined) return undefined;
    const now = this.now();
    const { session, user } = found;
    if (Date.parse(session.expiresAt) <= now) {
      await this.store.deleteSession(session.id);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) < SESSION_TOUCH_INTERVAL_MS) {
      return { session, user, renewed: false };
    }
    const times = {
      lastSeenAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
    };
    await this.store.touchSession(session.id, times);
    return { session: { ...session, ...times }, user, renewed: true };
  }

  /** Signs out: the session behind this secret is deleted (nothing happens for an unknown one). */
  async end(secret: string): Promise<void> {
    if (looksLikeSecret(secret, SECRET_BYTES)) await this.store.deleteSession(hashSecret(secret));
  }

  /** Deletes sessions past their expiry; returns how many. */
  purgeExpired(): Promise<number> {
    return this.store.deleteExpiredSessions(new Date(this.now()).toISOString());
  }
}
