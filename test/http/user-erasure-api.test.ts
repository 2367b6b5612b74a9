import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountApp, type Browser, dumpRows, startAccountApp } from '../accounts/account-app.js';

const ERIN = 'erin.erasable@example.org';

describe('erasing a dashboard user (DELETE /api/users/:id?erase=true, in-process)', () => {
  let a: AccountApp;
  let owner: Browser;
  let erin: Browser;

  const stored = async (): Promise<string> => JSON.stringify(await dumpRows(a.t.services.store));

  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner('olive@example.org');
    erin = await a.addUser('owner', ERIN);
    // Erin leaves a trail: a site, a privacy change, a public link, a token, a new password.
    const site = await erin.request('POST', '/api/sites', { domain: 'erin.example', timezone: 'UTC' });
    expect(site.statusCode, site.body).toBe(201);
    await erin.request('PATCH', '/api/sites/erin.example', { respectDnt: true });
    await erin.request('POST', '/api/sites/erin.example/public-links');
    await erin.request('POST', '/api/tokens', { name: 'erin laptop' });
    await owner.request('PATCH', `/api/users/${erin.user.id}`, { name: 'Erin E. Rasable' });
  });
  afterAll(() => a.close());

  it('keeps the email in the audit log after a plain deletion, but not after an erasure', async () => {
    expect(await stored()).toContain(ERIN);
    const plain = await a.addUser('viewer', 'plain@example.org');
    expect(
      (
        await plain.request('POST', '/api/auth/password', {
          current: 'another long passphrase',
          next: 'a brand new passphrase',
        })
      ).statusCode,
    ).toBe(204);
    expect((await owner.request('DELETE', `/api/users/${plain.user.id}`)).statusCode).toBe(204);
    expect(await stored()).toContain('plain@example.org');

    const erased = await owner.request('DELETE', `/api/users/${erin.user.id}?erase=true`);
    expect(erased.statusCode, erased.body).toBe(204);
    const rows = await stored();
    expect(rows).not.toContain(ERIN);
    expect(rows).not.toContain('Erin E. Rasable');
    expect(rows).not.toContain('A owner'); // the name addUser gave her
    expect((await erin.request('GET', '/api/sites')).statusCode).toBe(401);
  });

  it('keeps what she did, by "erased user", and records the erasure', async () => {
    const { items } = await a.t.services.store.listAuditEntries({ limit: 500, offset: 0 });
    const hers = items.filter((entry) => entry.actorId === erin.user.id);
    expect(hers.map((entry) => entry.action).sort()).toEqual([
      'public_link.create',
      'site.create',
      'site.privacy',
      'token.create',
    ]);
    expect(new Set(hers.map((entry) => entry.actorLabel))).toEqual(new Set(['erased user']));
    expect(items[0]).toMatchObject({
      action: 'user.erase',
      target: erin.user.id,
      actorLabel: 'olive@example.org',
    });
  });

  it('never erases the last owner, and answers 404 for an unknown user', async () => {
    const refused = await owner.request('DELETE', `/api/users/${owner.user.id}?erase=true`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'last_owner' });
    expect(await stored()).toContain('olive@example.org');
    const missing = await owner.request('DELETE', '/api/users/no-such-user?erase=true');
    expect(missing.statusCode).toBe(404);
  });

  it('relabels an owner who erases themselves, the erasure entry included', async () => {
    const other = await a.addUser('owner', 'other.owner@example.org');
    const self = await other.request('DELETE', `/api/users/${other.user.id}?erase=true`);
    expect(self.statusCode, self.body).toBe(204);
    expect(await stored()).not.toContain('other.owner@example.org');
    const { items } = await a.t.services.store.listAuditEntries({
      action: 'user.erase',
      limit: 1,
      offset: 0,
    });
    expect(items[0]).toMatchObject({ target: other.user.id, actorLabel: 'erased user' });
  });

  it('is for owners only', async () => {
    const editor = await a.addUser('editor', 'editor@example.org');
    const response = await editor.request('DELETE', `/api/users/${owner.user.id}?erase=true`);
    expect(response.statusCode).toBe(403);
  });
});
