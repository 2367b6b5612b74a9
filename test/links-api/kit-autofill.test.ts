import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkView } from '../../src/links/link-view.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PAGES: Record<string, { status?: number; type?: string; body: string; location?: string }> = {
  '/good': {
    body: `<!doctype html><html><head><meta charset="utf-8"><title>Site title | Daily</title>
      <meta property="og:title" content="Floods: the map of the streets to avoid">
      <meta property="og:description" content="Updated hourly, with the closed bridges &amp; detours.">
      <meta property="og:image" content="/img/floods-og.jpg">
      <meta name="twitter:title" content="Not this one"></head><body>…</body></html>`,
  },
  '/plain': {
    body: `<html><head><title>  A page
      with only a title </title><meta name="description" content="And a description.">
      <link rel="image_src" href="https://cdn.example.org/plain.png"></head></html>`,
  },
  '/twitter': {
    body: `<head><meta name="twitter:title" content="Card title"><meta name="twitter:description" content="Card text">
      <meta name="twitter:image" content="https://cdn.example.org/card.jpg"></head>`,
  },
  '/long': { body: `<head><meta property="og:title" content="${'Long '.repeat(120)}"></head>` },
  '/moved': { status: 301, location: '/good', body: '' },
  '/forbidden': { status: 403, body: '<h1>Bots not allowed</h1>' },
  '/picture': { type: 'image/png', body: 'not really a png' },
};

function startSite(): Promise<Server> {
  const server = createServer((request, response) => {
    const page = PAGES[request.url ?? ''];
    if (!page) return void response.writeHead(404).end();
    const headers: Record<string, string> = { 'content-type': page.type ?? 'text/html; charset=utf-8' };
    if (page.location) headers.location = page.location;
    response.writeHead(page.status ?? 200, headers).end(page.body);
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

for (const engine of ENGINES) {
  describe(`share kits that fill themselves in (${engine})`, () => {
    let site: Server;
    let base: string;
    let t: TestApp;
    let env: EngineEnv;

    const api = (method: 'POST' | 'GET', url: string, payload?: unknown) =>
      t.app.fastify.inject({
        method,
        url,
        headers: { authorization: t.auth, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });

    beforeAll(async () => {
      site = await startSite();
      base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      env = await engineEnv(engine, 'kit_autofill');
      t = await startTestApp({
        ...env.env,
        PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
        PENUMBRA_ALLOW_PRIVATE_TARGETS: '1',
      });
    });
    afterAll(async () => {
      await t?.close();
      await env?.drop();
      site?.close();
    });

    it("reads a page's Open Graph tags, the image made absolute, for the form to start from", async () => {
      const response = await api('POST', '/api/links/autofill', { url: `${base}/good` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        url: `${base}/good`,
        title: 'Floods: the map of the streets to avoid',
        description: 'Updated hourly, with the closed bridges & detours.',
        image: `${base}/img/floods-og.jpg`,
      });
    });

    it('falls back to <title>, meta description and image_src, then to twitter tags', async () => {
      expect((await api('POST', '/api/links/autofill', { url: `${base}/plain` })).json()).toMatchObject({
        title: 'A page with only a title',
        description: 'And a description.',
        image: 'https://cdn.example.org/plain.png',
      });
      expect((await api('POST', '/api/links/autofill', { url: `${base}/twitter` })).json()).toMatchObject({
        title: 'Card title',
        description: 'Card text',
        image: 'https://cdn.example.org/card.jpg',
      });
    });

    it('creates a kit filled from the page after a redirect; what the editor gives wins', async () => {
      const response = await api('POST', '/api/links', {
        url: `${base}/moved`,
        autofill: true,
        description: 'Our own words for this share.',
        channels: ['whatsapp', 'sms'],
      });
      expect(response.statusCode).toBe(201);
      const kit: LinkView = response.json();
      expect(kit).toMatchObject({
        url: `${base}/moved`,
        title: 'Floods: the map of the streets to avoid',
        description: 'Our own words for this share.',
        image: `${base}/img/floods-og.jpg`,
      });
      expect(kit.variants.map((variant) => variant.preview.title)).toEqual([kit.title, kit.title]);
      const noImage = await api('POST', '/api/links', { url: `${base}/good`, autofill: true, image: null });
      expect(noImage.json().image).toBeNull();
    });

    it('cuts a title longer than a kit takes', async () => {
      const kit = (await api('POST', '/api/links', { url: `${base}/long`, autofill: true })).json();
      expect(kit.title.length).toBeLessThanOrEqual(300);
      expect(kit.title.startsWith('Long Long')).toBe(true);
    });

    it('says why a page cannot fill a kit in, with problem details', async () => {
      for (const [path, reason] of [
        ['/forbidden', 'answered 403'],
        ['/picture', 'image/png'],
        ['/nowhere', 'answered 404'],
      ] as const) {
        const response = await api('POST', '/api/links', { url: `${base}${path}`, autofill: true });
        expect(response.statusCode, path).toBe(422);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({ code: 'autofill_failed', field: 'url' });
        expect(response.json().detail).toContain(reason);
      }
      const scheme = await api('POST', '/api/links/autofill', { url: 'file:///etc/passwd' });
      expect(scheme.statusCode).toBe(422);
    });
  });
}

describe('auto-fill never reaches a private address unless the installation allows loopback', () => {
  let site: Server;
  let t: TestApp;

  beforeAll(async () => {
    site = await startSite();
    t = await startTestApp({ PENUMBRA_ALLOW_PRIVATE_TARGETS: '1' });
  });
  afterAll(async () => {
    await t?.close();
    site?.close();
  });

  it('refuses the loopback page with host_not_public', async () => {
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/good`;
    const response = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/links/autofill',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ url }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'autofill_failed' });
    expect(response.json().detail).toContain('host_not_public');
  });
});
