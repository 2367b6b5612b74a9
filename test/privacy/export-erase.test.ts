import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LinkCache } from '../../src/links/link-cache.js';
import type { LinkView } from '../../src/links/link-view.js';
import type { SchemaCatalog } from '../../src/store/schema-catalog.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * Export then erasure of a link, a campaign (share kit) and a tag through the HTTP API (issue
 * #7, GDPR Art. 15, 17, 20), on traffic recorded through the real redirect and tracker paths.
 * After each erasure every table is scanned for the target's ids, slugs, tags and URLs.
 */

const SITE = 'news.example.org';
const ORIGIN = `https://${SITE}`;

interface Target {
  name: string;
  kits: LinkView[];
  /** Strings that must be gone from every table once the target is erased. */
  traces: string[];
}

describe('export and erasure of a link, a campaign, a tag and a site (HTTP)', () => {
  let t: TestApp;
  const targets = new Map<string, Target>();

  const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.fastify.inject({
      method,
      url,
      headers: {
        authorization: t.auth,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const visit = (slug: string, userAgent: string) =>
    t.app.fastify.inject({ method: 'GET', url: `/${slug}`, headers: { 'user-agent': userAgent } });
  const pageview = (path: string, userAgent: string) =>
    t.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': userAgent },
      payload: JSON.stringify({
        s: SITE,
        t: 'pageview',
        u: `${ORIGIN}${path}`,
        r: 'https://web.whatsapp.com/',
      }),
    });
  const makeKit = async (body: Record<string, unknown>): Promise<LinkView> => {
    const response = await api('POST', '/api/links', { site: SITE, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const slugsOf = (kit: LinkView) => [kit.slug, ...kit.variants.map((variant) => variant.slug)];
  const idsOf = (kit: LinkView) => [kit.id, ...kit.variants.map((variant) => variant.id)];
  const dump = () => (t.services.store as unknown as SchemaCatalog).dumpRows();
  const totals = async () => {
    const response = await api('POST', '/api/stats/query', {
      site: SITE,
      metrics: ['clicks', 'previews', 'bots', 'pageviews'],
      date_range: '7d',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results[0].metrics as number[];
  };
  /** Every string of the target is absent from every table. */
  const expectGone = async (target: Target) => {
    const text = JSON.stringify(await dump());
    for (const trace of target.traces) expect(text, `${target.name}: ${trace}`).not.toContain(trace);
  };

  beforeAll(async () => {
    t = await startTestApp({ PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    await t.services.sites.create({ domain: SITE, timezone: 'Europe/Paris' });
    const campaign = await makeKit({
      url: `${ORIGIN}/kit-story-x1`,
      title: '=HYPERLINK("https://evil.example")',
      channels: ['whatsapp', 'sms'],
      tags: ['housing-2026'],
    });
    const link = await makeKit({ url: `${ORIGIN}/single-story-x2`, tags: ['autumn-x2'] });
    const tagged = [
      await makeKit({ url: `${ORIGIN}/promo-story-x3`, tags: ['promo-x3'] }),
      await makeKit({ url: `${ORIGIN}/promo-story-x4`, tags: ['promo-x3', 'extra-x4'], channels: ['sms'] }),
    ];
    const kept = await makeKit({ url: `${ORIGIN}/kept-story`, tags: ['kept'], channels: ['whatsapp'] });
    targets.set('campaign', {
      name: 'campaign',
      kits: [campaign],
      traces: [
        ...idsOf(campaign),
        ...slugsOf(campaign).map((slug) => `"${slug}"`),
        'kit-story-x1',
        'housing-2026',
      ],
    });
    targets.set('link', {
      name: 'link',
      kits: [link],
      traces: [...idsOf(link), `"${link.slug}"`, 'single-story-x2', 'autumn-x2'],
    });
    targets.set('tag', {
      name: 'tag',
      kits: tagged,
      traces: [
        ...tagged.flatMap(idsOf),
        ...tagged.flatMap(slugsOf).map((slug) => `"${slug}"`),
        'promo-x3',
        'extra-x4',
        'promo-story-x',
      ],
    });
    targets.set('kept', { name: 'kept', kits: [kept], traces: [] });

    const [whatsapp, sms] = campaign.variants;
    const hits: [string | undefined, string, number][] = [
      [whatsapp?.slug, AGENTS.safariIphone, 3],
      [whatsapp?.slug, AGENTS.whatsappPreview, 2],
      [sms?.slug, AGENTS.safariIphone, 2],
      [campaign.slug, AGENTS.curl, 1],
      [link.slug, AGENTS.chromeDesktop, 2],
      [tagged[0]?.slug, AGENTS.safariIphone, 1],
      [tagged[1]?.variants[0]?.slug, AGENTS.safariIphone, 2],
      [kept.slug, AGENTS.safariIphone, 3],
      [kept.variants[0]?.slug, AGENTS.whatsappPreview, 1],
    ];
    for (const [slug, agent, times] of hits) {
      for (let i = 0; i < times; i++) expect((await visit(slug ?? '', agent)).statusCode).toBeLessThan(400);
    }
    for (const path of ['/kept-story', '/a/front', '/b/second']) {
      expect((await pageview(path, AGENTS.safariIphone)).statusCode).toBe(200);
    }
    await t.services.sink.flush();
  });
  afterAll(() => t.close());

  it('exports a campaign as JSON: its kit, its events, its link rollups, nothing of other targets', async () => {
    const { kits } = targets.get('campaign') as Target;
    const kit = kits[0] as LinkView;
    // Any link of the kit names the whole kit.
    const response = await api('GET', `/api/sites/${SITE}/export?campaign=${kit.variants[1]?.slug}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="penumbra-news.example.org-campaign.json"',
    );
    const body = response.json();
    expect(body.scope).toEqual({ kind: 'campaign', site: body.site.id, link: kit.id, links: idsOf(kit) });
    expect(body.site).toMatchObject({ domain: SITE, timezone: 'Europe/Paris' });
    expect(body.links.map((link: { id: string }) => link.id).sort()).toEqual(idsOf(kit).sort());
    expect(body.events).toHaveLength(8);
    expect(new Set(body.events.map((event: { linkId: string }) => event.linkId))).toEqual(
      new Set(idsOf(kit)),
    );
    expect(Object.keys(body.rollups)).toEqual(['rollup_links', 'rollup_links_monthly']);
    expect(body.rollups.rollup_links.reduce((sum: number, row: { hits: number }) => sum + row.hits, 0)).toBe(
      8,
    );
    const text = response.body;
    for (const other of ['link', 'tag', 'kept']) {
      for (const otherKit of (targets.get(other) as Target).kits) {
        for (const id of idsOf(otherKit)) expect(text).not.toContain(id);
      }
    }
    expect(body.publicLinks).toBeUndefined();
  });

  it('exports one table as CSV, defused against formula injection, and says which tables there are', async () => {
    const kit = (targets.get('campaign') as Target).kits[0] as LinkView;
    const links = await api('GET', `/api/sites/${SITE}/export?campaign=${kit.id}&format=csv&table=links`);
    expect(links.statusCode).toBe(200);
    expect(links.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(links.headers['content-disposition']).toContain('campaign-links.csv');
    const lines = links.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,site_id,parent_id,channel,slug,url,title,description,image,utm,tags,expires_at,max_clicks,disabled,created_at,updated_at',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(lines[1]).toContain('"[""housing-2026""]"');
    const events = await api('GET', `/api/sites/${SITE}/export?campaign=${kit.id}&format=csv&table=events`);
    expect(events.body.split('\r\n')[0]).toMatch(/^id,site_id,link_id,type,.*,dedupe_key$/);
    expect(events.body.trimEnd().split('\r\n')).toHaveLength(9);

    const missing = await api('GET', `/api/sites/${SITE}/export?campaign=${kit.id}&format=csv`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'table_required',
      detail: expect.stringContaining('links, events, rollup_links, rollup_links_monthly'),
    });
    const wrong = await api('GET', `/api/sites/${SITE}/export?campaign=${kit.id}&format=csv&table=users`);
    expect(wrong.json()).toMatchObject({ status: 400, code: 'table_unknown' });
  });

  it('refuses unknown sites, links and tags (404) and two targets at once (400)', async () => {
    const link = (targets.get('link') as Target).kits[0] as LinkView;
    const cases: [string, 'GET' | 'POST', unknown, number, string][] = [
      ['/api/sites/nope.example/export', 'GET', undefined, 404, 'site_unknown'],
      [`/api/sites/${SITE}/export?link=nope`, 'GET', undefined, 404, 'link_unknown'],
      [`/api/sites/${SITE}/export?tag=nope`, 'GET', undefined, 404, 'tag_unknown'],
      [`/api/sites/${SITE}/export?link=${link.id}&tag=autumn-x2`, 'GET', undefined, 400, 'target_ambiguous'],
      [`/api/sites/${SITE}/erase`, 'POST', { link: link.id, campaign: link.id }, 400, 'target_ambiguous'],
      [`/api/sites/${SITE}/erase`, 'POST', { link: 'nope' }, 404, 'link_unknown'],
      [`/api/sites/${SITE}/erase`, 'POST', { user: 'x' }, 400, 'invalid_body'],
      // The whole site is erased by an explicit `{}`, never by a request without a body.
      [`/api/sites/${SITE}/erase`, 'POST', undefined, 400, 'invalid_body'],
    ];
    for (const [url, method, body, status, code] of cases) {
      const response = await api(method, url, body);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code, url).toBe(code);
    }
    // A link of another site is unknown to this one.
    await t.services.sites.create({ domain: 'other.example.org' });
    const elsewhere = await api('GET', `/api/sites/other.example.org/export?link=${link.id}`);
    expect(elsewhere.json()).toMatchObject({ status: 404, code: 'link_unknown' });
  });

  it('erases a campaign with rollups: dry run first, then nothing of it left in any table', async () => {
    const target = targets.get('campaign') as Target;
    const kit = target.kits[0] as LinkView;
    const before = await dump();
    const [clicks, previews, bots, pageviews] = await totals();
    const dryRun = await api('POST', `/api/sites/${SITE}/erase`, {
      campaign: kit.id,
      rollups: true,
      dryRun: true,
    });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    expect(dryRun.json()).toMatchObject({
      dryRun: true,
      rollups: true,
      target: { kind: 'campaign', link: kit.id },
      counts: { links: 3, events: 8 },
      adjusted: expect.arrayContaining(['rollup_daily', 'rollup_pages']),
    });
    expect(await dump()).toEqual(before);

    const erased = await api('POST', `/api/sites/${SITE}/erase`, { campaign: kit.id, rollups: true });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ dryRun: false, counts: dryRun.json().counts });
    await expectGone(target);
    // The erased slugs stop redirecting at once; the site's reports no longer count the kit.
    expect((await visit(kit.variants[0]?.slug ?? '', AGENTS.safariIphone)).statusCode).toBe(404);
    expect(await totals()).toEqual([(clicks ?? 0) - 5, (previews ?? 0) - 2, (bots ?? 0) - 1, pageviews]);
    // The audit log says an erasure happened, by whom and how much, not what was erased.
    const audit = (await t.services.store.listAuditEntries({ action: 'data.erase', limit: 10, offset: 0 }))
      .items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'token', target: 'campaign', details: { rollups: true } });
  });

  it('erases a link by slug without rollups: the site-level counts stay, its rows go', async () => {
    const target = targets.get('link') as Target;
    const link = target.kits[0] as LinkView;
    const kept = (targets.get('kept') as Target).kits[0] as LinkView;
    const before = await totals();
    // Another process's redirect cache: it learns of the erasure from a record naming no link.
    const elsewhere = new LinkCache(t.services.store, { pollMs: 10 });
    await elsewhere.start();
    expect(elsewhere.get(link.slug)?.id).toBe(link.id);
    const erased = await api('POST', `/api/sites/${SITE}/erase`, { link: link.slug });
    expect(erased.json()).toMatchObject({ rollups: false, counts: { links: 1, events: 2 }, adjusted: [] });
    await expectGone(target);
    expect(await totals()).toEqual(before);
    await vi.waitFor(() => expect(elsewhere.get(link.slug)).toBeUndefined());
    expect(elsewhere.get(kept.slug)?.id).toBe(kept.id);
    elsewhere.stop();
  });

  it('exports then erases a tag: its links and their variants, the other links untouched', async () => {
    const target = targets.get('tag') as Target;
    const exported = (await api('GET', `/api/sites/${SITE}/export?tag=promo-x3`)).json();
    expect(exported.scope).toMatchObject({ kind: 'tag', tag: 'promo-x3' });
    expect(exported.links.map((link: { id: string }) => link.id).sort()).toEqual(
      target.kits.flatMap(idsOf).sort(),
    );
    expect(exported.events).toHaveLength(3);
    const kept = (targets.get('kept') as Target).kits[0] as LinkView;
    const keptStats = (await api('GET', `/api/links/${kept.id}/stats`)).json();

    const erased = await api('POST', `/api/sites/${SITE}/erase`, { tag: 'promo-x3', rollups: true });
    expect(erased.json()).toMatchObject({ counts: { links: 3, events: 3 } });
    await expectGone(target);
    expect((await api('GET', `/api/links/${kept.id}/stats`)).json()).toEqual(keptStats);
    expect((await visit(kept.slug, AGENTS.safariIphone)).statusCode).toBe(302);
    expect((await api('GET', `/api/sites/${SITE}/export?tag=promo-x3`)).statusCode).toBe(404);
  });

  it('exports a whole site without secrets, then erases it: nothing of it left but an audit trail that names nothing', async () => {
    // Created over the API, so the audit log quotes its domain in a `site.create` entry.
    const created = await api('POST', '/api/sites', { domain: 'gone.example.org' });
    expect(created.statusCode).toBe(201);
    const site = created.json() as { id: string; domain: string };
    const kit = await makeKit({
      site: site.domain,
      url: 'https://gone.example.org/gone-story',
      channels: ['sms'],
    });
    await visit(kit.variants[0]?.slug ?? '', AGENTS.safariIphone);
    await t.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: {
        'content-type': 'text/plain',
        origin: 'https://gone.example.org',
        'user-agent': AGENTS.safariIphone,
      },
      payload: JSON.stringify({ s: site.domain, t: 'pageview', u: 'https://gone.example.org/gone-page' }),
    });
    await t.services.sink.flush();
    const shared = await api('POST', `/api/sites/${site.id}/public-links`);
    expect(shared.statusCode).toBe(201);

    const exported = await api('GET', `/api/sites/${site.domain}/export`);
    const body = exported.json();
    expect(body.scope).toEqual({ kind: 'site', site: site.id });
    expect(body.events).toHaveLength(2);
    expect(body.links).toHaveLength(2);
    expect(body.publicLinks).toEqual([expect.objectContaining({ id: shared.json().id, siteId: site.id })]);
    expect(Object.keys(body.rollups)).toEqual(expect.arrayContaining(['rollup_hourly', 'visitor_days']));
    expect(exported.body).not.toContain('tokenHash');
    const [hash] =
      (await dump()).public_links?.map((row) => (row as { token_hash: string }).token_hash) ?? [];
    expect(exported.body).not.toContain(hash);

    const erased = await api('POST', `/api/sites/${site.id}/erase`, {});
    expect(erased.json()).toMatchObject({
      target: { kind: 'site' },
      counts: { sites: 1, links: 2, events: 2, public_links: 1 },
    });
    const { audit_log: audit, ...tables } = await dump();
    const text = JSON.stringify(tables);
    for (const trace of [
      site.id,
      site.domain,
      ...idsOf(kit),
      ...slugsOf(kit).map((s) => `"${s}"`),
      'gone-page',
    ]) {
      expect(text).not.toContain(trace);
    }
    // The audit trail keeps who did what, and when, under the site's random id: nothing it quoted
    // (the domain of `site.create`) stays.
    const auditText = JSON.stringify(audit);
    expect(auditText).toContain('"data.erase"');
    expect(auditText).toContain('"site.create"');
    for (const trace of [site.domain, ...idsOf(kit), ...slugsOf(kit).map((s) => `"${s}"`), 'gone-page']) {
      expect(auditText).not.toContain(trace);
    }
    expect((await api('GET', `/api/sites/${site.id}`)).statusCode).toBe(404);
  });
});
