import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountApp, type Browser, startAccountApp } from '../accounts/account-app.js';

interface Entry {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string | null; label: string };
  action: string;
  siteId: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

describe('the audit log of administrative actions (in-process)', () => {
  let a: AccountApp;
  let owner: Browser;
  let editor: Browser;
  let viewer: Browser;
  let siteId: string;

  const audit = async (query = ''): Promise<{ items: Entry[]; total: number }> => {
    const response = await owner.request('GET', `/api/audit${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner('olive@example.org');
    editor = await a.addUser('editor', 'eddie@example.org');
    viewer = await a.addUser('viewer', 'vera@example.org');
    const created = await editor.request('POST', '/api/sites', {
      domain: 'audited.example',
      timezone: 'UTC',
    });
    expect(created.statusCode, created.body).toBe(201);
    siteId = created.json().id;
  });
  afterAll(() => a.close());

  it('records the first owner, the users the token added, and the site an editor created', async () => {
    const { items } = await audit();
    const creations = items.filter((entry) => entry.action === 'user.create');
    expect(creations.map((entry) => entry.actor.label).sort()).toEqual(['olive@example.org', 'test', 'test']);
    expect(creations.find((entry) => entry.actor.kind === 'token')?.details).toEqual({
      role: expect.any(String),
      allSites: true,
      sites: [],
    });
    expect(items.find((entry) => entry.action === 'site.create')).toMatchObject({
      actor: { kind: 'user', id: editor.user.id, label: 'eddie@example.org' },
      siteId,
      details: {
        domain: 'audited.example',
        privacyMode: 'anonymous',
        respectDnt: false,
        retentionMonths: 25,
      },
    });
  });

  it('records a change of privacy settings with the values before and after, apart from other changes', async () => {
    const patched = await editor.request('PATCH', `/api/sites/${siteId}`, {
      privacyMode: 'strict',
      retentionMonths: 13,
      name: 'Audited',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const privacy = await audit(`?site=audited.example&action=site.privacy`);
    expect(privacy.total).toBe(1);
    expect(privacy.items[0]).toMatchObject({
      actor: { kind: 'user', label: 'eddie@example.org' },
      siteId,
      details: {
        before: { privacyMode: 'anonymous', retentionMonths: 25 },
        after: { privacyMode: 'strict', retentionMonths: 13 },
      },
    });
    expect(Object.keys(privacy.items[0]?.details.after as object)).not.toContain('respectDnt');
    const update = await audit(`?site=${siteId}&action=site.update`);
    expect(update.items[0]?.details).toEqual({
      before: { name: 'audited.example' },
      after: { name: 'Audited' },
    });
  });

  it('records tokens by name and never their secret', async () => {
    const created = await owner.request('POST', '/api/tokens', { name: 'ci deploy' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json() as { id: string; secret: string };
    expect((await owner.request('DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    const { items } = await audit();
    const [deleted, made] = items.filter((entry) => entry.target === id);
    expect(made).toMatchObject({ action: 'token.create', details: { name: 'ci deploy' } });
    expect(deleted).toMatchObject({ action: 'token.delete', actor: { label: 'olive@example.org' } });
    const stored = JSON.stringify(await a.t.services.store.listAuditEntries({ limit: 500, offset: 0 }));
    expect(stored).not.toContain(secret);
  });

  it('records public links, role changes, user deletions and site deletions, by whoever made them', async () => {
    const link = await editor.request('POST', `/api/sites/${siteId}/public-links`);
    expect(link.statusCode, link.body).toBe(201);
    const { id: linkId, token } = link.json() as { id: string; token: string };
    expect((await editor.request('DELETE', `/api/sites/${siteId}/public-links/${linkId}`)).statusCode).toBe(
      204,
    );
    const promote = await a.inject('PATCH', `/api/users/${viewer.user.id}`, {
      authorization: a.t.auth,
      body: { role: 'editor', name: 'Vera' },
    });
    expect(promote.statusCode, promote.body).toBe(200);
    const removed = await a.addUser('viewer', 'temp@example.org');
    expect((await owner.request('DELETE', `/api/users/${removed.user.id}`)).statusCode).toBe(204);
    expect((await owner.request('DELETE', `/api/sites/${siteId}`)).statusCode).toBe(204);

    const { items } = await audit(`?limit=500`);
    const byAction = (action: string) => items.filter((entry) => entry.action === action);
    expect(byAction('public_link.create')[0]).toMatchObject({ siteId, target: linkId });
    expect(byAction('public_link.revoke')[0]).toMatchObject({
      siteId,
      target: linkId,
      actor: { label: 'eddie@example.org' },
    });
    expect(byAction('user.update')[0]).toMatchObject({
      actor: { kind: 'token', label: 'test' },
      target: viewer.user.id,
      details: { before: { role: 'viewer' }, after: { role: 'editor' }, changed: ['name'] },
    });
    expect(byAction('user.delete')[0]).toMatchObject({
      target: removed.user.id,
      details: { role: 'viewer' },
    });
    expect(byAction('site.delete')[0]).toMatchObject({ siteId, details: { domain: 'audited.example' } });
    expect(JSON.stringify(items)).not.toContain(token);
    // The trail outlives the site: still found by its id.
    expect((await audit(`?site=${siteId}`)).total).toBeGreaterThanOrEqual(5);
  });

  it('lists newest first and pages with limit and offset', async () => {
    const all = await audit('?limit=500');
    const times = all.items.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const page = await audit('?limit=2&offset=1');
    expect(page.total).toBe(all.total);
    expect(page.items.map((entry) => entry.id)).toEqual(all.items.slice(1, 3).map((entry) => entry.id));
  });

  it('is for owners only, and refuses an unknown action', async () => {
    expect((await editor.request('GET', '/api/audit')).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/audit')).statusCode).toBe(403);
    expect((await a.inject('GET', '/api/audit')).statusCode).toBe(401);
    const bad = await owner.request('GET', '/api/audit?action=site.explode');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_query' });
  });
});
