import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** `GET /opt-out` (issue #7): the public page that lets a visitor object to a site's measurement. */
describe('GET /opt-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.services.sites.create({
      domain: 'news.example.org',
      extraOrigins: ['https://amp.news-cdn.example.net'],
    });
    await t.services.sites.create({ domain: 'strict.example.org', privacyMode: 'strict', respectDnt: true });
  });
  afterAll(() => t.close());

  const get = (query: string, headers: Record<string, string> = {}) =>
    t.app.fastify.inject({ method: 'GET', url: `/opt-out?${query}`, headers });
  /** The links' targets, unescaped as a browser would read them. */
  const links = (html: string) => {
    const href = (id: string) =>
      new RegExp(`<a id="${id}" href="([^"]*)"`)
        .exec(html)?.[1]
        ?.replaceAll('&amp;', '&')
        .replaceAll('&#39;', "'");
    return { optOut: href('opt-out'), optIn: href('opt-in') };
  };

  it('explains the measurement and links back to the site with the opt-out fragment, and no opt-in link', async () => {
    const response = await get('site=news.example.org');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('No cookie is set');
    expect(response.body).toContain('names a share, never a person'); // the anonymous mode's paragraph
    expect(response.body).not.toContain('Do Not Track');
    expect(links(response.body)).toEqual({
      optOut: 'https://news.example.org/#penumbra-opt-out',
      optIn: undefined,
    });
    // Opting back in is the visitor's own act (clearing the site's data), never a link.
    expect(response.body).not.toContain('penumbra-opt-in');
    expect(response.body).toContain('no link can undo your choice for you');
    expect(response.body).not.toMatch(/<script|<style|style=/);
  });

  it('speaks French from Accept-Language or ?lang, weighing q-values', async () => {
    const french = await get('site=news.example.org', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' });
    expect(french.body).toContain('<html lang="fr">');
    expect(french.body).toContain('Refuser la mesure d’audience');
    expect(french.body).toContain('Aucun cookie n’est déposé');
    expect(french.headers.vary).toContain('accept-language');
    const weighed = await get('site=news.example.org', { 'accept-language': 'de-DE, en;q=0.3, fr;q=0.7' });
    expect(weighed.body).toContain('<html lang="fr">');
    const english = await get('site=news.example.org', { 'accept-language': 'en-GB, fr;q=0.5' });
    expect(english.body).toContain('<html lang="en">');
    const asked = await get('site=news.example.org&lang=en', { 'accept-language': 'fr' });
    expect(asked.body).toContain('Opt out of audience measurement');
    expect((await get('site=news.example.org&lang=fr')).body).toContain(
      'aucun lien ne peut annuler votre choix',
    );
    expect((await get('site=news.example.org', { 'accept-language': 'de' })).body).toContain('lang="en"');
  });

  it("returns to the given page when it is the site's, and to its home page otherwise (no open redirect)", async () => {
    const onSite = await get(
      `site=news.example.org&return=${encodeURIComponent('https://www.news.example.org/privacy?from=footer#top')}`,
    );
    expect(links(onSite.body).optOut).toBe(
      'https://www.news.example.org/privacy?from=footer#penumbra-opt-out',
    );
    const extra = await get(
      `site=news.example.org&return=${encodeURIComponent('https://amp.news-cdn.example.net/a')}`,
    );
    expect(links(extra.body).optOut).toBe('https://amp.news-cdn.example.net/a#penumbra-opt-out');
    for (const foreign of [
      'https://evil.example/',
      'https://news.example.org.evil.example/',
      'javascript:alert(document.domain)',
      '//evil.example/x',
      'ftp://news.example.org/',
      'not a url',
    ]) {
      const response = await get(`site=news.example.org&return=${encodeURIComponent(foreign)}`);
      expect(links(response.body).optOut, foreign).toBe('https://news.example.org/#penumbra-opt-out');
    }
  });

  it('escapes every value it writes into the page', async () => {
    const hostile = `https://news.example.org/a?x=1&y='"><script>alert(1)</script>`;
    const response = await get(`site=news.example.org&return=${encodeURIComponent(hostile)}`);
    expect(response.body).not.toContain('<script');
    expect(response.body).not.toMatch(/href="[^"]*&(?!amp;|#39;|quot;|lt;|gt;)/);
    // The link back keeps the page's query, percent-encoded by the URL parser, then escaped.
    expect(links(response.body).optOut).toBe(
      'https://news.example.org/a?x=1&y=%27%22%3E%3Cscript%3Ealert(1)%3C/script%3E#penumbra-opt-out',
    );
    // The other language's link carries site and return, encoded.
    expect(response.body).toMatch(
      /href="\/opt-out\?site=news\.example\.org&amp;return=https%3A%2F%2F[^"]*&amp;lang=fr"/,
    );
  });

  it("describes the site's own mode and Do Not Track setting", async () => {
    const strict = await get('site=strict.example.org');
    expect(strict.body).toContain('campaign parameters are dropped');
    expect(strict.body).toContain('Do Not Track or Global Privacy Control signal is honoured');
    expect(strict.body).not.toContain('names a share, never a person');
  });

  it('answers 404 with an HTML page for an unknown or missing site, repeating nothing of the request', async () => {
    const unknown = await get('site=%3Cb%3Eunknown.example', { 'accept-language': 'fr' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unknown.headers['content-security-policy']).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(unknown.body).toContain('Site inconnu');
    expect(unknown.body).not.toContain('unknown.example');
    const missing = await get('');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Unknown site');
  });
});
