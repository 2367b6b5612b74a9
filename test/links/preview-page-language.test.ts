import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The Open Graph page a chat app's fetcher gets for a short link was always lang="en" (issue 16).
 * It takes the target's language when its URL says it (/fr/…, a .fr host), else the site's
 * (a French time zone or a .fr domain is French).
 */
describe('preview pages in the link’s or the site’s language', () => {
  let test: TestApp;

  const previewOf = async (site: string, url: string) => {
    const link = await test.services.links.create({ url, site, title: 'Une histoire' });
    const response = await test.app.fastify.inject({
      url: `/${link.slug}`,
      headers: { 'user-agent': AGENTS.whatsappPreview },
    });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    test = await startTestApp();
    await test.services.sites.create({ domain: 'journal.example.org', timezone: 'Europe/Paris' });
    await test.services.sites.create({ domain: 'news.example.org', timezone: 'UTC' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('is French for a site in a French time zone', async () => {
    const html = await previewOf('journal.example.org', 'https://journal.example.org/politique/article');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Continuer vers');
  });

  it("follows the target's own language before the site's", async () => {
    expect(await previewOf('news.example.org', 'https://news.example.org/fr/article')).toContain(
      '<html lang="fr">',
    );
    expect(await previewOf('journal.example.org', 'https://journal.example.org/en/story')).toContain(
      '<html lang="en">',
    );
  });

  it('stays English for an English site', async () => {
    const html = await previewOf('news.example.org', 'https://news.example.org/world/story');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Continue to');
  });

  it('follows a change of the site at once', async () => {
    const site = await test.services.sites.find('news.example.org');
    await test.services.sites.update(site?.id ?? '', { timezone: 'Europe/Paris' });
    expect(await previewOf('news.example.org', 'https://news.example.org/world/other')).toContain(
      '<html lang="fr">',
    );
  });
});
