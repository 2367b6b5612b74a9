import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountApp, OWNER_PASSWORD, startAccountApp } from './account-app.js';

/**
 * Issue 13, finding 14: passwords were checked for length only. NIST SP 800-63B §5.1.1.2 asks
 * that new passwords be compared with a list of common ones; every way a password is set refuses
 * them with 422 and the stable code `password_common`.
 */
describe('common passwords over HTTP', () => {
  let a: AccountApp;
  beforeAll(async () => {
    a = await startAccountApp();
  });
  afterAll(() => a.close());

  const expectCommon = (response: Awaited<ReturnType<AccountApp['inject']>>, field: string) => {
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'password_common', field, status: 422 });
  };

  it('refuses one at setup, for a new user and as a new password', async () => {
    const token = a.t.services.setup.issue();
    const setup = await a.inject('POST', '/api/auth/setup', {
      body: { token, email: 'owner@example.org', name: 'Olive Owner', password: 'Password123' },
    });
    expectCommon(setup, 'password');

    const owner = await a.setupOwner('owner@example.org', OWNER_PASSWORD);
    const user = await owner.request('POST', '/api/users', {
      email: 'viewer@example.org',
      name: 'Vi',
      role: 'viewer',
      password: 'qwertyuiop',
    });
    expectCommon(user, 'password');

    const change = await owner.request('POST', '/api/auth/password', {
      current: OWNER_PASSWORD,
      next: '1234567890',
    });
    expectCommon(change, 'next');
    // The current password still works: nothing was changed.
    expect(
      (
        await a.inject('POST', '/api/auth/login', {
          body: { email: 'owner@example.org', password: OWNER_PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });
});
