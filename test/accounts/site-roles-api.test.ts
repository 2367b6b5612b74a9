import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountApp, type Browser, startAccountApp, USER_PASSWORD } from './account-app.js';

/**
 * Site roles through the users API (issue 13, finding 15; docs/access.md): given by domain or
 * id, raising an installation-wide role or confining a user, never an owner's; what the user can
 * then do, signed in.
 */
describe('roles on chosen sites, through /api/users (in-process)', () => {
  let a: AccountApp;
  let owner: Browser;
  const sites: Record<'news' | 'blog', { id: string; linkId: string }> = {} as never;

  beforeAll(async () => {
    a = await startAccountApp();
    owner = await a.setupOwner();
    for (const name of ['news', 'blog'] as const) {
      const site = await a.t.services.sites.create({ domain: `${name}.example.org` });
      const link = await a.t.services.links.create({ url: `https://${name}.example.org/a`, site: site.id });
      sites[name] = { id: site.id, linkId: link.id };
    }
  });
  afterAll(() => a.close());

  it('raises a viewer everywhere to editor on one site, by domain', async () => {
    const created = await owner.request('POST', '/api/users', {
      email: 'mixed@example.org',
      name: 'Mixed',
      role: 'viewer',
      password: USER_PASSWORD,
      sites: [{ site: 'blog.example.org', role: 'editor' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      role: 'viewer',
      allSites: true,
      sites: [{ siteId: sites.blog.id, role: 'editor' }],
    });
    const mixed = await a.signIn('mixed@example.org', USER_PASSWORD);
    const onBlog = await mixed.request('PATCH', `/api/links/${sites.blog.linkId}`, { title: 'Mine' });
    expect(onBlog.statusCode).toBe(200);
    // Visible but not theirs to change: 403, not 404.
    const onNews = await mixed.request('PATCH', `/api/links/${sites.news.linkId}`, { title: 'No' });
    expect([onNews.statusCode, onNews.json().code]).toEqual([403, 'forbidden']);
    expect((await mixed.request('GET', `/api/links/${sites.news.linkId}`)).statusCode).toBe(200);
    expect((await mixed.request('GET', '/api/users')).statusCode).toBe(403);
  });

  it('confines a user later, and frees them again, recording each change', async () => {
    const created = await owner.request('POST', '/api/users', {
      email: 'later@example.org',
      name: 'Later',
      role: 'editor',
      password: USER_PASSWORD,
    });
    const id = created.json().id as string;
    const later = await a.signIn('later@example.org', USER_PASSWORD);
    expect((await later.request('GET', `/api/sites/${sites.news.id}`)).statusCode).toBe(200);

    const confined = await owner.request('PATCH', `/api/users/${id}`, {
      allSites: false,
      sites: [{ site: sites.blog.id, role: 'viewer' }],
    });
    expect(confined.statusCode, confined.body).toBe(200);
    expect(confined.json()).toMatchObject({
      allSites: false,
      sites: [{ siteId: sites.blog.id, role: 'viewer' }],
    });
    // The same session: the next request already sees only the blog, and only to read it.
    expect((await later.request('GET', `/api/sites/${sites.news.id}`)).statusCode).toBe(404);
    expect((await later.request('GET', `/api/sites/${sites.blog.id}`)).statusCode).toBe(200);
    expect((await later.request('PATCH', `/api/links/${sites.blog.linkId}`, { title: 'x' })).statusCode).toBe(
      403,
    );
    const listed = await later.request('GET', '/api/sites');
    expect(listed.json().items.map((site: { domain: string }) => site.domain)).toEqual(['blog.example.org']);

    expect((await owner.request('PATCH', `/api/users/${id}`, { allSites: true })).statusCode).toBe(200);
    expect((await later.request('GET', `/api/sites/${sites.news.id}`)).statusCode).toBe(200);

    const audit = await owner.request('GET', '/api/audit?action=user.update');
    const details = audit.json().items.map((entry: { details: unknown }) => entry.details);
    expect(details).toContainEqual({
      before: { role: 'editor', allSites: true },
      after: { role: 'editor', allSites: false },
      sites: [{ siteId: sites.blog.id, role: 'viewer' }],
    });
  });

  it('refuses to confine an owner, an owner role on a site, and an unknown site', async () => {
    const owned = await owner.request('POST', '/api/users', {
      email: 'o2@example.org',
      name: 'Second owner',
      role: 'owner',
      password: USER_PASSWORD,
      allSites: false,
    });
    expect([owned.statusCode, owned.json().code, owned.json().field]).toEqual([
      422,
      'owner_everywhere',
      'allSites',
    ]);
    const siteOwner = await owner.request('POST', '/api/users', {
      email: 'o3@example.org',
      name: 'Site owner',
      role: 'viewer',
      password: USER_PASSWORD,
      sites: [{ site: 'news.example.org', role: 'owner' }],
    });
    expect(siteOwner.statusCode).toBe(400);
    const unknown = await owner.request('POST', '/api/users', {
      email: 'o4@example.org',
      name: 'Nowhere',
      role: 'viewer',
      password: USER_PASSWORD,
      sites: [{ site: 'nowhere.example.org', role: 'viewer' }],
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'site_unknown']);
    const emails = (await owner.request('GET', '/api/users'))
      .json()
      .map((user: { email: string }) => user.email);
    expect(emails).not.toContain('o2@example.org');
    expect(emails).not.toContain('o4@example.org');
    // Demoting the only owner by confining them is refused too.
    const self = await owner.request('PATCH', `/api/users/${owner.user.id}`, { allSites: false });
    expect(self.json().code).toBe('owner_everywhere');
  });
});
