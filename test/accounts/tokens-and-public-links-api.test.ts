import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateLogSerializers } from '../../src/http/app.js';
import type { NewEvent } from '../../src/store/store.js';
import { type AccountApp, type Browser, dumpRows, startAccountApp } from './account-app.js';

describe('API tokens from the dashboard', () => {
  let a: AccountApp;
  let owner: Browser;
  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner();
  });
  afterAll(() => a.close());

  it('creates a token shown once, which then works as a Bearer token until deleted', async () => {
    const created = await owner.request('POST', '/api/tokens', { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const { id, name, createdAt, secret } = created.json();
    expect({ name, secret }).toMatchObject({ name: 'ci', secret: expect.stringMatching(/^pn_/) });
    expect(createdAt).toEqual(expect.any(String));

    const listed = await owner.request('GET', '/api/tokens');
    // Without scopes or sites: admin on every site, as tokens were before they had scopes.
    expect(listed.json()).toContainEqual({ id, name: 'ci', scopes: ['admin'], sites: null, createdAt });
    expect(listed.body).not.toContain(secret);

    const bearer = { authorization: `Bearer ${secret}` };
    const site = await a.inject('POST', '/api/sites', { ...bearer, body: { domain: 'token.example.org' } });
    expect(site.statusCode).toBe(201);

    const taken = await owner.request('POST', '/api/tokens', { name: 'ci' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'name_taken' });

    expect((await owner.request('DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await owner.request('DELETE', `/api/tokens/${id}`)).statusCode).toBe(404);
    expect((await a.inject('GET', '/api/sites', bearer)).statusCode).toBe(401);
  });
});

describe('public read-only dashboard links', () => {
  let a: AccountApp;
  let editor: Browser;
  let viewer: Browser;
  let token = '';
  let linkId = '';
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const question = { metrics: ['visits', 'pageviews'], dimensions: ['source'], date_range: '7d' };

  const pageviews = (siteId: string, source: string, count: number): NewEvent[] =>
    Array.from({ length: count }, (_, i) => ({
      siteId,
      linkId: null,
      type: 'pageview',
      kind: 'human',
      channel: 'dark-social',
      medium: 'messaging',
      source,
      evidence: 'in-app-browser',
      confidence: 'certain',
      occurredAt: Date.parse(`${day}T12:00:00Z`) + i * 60_000,
      path: `/story/${i}`,
      visitorHash: `${source}-${i}`,
      generation: 0,
    }));

  beforeAll(async () => {
    a = await startAccountApp();
    await a.setupOwner();
    editor = await a.addUser('editor', 'editor@example.org');
    viewer = await a.addUser('viewer', 'viewer@example.org');
    const shared = await a.t.services.sites.create({
      domain: 'shared.example.org',
      name: 'Shared',
      timezone: 'UTC',
    });
    const secret = await a.t.services.sites.create({ domain: 'secret.example.org', timezone: 'UTC' });
    await a.t.services.store.insertEvents([
      ...pageviews(shared.id, 'whatsapp', 3),
      ...pageviews(secret.id, 'telegram', 5),
    ]);
    const created = await editor.request('POST', '/api/sites/shared.example.org/public-links');
    expect(created.statusCode).toBe(201);
    ({ token, id: linkId } = created.json());
    expect(created.json()).toMatchObject({
      siteId: shared.id,
      url: `https://go.example.test/share/${token}`,
      revokedAt: null,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
  afterAll(() => a.close());

  it('lists the links of a site without their tokens, for owners and editors only', async () => {
    const listed = await editor.request('GET', '/api/sites/shared.example.org/public-links');
    expect(listed.json()).toEqual([
      { id: linkId, siteId: expect.any(String), createdAt: expect.any(String), revokedAt: null },
    ]);
    expect(listed.body).not.toContain(token);
    expect((await viewer.request('GET', '/api/sites/shared.example.org/public-links')).statusCode).toBe(403);
    expect((await editor.request('GET', '/api/sites/nowhere.example.org/public-links')).statusCode).toBe(404);
    expect(JSON.stringify(await dumpRows(a.t.services.store))).not.toContain(token);
  });

  it("names the link's site", async () => {
    const response = await a.inject('GET', `/api/public/${token}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({
      site: { domain: 'shared.example.org', name: 'Shared', timezone: 'UTC' },
    });
  });

  it('answers stats questions like /api/stats/query, for its own site only', async () => {
    const direct = await a.inject('POST', '/api/stats/query', {
      authorization: a.t.auth,
      body: { ...question, site: 'shared.example.org' },
    });
    const open = await a.inject('POST', `/api/public/${token}/stats/query`, { body: question });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toStrictEqual(direct.json());
    expect(open.json().results).toEqual([{ dimensions: ['whatsapp'], metrics: [3, 3] }]);

    // Asking about another site gets the link's site anyway.
    const sneaky = await a.inject('POST', `/api/public/${token}/stats/query`, {
      body: { ...question, site: 'secret.example.org' },
    });
    expect(sneaky.json().results).toEqual([{ dimensions: ['whatsapp'], metrics: [3, 3] }]);
    expect(JSON.stringify(sneaky.json())).not.toContain('telegram');

    const csv = await a.inject('POST', `/api/public/${token}/stats/query`, {
      body: question,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('whatsapp');

    const invalid = await a.inject('POST', `/api/public/${token}/stats/query`, {
      body: { metrics: ['nope'] },
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('answers the dark-social report like /api/stats/dark-social, for its own site only', async () => {
    const direct = await a.inject('GET', '/api/stats/dark-social?site=shared.example.org&date_range=7d', {
      authorization: a.t.auth,
    });
    const open = await a.inject(
      'GET',
      `/api/public/${token}/stats/dark-social?date_range=7d&site=secret.example.org`,
    );
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toStrictEqual(direct.json());
  });

  it('gives nothing else: no management API with the token, 404 for an unknown token', async () => {
    expect((await a.inject('GET', '/api/sites', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    for (const unknown of ['A'.repeat(32), 'short', token.slice(1)]) {
      const response = await a.inject('GET', `/api/public/${unknown}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('keeps its token out of the logs', () => {
    const logged = (url: string) => privateLogSerializers.req({ method: 'GET', url }).path;
    expect(logged(`/api/public/${token}/stats/query?x=1`)).toBe('/api/public/:token/stats/query');
    expect(logged(`/share/${token}`)).toBe('/share/:token');
    expect(logged('/api/sites/shared.example.org')).toBe('/api/sites/shared.example.org');
  });

  it('answers 404 once revoked, which needs an owner or an editor', async () => {
    const byViewer = await viewer.request('DELETE', `/api/sites/shared.example.org/public-links/${linkId}`);
    expect(byViewer.statusCode).toBe(403);
    const wrongSite = await editor.request('DELETE', `/api/sites/secret.example.org/public-links/${linkId}`);
    expect(wrongSite.statusCode).toBe(404);
    const revoked = await editor.request('DELETE', `/api/sites/shared.example.org/public-links/${linkId}`);
    expect(revoked.statusCode).toBe(204);
    for (const [method, url] of [
      ['GET', `/api/public/${token}`],
      ['GET', `/api/public/${token}/stats/dark-social`],
      ['POST', `/api/public/${token}/stats/query`],
    ] as const) {
      const response = await a.inject(method, url, method === 'POST' ? { body: question } : {});
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
    const listed = await editor.request('GET', '/api/sites/shared.example.org/public-links');
    expect(listed.json()[0].revokedAt).toEqual(expect.any(String));
  });
});
