import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/accounts/secrets.js';
import { type AccountApp, dumpRows, OWNER_PASSWORD, sessionCookie, startAccountApp } from './account-app.js';

describe('setup, sign-in and sign-out (in-process)', () => {
  let a: AccountApp;
  beforeEach(async () => {
    a = await startAccountApp();
  });
  afterEach(() => a.close());

  it('says setup is required on a fresh store, and who is signed in afterwards', async () => {
    const fresh = await a.inject('GET', '/api/auth/state');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toStrictEqual({ setupRequired: true, user: null, csrfToken: null });
    expect(fresh.headers['cache-control']).toBe('no-store');

    const owner = await a.setupOwner('Olive@Example.org');
    expect(owner.user).toMatchObject({ email: 'olive@example.org', name: 'Olive Owner', role: 'owner' });
    expect(owner.user).not.toHaveProperty('passwordHash');
    expect(owner.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const anonymous = await a.inject('GET', '/api/auth/state');
    expect(anonymous.json()).toStrictEqual({ setupRequired: false, user: null, csrfToken: null });
    const signedIn = await owner.request('GET', '/api/auth/state');
    // The state also says the user's roles on chosen sites (docs/access.md): none for the owner.
    expect(signedIn.json()).toStrictEqual({
      setupRequired: false,
      user: { ...owner.user, sites: [] },
      csrfToken: owner.csrfToken,
    });
  });

  it('accepts the setup token once, then refuses setup (403 for a wrong token, 409 once done)', async () => {
    const token = a.t.services.setup.issue();
    const body = (overrides: Record<string, string> = {}) => ({
      body: { token, email: 'o@example.org', name: 'Olive', password: OWNER_PASSWORD, ...overrides },
    });
    const wrong = await a.inject('POST', '/api/auth/setup', body({ token: 'not-the-token' }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'setup_token_invalid' });
    expect(wrong.headers['content-type']).toContain('application/problem+json');

    const weak = await a.inject('POST', '/api/auth/setup', body({ password: 'short' }));
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'password_too_short', field: 'password' });
    const badEmail = await a.inject('POST', '/api/auth/setup', body({ email: 'not an email' }));
    expect(badEmail.json()).toMatchObject({ code: 'email_invalid', field: 'email' });

    const done = await a.inject('POST', '/api/auth/setup', body());
    expect(done.statusCode).toBe(201);
    expect(done.json().user).toMatchObject({ email: 'o@example.org', role: 'owner' });
    expect(a.t.services.setup.active).toBe(false);

    const again = await a.inject('POST', '/api/auth/setup', body({ email: 'x@example.org' }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'setup_done' });
    expect(await a.t.services.store.countUsers()).toBe(1);
  });

  it('runs two setups at once into one owner', async () => {
    const token = a.t.services.setup.issue();
    const attempt = (email: string) =>
      a.inject('POST', '/api/auth/setup', { body: { token, email, name: 'O', password: OWNER_PASSWORD } });
    const statuses = (await Promise.all([attempt('a@example.org'), attempt('b@example.org')])).map(
      (response) => response.statusCode,
    );
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await a.t.services.store.countUsers('owner')).toBe(1);
  });

  it('signs in, answers 401 invalid_credentials alike for a wrong password and an unknown email', async () => {
    await a.setupOwner('owner@example.org');
    const login = await a.inject('POST', '/api/auth/login', {
      body: { email: ' OWNER@example.org ', password: OWNER_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ user: { email: 'owner@example.org', role: 'owner' } });
    expect(login.headers['cache-control']).toBe('no-store');

    const wrong = await a.inject('POST', '/api/auth/login', {
      body: { email: 'owner@example.org', password: 'not the password' },
    });
    const unknown = await a.inject('POST', '/api/auth/login', {
      body: { email: 'nobody@example.org', password: 'not the password' },
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json()).toStrictEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('takes as long to refuse an unknown email as a wrong password (a dummy hash is checked)', async () => {
    await a.setupOwner('owner@example.org');
    const time = async (email: string) => {
      const started = performance.now();
      await a.inject('POST', '/api/auth/login', { body: { email, password: 'wrong password!' } });
      return performance.now() - started;
    };
    const known = Math.min(await time('owner@example.org'), await time('owner@example.org'));
    const unknown = Math.min(await time('nobody1@example.org'), await time('nobody2@example.org'));
    // Both run one scrypt of N = 2^15 (tens of ms); without the dummy, unknown would be ~1 ms.
    expect(unknown).toBeGreaterThan(known / 3);
  });

  it('refuses the 6th attempt in a row for an email with 429 and Retry-After, whatever the password', async () => {
    await a.setupOwner('owner@example.org');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await a.inject('POST', '/api/auth/login', {
        body: { email: 'owner@example.org', password: `guess number ${attempt}` },
      });
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
    }
    const limited = await a.inject('POST', '/api/auth/login', {
      body: { email: 'Owner@example.org', password: OWNER_PASSWORD },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client address is another bucket.
    const otherClient = await a.inject('POST', '/api/auth/login', {
      body: { email: 'owner@example.org', password: OWNER_PASSWORD },
      remoteAddress: '198.51.100.9',
    });
    expect(otherClient.statusCode).toBe(200);
  });

  it('signs out: the session is deleted and the cookie cleared; CSRF is required with a live session', async () => {
    const owner = await a.setupOwner();
    const noCsrf = await owner.request('POST', '/api/auth/logout', undefined, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'csrf_failed' });

    const out = await owner.request('POST', '/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toMatch(/^penumbra_session=; .*Max-Age=0/);
    expect((await dumpRows(a.t.services.store)).sessions).toEqual([]);
    const after = await owner.request('GET', '/api/links');
    expect(after.statusCode).toBe(401);
    expect(after.headers['set-cookie']).toMatch(/Max-Age=0/);
    // Signing out without a session is fine too.
    expect((await a.inject('POST', '/api/auth/logout')).statusCode).toBe(204);
  });

  it('changes the password: other sessions end, this one stays, the old password stops working', async () => {
    const owner = await a.setupOwner();
    const laptop = await a.signIn('owner@example.org', OWNER_PASSWORD);
    const next = 'a brand new passphrase';

    const wrong = await owner.request('POST', '/api/auth/password', { current: 'wrong one!', next });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_password' });
    const weak = await owner.request('POST', '/api/auth/password', {
      current: OWNER_PASSWORD,
      next: 'short',
    });
    expect(weak.json()).toMatchObject({ code: 'password_too_short', field: 'next' });
    const noCsrf = await owner.request(
      'POST',
      '/api/auth/password',
      { current: OWNER_PASSWORD, next },
      { csrf: false },
    );
    expect(noCsrf.json()).toMatchObject({ code: 'csrf_failed' });

    const changed = await owner.request('POST', '/api/auth/password', { current: OWNER_PASSWORD, next });
    expect(changed.statusCode).toBe(204);
    expect((await laptop.request('GET', '/api/sites')).statusCode).toBe(401);
    expect((await owner.request('GET', '/api/sites')).statusCode).toBe(200);
    // Password attempts count against the sign-in limit: sign in again from elsewhere.
    const elsewhere = { remoteAddress: '192.0.2.44' };
    const old = await a.inject('POST', '/api/auth/login', {
      body: { email: 'owner@example.org', password: OWNER_PASSWORD },
      ...elsewhere,
    });
    expect(old.statusCode).toBe(401);
    const fresh = await a.inject('POST', '/api/auth/login', {
      body: { email: 'owner@example.org', password: next },
      ...elsewhere,
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('refuses a password change with an API token: a token has no password', async () => {
    await a.setupOwner();
    const response = await a.inject('POST', '/api/auth/password', {
      authorization: a.t.auth,
      body: { current: OWNER_PASSWORD, next: 'whatever it may be' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
  });

  it('sends the cookie again when the session slides forward (at most once a minute)', async () => {
    const owner = await a.setupOwner();
    const fresh = await owner.request('GET', '/api/sites');
    expect(fresh.headers['set-cookie']).toBeUndefined();
    const id = hashSecret(owner.cookie.slice('penumbra_session='.length));
    const before = await a.t.services.store.getSessionByHash(id);
    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
    await a.t.services.store.touchSession(id, {
      lastSeenAt: twoMinutesAgo,
      expiresAt: before?.session.expiresAt ?? '',
    });
    const renewed = await owner.request('GET', '/api/sites');
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers['set-cookie']).toBe(
      `${owner.cookie}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=2592000`,
    );
    const after = await a.t.services.store.getSessionByHash(id);
    expect((after?.session.lastSeenAt ?? '') > twoMinutesAgo).toBe(true);
    expect((after?.session.expiresAt ?? '') >= (before?.session.expiresAt ?? '')).toBe(true);
  });

  it('keeps no address and no user agent of whoever signs in', async () => {
    const address = '203.0.113.201';
    const agent = 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/4242.1717';
    await a.setupOwner();
    for (const password of ['wrong password!', OWNER_PASSWORD]) {
      await a.inject('POST', '/api/auth/login', {
        body: { email: 'owner@example.org', password },
        remoteAddress: address,
        headers: { 'user-agent': agent },
      });
    }
    const dump = JSON.stringify(await dumpRows(a.t.services.store));
    expect(dump).toContain('owner@example.org');
    for (const needle of [address, '203.0.113', agent, '4242.1717']) expect(dump).not.toContain(needle);
  });

  it('ignores a forged or stale cookie (401, cookie cleared) and replaces the session on a new sign-in', async () => {
    const owner = await a.setupOwner();
    const forged = await a.inject('GET', '/api/sites', { cookie: `penumbra_session=${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'unauthorized' });
    expect(forged.headers['set-cookie']).toMatch(/Max-Age=0/);

    const again = await a.inject('POST', '/api/auth/login', {
      cookie: owner.cookie,
      body: { email: 'owner@example.org', password: OWNER_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    expect(sessionCookie(again)).not.toBe(owner.cookie);
    expect((await owner.request('GET', '/api/sites')).statusCode).toBe(401);
    expect((await dumpRows(a.t.services.store)).sessions).toHaveLength(1);
  });
});
