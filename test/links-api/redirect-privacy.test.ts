import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyMode } from '../../src/store/store.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Privacy settings on short links (issue #7, DESIGN.md §4): on a strict site, campaign parameters
 * added to a short URL decide nothing about the stored click, as for tracker events; a site that
 * honours Do Not Track and GPC records no click from a browser that sends them. A change through
 * the API applies to the next click at once (no database read per redirect).
 */
describe('a click on a short URL carrying campaign parameters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function clickWithCampaign(domain: string, mode: PrivacyMode) {
    const site = await t.services.sites.create({ domain, privacyMode: mode });
    const link = await t.services.links.create({ url: `https://${domain}/story`, site: domain });
    const response = await t.app.fastify.inject({
      method: 'GET',
      url: `/${link.slug}?utm_medium=email&utm_campaign=spring-letter`,
      headers: { 'user-agent': AGENTS.safariIphone },
    });
    expect(response.statusCode).toBe(302);
    await t.services.sink.flush();
    const [click] = await t.services.store.listEvents({ siteId: site.id, limit: 10 });
    return { site, link, click };
  }

  it('sets the stored source on an anonymous site', async () => {
    const { click } = await clickWithCampaign('open.example.org', 'anonymous');
    // An e-mail campaign: the classifier reads the medium from utm_medium.
    expect(click).toMatchObject({ type: 'click', medium: 'email', evidence: 'utm' });
  });

  it('is ignored on a strict site, and the mode set through the API applies to the next click', async () => {
    const { site, link, click } = await clickWithCampaign('strict.example.org', 'strict');
    expect(click?.type).toBe('click');
    expect(click?.evidence).not.toBe('utm');
    expect(click?.medium).not.toBe('email');

    const patched = await t.app.fastify.inject({
      method: 'PATCH',
      url: `/api/sites/${site.id}`,
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ privacyMode: 'anonymous' }),
    });
    expect(patched.statusCode).toBe(200);
    await t.app.fastify.inject({
      method: 'GET',
      url: `/${link.slug}?utm_medium=email`,
      headers: { 'user-agent': AGENTS.safariIphone },
    });
    await t.services.sink.flush();
    const [latest] = await t.services.store.listEvents({ siteId: site.id, limit: 1 });
    expect(latest).toMatchObject({ medium: 'email', evidence: 'utm' });
  });

  it('redirects a browser that sends DNT or GPC without recording it, on a site that honours them', async () => {
    const click = async (domain: string, headers: Record<string, string>) => {
      const site =
        (await t.services.sites.find(domain)) ??
        (await t.services.sites.create({ domain, respectDnt: true }));
      const link = await t.services.links.create({ url: `https://${domain}/story`, site: domain });
      const response = await t.app.fastify.inject({
        method: 'GET',
        url: `/${link.slug}`,
        headers: { 'user-agent': AGENTS.safariIphone, ...headers },
      });
      expect(response.statusCode).toBe(302);
      await t.services.sink.flush();
      return (await t.services.store.listEvents({ siteId: site.id, limit: 10 })).length;
    };
    expect(await click('dnt.example.org', { 'sec-gpc': '1' })).toBe(0);
    expect(await click('dnt.example.org', { dnt: '1' })).toBe(0);
    expect(await click('dnt.example.org', {})).toBe(1);
    // A site that does not honour the signals counts the click (open.example.org, made above).
    expect(await click('open.example.org', { dnt: '1' })).toBe(2);
  });
});
