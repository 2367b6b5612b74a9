import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyMode } from '../../src/store/store.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Strict mode on short links (issue #7, DESIGN.md §4): campaign parameters added to a short URL
 * decide nothing about the stored click on a strict site, as for tracker events; a change of
 * mode through the API applies to the next click at once (no database read per redirect).
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
});
