import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { testConfig } from '../helpers/test-config.js';
import { DIST, ensureDashboardBuilt } from './dashboard-build.js';

/** How the server hands out the dashboard (src/http/routes/dashboard.ts), on a real socket. */
describe('serving the dashboard', () => {
  let server: RunningServer;
  let script = '';

  beforeAll(async () => {
    await ensureDashboardBuilt();
    script = readdirSync(join(DIST, 'assets')).find((name) => /^index-.*\.js$/.test(name)) ?? '';
    server = await startServer(testConfig({ PENUMBRA_DEMO: '0' }), { logger: false });
  }, 120_000);
  afterAll(() => server?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

  it.each([
    '/app',
    '/app/',
    '/app/links/abc',
    '/app/dark-social?range=7d',
    '/login',
    '/setup?token=x',
    '/share/some-token',
  ])('answers %s with the one page, revalidated and under a strict CSP', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain(`/app/assets/${script}`);
    expect(html).toContain('<div id="root">');
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const etag = (await get('/app')).headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await get('/login', { 'if-none-match': etag })).status).toBe(304);
  });

  it('serves hashed assets for a year, immutable, gzipped when asked', async () => {
    const plain = await get(`/app/assets/${script}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await plain.text();
    const zipped = await get(`/app/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(await zipped.text()).toBe(body);
    const css = readdirSync(join(DIST, 'assets')).find((name) => name.endsWith('.css')) ?? '';
    expect((await get(`/app/assets/${css}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers a missing asset with a 404 problem, never with the page', async () => {
    for (const path of [
      '/app/assets/index-00000000.js',
      '/app/assets/nested/x.js',
      '/app/.vite/manifest.json',
    ]) {
      const response = await get(path);
      if (path.startsWith('/app/assets/')) {
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
      } else {
        // Not an asset: the SPA's own not-found view handles it.
        expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      }
    }
  });

  it('leaves short links and the API alone', async () => {
    expect((await get('/unknown-slug')).status).toBe(404);
    expect((await get('/api/sites')).status).toBe(401);
    expect((await get('/healthz')).status).toBe(200);
  });
});
