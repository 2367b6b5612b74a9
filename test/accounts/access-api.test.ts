import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountApp, type Browser, startAccountApp } from './account-app.js';

describe('authentication and roles on the management API (in-process)', () => {
  let a: AccountApp;
  let owner: Browser;
  let editor: Browser;
  let viewer: Browser;
  const link = { url: 'https://news.example.org/story' };

  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner();
    editor = await a.addUser('editor', 'editor@example.org');
    viewer = await a.addUser('viewer', 'viewer@example.org');
    await a.t.services.sites.create({ domain: 'news.example.org', timezone: 'UTC' });
  });
  afterAll(() => a.close());

  it('refuses a state-changing request made with the cookie but without X-CSRF-Token', async () => {
    for (const csrf of [undefined, 'wrong-token', editor.csrfToken]) {
      const response = await a.inject('POST', '/api/links', {
        cookie: owner.cookie,
        ...(csrf === undefined ? {} : { csrf }),
        body: link,
      });
      expect(response.statusCode, String(csrf)).toBe(403);
      expect(response.json()).toMatchObject({ code: 'csrf_failed' });
    }
    const patch = await owner.request(
      'PATCH',
      '/api/sites/news.example.org',
      { name: 'News' },
      { csrf: false },
    );
    expect(patch.json()).toMatchObject({ code: 'csrf_failed' });
    const remove = await owner.request('DELETE', '/api/links/nope', undefined, { csrf: false });
    expect(remove.json()).toMatchObject({ code: 'csrf_failed' });
  });

  it('accepts it with the session’s CSRF token', async () => {
    const created = await owner.request('POST', '/api/links', link);
    expect(created.statusCode, created.body).toBe(201);
    const patched = await owner.request('PATCH', `/api/links/${created.json().id}`, { title: 'A title' });
    expect(patched.statusCode).toBe(200);
  });

  it('needs no CSRF token for reads, nor for the stats query', async () => {
    expect((await owner.request('GET', '/api/links', undefined, { csrf: false })).statusCode).toBe(200);
    const query = await viewer.request(
      'POST',
      '/api/stats/query',
      { site: 'news.example.org', metrics: ['visits'], date_range: '7d' },
      { csrf: false },
    );
    expect(query.statusCode, query.body).toBe(200);
    const withToken = await viewer.request('POST', '/api/stats/query', {
      site: 'news.example.org',
      metrics: ['visits'],
      date_range: '7d',
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('keeps Bearer tokens working as before: an owner, no CSRF token needed', async () => {
    const created = await a.inject('POST', '/api/links', { authorization: a.t.auth, body: link });
    expect(created.statusCode).toBe(201);
    const removed = await a.inject('DELETE', `/api/links/${created.json().id}`, { authorization: a.t.auth });
    expect(removed.statusCode).toBe(204);
    expect((await a.inject('GET', '/api/users', { authorization: a.t.auth })).statusCode).toBe(200);
    // A wrong token is refused even next to a valid cookie: the header is taken at its word.
    const wrong = await a.inject('GET', '/api/links', {
      authorization: 'Bearer pn_wrong',
      cookie: owner.cookie,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('Bearer');
  });

  it('lets a viewer read and ask stats questions, and nothing more', async () => {
    expect((await viewer.request('GET', '/api/links')).statusCode).toBe(200);
    expect((await viewer.request('GET', '/api/sites')).statusCode).toBe(200);
    expect((await viewer.request('GET', '/api/stats/dark-social?site=news.example.org')).statusCode).toBe(
      200,
    );
    const refused: [string, string, unknown][] = [
      ['POST', '/api/links', link],
      ['POST', '/api/sites', { domain: 'other.example.org' }],
      ['PATCH', '/api/sites/news.example.org', { name: 'Mine' }],
      ['POST', '/api/sites/news.example.org/public-links', undefined],
      ['GET', '/api/users', undefined],
      ['GET', '/api/tokens', undefined],
    ];
    for (const [method, url, body] of refused) {
      const response = await viewer.request(method as 'POST', url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
  });

  it('lets an editor write links, sites and public links, but not delete a site or manage users', async () => {
    const created = await editor.request('POST', '/api/links', link);
    expect(created.statusCode).toBe(201);
    expect(
      (await editor.request('PATCH', `/api/links/${created.json().id}`, { disabled: true })).statusCode,
    ).toBe(200);
    const site = await editor.request('POST', '/api/sites', { domain: 'editor.example.org' });
    expect(site.statusCode).toBe(201);
    expect((await editor.request('PATCH', '/api/sites/editor.example.org', { name: 'Ed' })).statusCode).toBe(
      200,
    );
    expect((await editor.request('POST', '/api/sites/editor.example.org/public-links')).statusCode).toBe(201);

    const deleteSite = await editor.request('DELETE', '/api/sites/editor.example.org');
    expect(deleteSite.statusCode).toBe(403);
    expect(deleteSite.json()).toMatchObject({ code: 'forbidden' });
    expect(await a.t.services.sites.find('editor.example.org')).toBeDefined();
    expect((await editor.request('DELETE', `/api/links/${created.json().id}`)).statusCode).toBe(403);
    expect((await editor.request('GET', '/api/users')).statusCode).toBe(403);
    expect((await editor.request('POST', '/api/tokens', { name: 'mine' })).statusCode).toBe(403);

    expect((await owner.request('DELETE', '/api/sites/editor.example.org')).statusCode).toBe(204);
  });

  it('lets an editor tighten a site’s privacy settings but only an owner loosen them', async () => {
    await a.t.services.sites.create({
      domain: 'careful.example.org',
      timezone: 'UTC',
      privacyMode: 'strict',
      retentionMonths: 6,
      respectDnt: true,
    });
    const loosenings: [string, Record<string, unknown>][] = [
      ['privacyMode', { privacyMode: 'anonymous' }],
      ['retentionMonths', { retentionMonths: 12 }],
      ['respectDnt', { respectDnt: false }],
      ['queryParams', { queryParams: ['email'] }],
    ];
    for (const [field, body] of loosenings) {
      const refused = await editor.request('PATCH', '/api/sites/careful.example.org', body);
      expect(refused.statusCode, field).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'privacy_owner_only', field });
    }
    const unchanged = await a.t.services.sites.find('careful.example.org');
    expect(unchanged).toMatchObject({
      privacyMode: 'strict',
      retentionMonths: 6,
      respectDnt: true,
      queryParams: [],
    });

    const tightened = await editor.request('PATCH', '/api/sites/careful.example.org', { retentionMonths: 3 });
    expect(tightened.statusCode, tightened.body).toBe(200);
    const loosened = await owner.request('PATCH', '/api/sites/careful.example.org', {
      privacyMode: 'anonymous',
      retentionMonths: 12,
    });
    expect(loosened.json()).toMatchObject({ privacyMode: 'anonymous', retentionMonths: 12 });
    expect(
      (await editor.request('PATCH', '/api/sites/careful.example.org', { privacyMode: 'strict' })).statusCode,
    ).toBe(200);
  });

  it('applies a role change at once, to sessions already open', async () => {
    const temp = await a.addUser('viewer', 'temp@example.org');
    expect((await temp.request('POST', '/api/links', link)).statusCode).toBe(403);
    const promoted = await owner.request('PATCH', `/api/users/${temp.user.id}`, { role: 'editor' });
    expect(promoted.json()).toMatchObject({ role: 'editor' });
    expect((await temp.request('POST', '/api/links', link)).statusCode).toBe(201);
    expect((await owner.request('DELETE', `/api/users/${temp.user.id}`)).statusCode).toBe(204);
    expect((await temp.request('GET', '/api/links')).statusCode).toBe(401);
  });

  it('documents the new routes and the session scheme in the OpenAPI document', async () => {
    const doc = (await a.inject('GET', '/api/openapi.json')).json();
    expect(doc.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'penumbra_session',
    });
    for (const path of [
      '/api/auth/state',
      '/api/auth/login',
      '/api/users/{id}',
      '/api/tokens',
      '/api/sites/{id}/public-links',
      '/api/public/{token}/stats/query',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
  });

  it('answers 401 without any credentials, with the Bearer challenge', async () => {
    for (const url of [
      '/api/links',
      '/api/sites',
      '/api/users',
      '/api/tokens',
      '/api/stats/dark-social?site=x',
    ]) {
      const response = await a.inject('GET', url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthorized' });
      expect(response.headers['www-authenticate']).toContain('Bearer');
    }
  });
});

describe('users, managed by the owner', () => {
  let a: AccountApp;
  let owner: Browser;
  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner();
  });
  afterAll(() => a.close());

  it('lists, adds, renames and removes users, never showing a password hash', async () => {
    const added = await owner.request('POST', '/api/users', {
      email: 'New.Person@Example.org',
      name: '  New Person ',
      role: 'viewer',
      password: 'a long enough password',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toStrictEqual({
      id: expect.any(String),
      email: 'new.person@example.org',
      name: 'New Person',
      role: 'viewer',
      allSites: true,
      sites: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const taken = await owner.request('POST', '/api/users', {
      email: 'new.person@example.org',
      name: 'Again',
      role: 'viewer',
      password: 'a long enough password',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'email_taken', field: 'email' });
    const badRole = await owner.request('POST', '/api/users', {
      email: 'x@example.org',
      name: 'X',
      role: 'admin',
      password: 'a long enough password',
    });
    expect(badRole.statusCode).toBe(400);

    const list = await owner.request('GET', '/api/users');
    expect(list.json().map((user: { email: string }) => user.email)).toEqual([
      'owner@example.org',
      'new.person@example.org',
    ]);
    expect(list.body).not.toContain('scrypt');

    const id = added.json().id;
    const renamed = await owner.request('PATCH', `/api/users/${id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', role: 'viewer' });
    expect((await owner.request('PATCH', '/api/users/nobody', { name: 'x' })).statusCode).toBe(404);
    expect((await owner.request('DELETE', `/api/users/${id}`)).statusCode).toBe(204);
    expect((await owner.request('DELETE', `/api/users/${id}`)).statusCode).toBe(404);
  });

  it('never leaves the instance without an owner', async () => {
    const self = owner.user.id;
    const demote = await owner.request('PATCH', `/api/users/${self}`, { role: 'editor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'last_owner' });
    const remove = await owner.request('DELETE', `/api/users/${self}`);
    expect(remove.statusCode).toBe(409);
    expect(remove.json()).toMatchObject({ code: 'last_owner' });

    // With a second owner, either may go — but not both.
    const second = await owner.request('POST', '/api/users', {
      email: 'second@example.org',
      name: 'Second',
      role: 'owner',
      password: 'a long enough password',
    });
    const secondId = second.json().id;
    const both = await Promise.all([
      owner.request('PATCH', `/api/users/${self}`, { role: 'viewer' }),
      owner.request('DELETE', `/api/users/${secondId}`),
    ]);
    // Whichever runs first succeeds (200 or 204), the other finds the last owner.
    expect(both.filter((response) => response.statusCode < 300)).toHaveLength(1);
    expect(
      both.filter((response) => response.statusCode === 409 && response.json().code === 'last_owner'),
    ).toHaveLength(1);
    expect(await a.t.services.store.countUsers('owner')).toBe(1);
  });
});
