import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/accounts/login-limiter.js';
import {
  SESSION_TOUCH_INTERVAL_MS,
  SESSION_TTL_MS,
  SessionService,
} from '../../src/accounts/session-service.js';
import { SetupToken } from '../../src/accounts/setup-token.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

describe('SessionService', () => {
  let store: SqliteStore;
  let clock = Date.UTC(2026, 5, 1, 8);
  const sessions = () => new SessionService(store, () => clock);

  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
    await store.createUser({
      id: 'u1',
      email: 'a@example.org',
      name: 'A',
      role: 'viewer',
      passwordHash: 'scrypt$x',
    });
    clock = Date.UTC(2026, 5, 1, 8);
  });
  afterEach(() => store.close());

  it('stores only the SHA-256 of the secret, with a CSRF token, and no address or agent', async () => {
    const { secret, session } = await sessions().start('u1');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    expect(session.expiresAt).toBe(new Date(clock + SESSION_TTL_MS).toISOString());
    const dump = JSON.stringify(await store.dumpRows());
    expect(dump).not.toContain(secret);
    expect(Object.keys((await store.dumpRows()).sessions?.[0] as object)).toEqual([
      'id',
      'user_id',
      'csrf_token',
      'created_at',
      'expires_at',
      'last_seen_at',
    ]);
  });

  it('slides the expiry, writing the last use at most once a minute', async () => {
    const { secret, session } = await sessions().start('u1');
    clock += SESSION_TOUCH_INTERVAL_MS - 1;
    expect(await sessions().resolve(secret)).toMatchObject({ renewed: false, session });
    clock += 1;
    const renewed = await sessions().resolve(secret);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.session.expiresAt).toBe(new Date(clock + SESSION_TTL_MS).toISOString());
    expect((await store.getSessionByHash(session.id))?.session.lastSeenAt).toBe(
      new Date(clock).toISOString(),
    );
    // Used every 29 days, it never expires.
    for (let month = 0; month < 3; month++) {
      clock += 29 * 86_400_000;
      expect(await sessions().resolve(secret)).toBeDefined();
    }
  });

  it('ends a session unused for 30 days, and purges expired ones', async () => {
    const { secret } = await sessions().start('u1');
    const other = await sessions().start('u1');
    clock += SESSION_TTL_MS;
    expect(await sessions().resolve(secret)).toBeUndefined();
    expect(await sessions().purgeExpired()).toBe(1);
    expect(await sessions().resolve(other.secret)).toBeUndefined();
  });

  it('refuses malformed secrets without a store read, and signs out', async () => {
    expect(await sessions().resolve('')).toBeUndefined();
    expect(await sessions().resolve('not a secret')).toBeUndefined();
    const { secret } = await sessions().start('u1');
    await sessions().end(secret);
    expect(await sessions().resolve(secret)).toBeUndefined();
  });
});

describe('LoginLimiter', () => {
  it('allows 5 attempts per email and client per 15 minutes, one more every 3 minutes', () => {
    const limiter = new LoginLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.allow('a@example.org', '203.0.113.5', t0)).toBe(true);
    expect(limiter.allow('A@Example.org ', '203.0.113.5', t0)).toBe(false);
    expect(limiter.allow('a@example.org', '203.0.113.6', t0)).toBe(true);
    expect(limiter.allow('b@example.org', '203.0.113.5', t0)).toBe(true);
    expect(limiter.retryAfterSeconds).toBe(180);
    expect(limiter.allow('a@example.org', '203.0.113.5', t0 + 179_000)).toBe(false);
    expect(limiter.allow('a@example.org', '203.0.113.5', t0 + 180_000)).toBe(true);
  });
});

describe('SetupToken', () => {
  it('matches only the token it issued, until revoked; a new issue replaces the old', () => {
    const setup = new SetupToken();
    expect(setup.active).toBe(false);
    expect(setup.matches('')).toBe(false);
    const first = setup.issue();
    expect(setup.matches(first)).toBe(true);
    expect(setup.matches(`${first}x`)).toBe(false);
    const second = setup.issue();
    expect(setup.matches(first)).toBe(false);
    expect(setup.matches(second)).toBe(true);
    setup.revoke();
    expect(setup.active).toBe(false);
    expect(setup.matches(second)).toBe(false);
  });
});
