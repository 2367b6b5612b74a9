import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkView } from '../../src/links/link-view.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('share kits through the API and the redirect (in-process)', () => {
  let t: TestApp;
  let kit: LinkView;

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.fastify.inject({
      method,
      url,
      headers: {
        authorization: t.auth,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const visit = (path: string, userAgent: string, method: 'GET' | 'HEAD' = 'GET') =>
    t.app.fastify.inject({ method, url: path, headers: { 'user-agent': userAgent } });
  const variant = (channel: string) => {
    const found = kit.variants.find((item) => item.channel === channel);
    if (!found) throw new Error(`no ${channel} variant`);
    return found;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const response = await api('POST', '/api/links', {
      url: 'https://news.example.org/2024/11/02/housing-plan-unveiled?ref=home#top',
      title: 'Housing plan unveiled: what changes for renters',
      description: 'Rents, deposits and the new "fair lease" rule, explained.',
      image: 'https://news.example.org/images/housing-og.jpg',
      channels: ['whatsapp', 'telegram', 'sms', 'email', 'messenger', 'linkedin', 'x', 'copy', 'qr'],
      utm: { utm_campaign: 'housing' },
      tags: ['politics', 'housing'],
    });
    expect(response.statusCode).toBe(201);
    kit = response.json();
  });
  afterAll(() => t.close());

  it('answers with one short URL and one ready-to-use share URL per channel', () => {
    expect(kit.shortUrl).toBe(`https://go.example.test/${kit.slug}`);
    expect(kit.variants.map((item) => item.channel)).toEqual([
      'whatsapp',
      'telegram',
      'sms',
      'email',
      'messenger',
      'linkedin',
      'x',
      'copy',
      'qr',
    ]);
    expect(new Set(kit.variants.map((item) => item.slug)).size).toBe(9);
    const whatsapp = variant('whatsapp');
    expect(whatsapp.shareUrl).toBe(
      `https://wa.me/?text=${encodeURIComponent(`Housing plan unveiled: what changes for renters ${whatsapp.shortUrl}`)}`,
    );
    expect(variant('telegram').shareUrl).toContain(
      `https://t.me/share/url?url=${encodeURIComponent(variant('telegram').shortUrl)}`,
    );
    expect(variant('sms').shareUrl).toMatch(/^sms:\?&body=/);
    expect(variant('email').shareUrl).toMatch(/^mailto:\?subject=Housing%20plan/);
    expect(variant('copy').shareUrl).toBeNull();
  });

  it('redirects a person on a variant to the target with the UTM template and the channel as utm_source', async () => {
    const response = await visit(`/${variant('whatsapp').slug}`, AGENTS.safariIphone);
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string);
    expect(location.pathname).toBe('/2024/11/02/housing-plan-unveiled');
    expect(location.searchParams.get('ref')).toBe('home');
    expect(location.searchParams.get('utm_source')).toBe('whatsapp');
    expect(location.searchParams.get('utm_medium')).toBe('messaging');
    expect(location.searchParams.get('utm_campaign')).toBe('housing');
    expect(location.hash).toBe('#top');
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('answers preview fetchers with an Open Graph page and records a share in that app', async () => {
    const response = await visit(`/${variant('whatsapp').slug}`, AGENTS.whatsappPreview);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain(
      '<meta property="og:title" content="Housing plan unveiled: what changes for renters"',
    );
    expect(response.body).toContain('&quot;fair lease&quot;');
    expect(response.body).toContain('og:image" content="https://news.example.org/images/housing-og.jpg"');
    expect(response.body).toContain('twitter:card');
    expect(response.body).toContain('http-equiv="refresh"');
    expect(response.body).toContain(`rel="canonical" href="${variant('whatsapp').shortUrl}"`);
    const imessage = await visit(`/${variant('sms').slug}`, AGENTS.imessagePreview);
    expect(imessage.statusCode).toBe(200);
    const telegram = await visit(`/${variant('telegram').slug}`, AGENTS.telegramPreview);
    expect(telegram.statusCode).toBe(200);
  });

  it('redirects bots without counting them as clicks, and never counts HEAD', async () => {
    const bot = await visit(`/${variant('telegram').slug}`, AGENTS.googlebot);
    expect(bot.statusCode).toBe(302);
    const head = await visit(`/${variant('telegram').slug}`, AGENTS.safariIphone, 'HEAD');
    expect(head.statusCode).toBe(302);
    const qr = await visit(`/${kit.slug}?qr`, AGENTS.chromeDesktop);
    expect(new URL(qr.headers.location as string).searchParams.get('utm_source')).toBe('qr');
  });

  it('keeps clicks, previews per app and bots apart in the stats', async () => {
    await t.services.sink.flush();
    const response = await api('GET', `/api/links/${kit.id}/stats`);
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    expect(stats.totals).toEqual({ clicks: 2, previews: 3, bots: 1 });
    const bySource = Object.fromEntries(stats.bySource.map((row: { source: string }) => [row.source, row]));
    expect(bySource.whatsapp).toMatchObject({ clicks: 1, previews: 1 });
    expect(bySource.imessage).toMatchObject({ previews: 1, clicks: 0 });
    expect(bySource.telegram).toMatchObject({ previews: 1 });
    expect(bySource.googlebot).toMatchObject({ bots: 1, clicks: 0 });
    expect(bySource.qr).toMatchObject({ clicks: 1 });
    const byVariant = Object.fromEntries(
      stats.byVariant.map((row: { variant: string }) => [row.variant, row]),
    );
    expect(byVariant.whatsapp).toMatchObject({ clicks: 1, previews: 1 });
    expect(byVariant.main).toMatchObject({ clicks: 1 });
    const darkSocial = stats.byChannel.find((row: { channel: string }) => row.channel === 'dark-social');
    expect(darkSocial).toMatchObject({ clicks: 2, previews: 3 });
  });

  it('serves QR codes that open the kit through its qr variant', async () => {
    const svg = await api('GET', `/api/links/${kit.id}/qr.svg?size=256&level=H`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    const png = await api('GET', `/api/links/${kit.id}/qr.png?size=300`);
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(png.rawPayload.readUInt32BE(16)).toBe(300);
    const bad = await api('GET', `/api/links/${kit.id}/qr.png?size=5`);
    expect(bad.statusCode).toBe(400);
  });
});

describe('link lifecycle: limits, expiry, disabling, deletion, 404 and 410', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, auth = true) =>
    t.app.fastify.inject({
      method,
      url,
      headers: {
        ...(auth ? { authorization: t.auth } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const visit = (path: string, headers: Record<string, string> = {}) =>
    t.app.fastify.inject({
      method: 'GET',
      url: path,
      headers: { 'user-agent': AGENTS.chromeDesktop, ...headers },
    });

  it('answers 410 after the click limit, when disabled, and 404 for an unknown slug (in French too)', async () => {
    const created = (
      await api('POST', '/api/links', {
        url: 'https://example.org/offer',
        slug: 'Spring-Offer',
        maxClicks: 2,
      })
    ).json();
    expect(created.slug).toBe('Spring-Offer');
    expect((await visit('/Spring-Offer')).statusCode).toBe(302);
    expect((await visit('/Spring-Offer')).statusCode).toBe(302);
    const third = await visit('/Spring-Offer');
    expect(third.statusCode).toBe(410);
    expect(third.body).toContain('expired');
    const other = (await api('POST', '/api/links', { url: 'https://example.org/b' })).json();
    expect((await api('PATCH', `/api/links/${other.id}`, { disabled: true })).json().disabled).toBe(true);
    expect((await visit(`/${other.slug}`, { 'accept-language': 'fr-FR,fr;q=0.9' })).body).toContain(
      'désactivé',
    );
    const missing = await visit('/no-such-slug', { 'accept-language': 'fr' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('existe pas');
  });

  it('rejects bad input with precise codes, and unauthenticated calls with 401', async () => {
    const cases: [unknown, number, string][] = [
      [{ url: 'javascript:alert(1)' }, 422, 'target_scheme'],
      [{ url: 'http://user:pw@example.org/' }, 422, 'target_credentials'],
      [{ url: 'http://127.0.0.1:8080/admin' }, 422, 'target_private_host'],
      [{ url: `https://example.org/${'a'.repeat(2100)}` }, 422, 'target_too_long'],
      [{ url: 'https://example.org/', slug: 'api' }, 422, 'slug_reserved'],
      [{ url: 'https://example.org/', slug: 'bad slug!' }, 422, 'slug_invalid'],
      [{ url: 'https://example.org/', channels: ['pigeon'] }, 422, 'channel_unknown'],
      [{ url: 'https://example.org/', expiresAt: '2001-01-01T00:00:00Z' }, 422, 'expires_in_past'],
      [{ url: 'https://example.org/', site: 'unknown.example' }, 422, 'site_unknown'],
      [{ url: 'https://example.org/', colour: 'red' }, 400, 'invalid_body'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await api('POST', '/api/links', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(response.json().code).toBe(code);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    await api('POST', '/api/links', { url: 'https://example.org/', slug: 'taken' });
    const taken = await api('POST', '/api/links', { url: 'https://example.org/', slug: 'taken' });
    expect(taken.json()).toMatchObject({ code: 'slug_taken', field: 'slug' });
    const anonymous = await api('GET', '/api/links', undefined, false);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    const wrong = await t.app.fastify.inject({
      method: 'GET',
      url: '/api/links',
      headers: { authorization: 'Bearer pn_wrong' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('lists with paging and tags, expires links, and deletes a kit with its variants', async () => {
    const tagged = (
      await api('POST', '/api/links', { url: 'https://example.org/t', tags: ['launch'], channels: ['sms'] })
    ).json();
    const listed = (await api('GET', '/api/links?tag=launch&limit=10')).json();
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([tagged.id]);
    expect(listed.total).toBe(1);
    const soon = (
      await api('POST', '/api/links', {
        url: 'https://example.org/s',
        expiresAt: new Date(Date.now() + 300).toISOString(),
      })
    ).json();
    expect((await visit(`/${soon.slug}`)).statusCode).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await visit(`/${soon.slug}`)).statusCode).toBe(410);
    expect((await api('DELETE', `/api/links/${tagged.id}`)).statusCode).toBe(204);
    expect((await visit(`/${tagged.variants[0].slug}`)).statusCode).toBe(404);
    expect((await api('GET', `/api/links/${tagged.id}`)).statusCode).toBe(404);
  });

  it('manages sites by id or domain, and sends unknown slugs to the fallback URL when set', async () => {
    const site = await api('POST', '/api/sites', {
      domain: 'https://WWW.News.Example.org/',
      timezone: 'Europe/Paris',
    });
    expect(site.statusCode).toBe(201);
    expect(site.json()).toMatchObject({ domain: 'news.example.org', timezone: 'Europe/Paris' });
    expect((await api('POST', '/api/sites', { domain: 'news.example.org' })).json().code).toBe(
      'domain_taken',
    );
    expect((await api('POST', '/api/sites', { domain: 'not a domain' })).json().code).toBe('domain_invalid');
    expect(
      (await api('PATCH', '/api/sites/news.example.org', { timezone: 'Mars/Olympus' })).json().code,
    ).toBe('timezone_invalid');
    const link = (
      await api('POST', '/api/links', { url: 'https://news.example.org/a', site: 'news.example.org' })
    ).json();
    expect(link.siteId).toBe(site.json().id);
    const [defaultSite] = (await api('GET', '/api/sites')).json().items;
    await api('PATCH', `/api/sites/${defaultSite.id}`, { fallbackUrl: 'https://example.org/lost' });
    const lost = await visit('/nothing-here');
    expect(lost.statusCode).toBe(302);
    expect(lost.headers.location).toBe('https://example.org/lost');
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await t.app.fastify.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/links',
        '/api/links/{id}',
        '/api/links/{id}/stats',
        '/api/sites',
        '/api/classify',
      ]),
    );
    expect(document.paths['/{slug}']).toBeUndefined();
    expect(document.components.schemas.Link).toBeDefined();
  });
});
