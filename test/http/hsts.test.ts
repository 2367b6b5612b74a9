import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS_VALUE, servedOverHttps } from '../../src/http/hsts.js';
import { type AnonymousApp, startAnonymousApp } from './anonymous-app.js';

/**
 * Issue 13, finding 14: no `Strict-Transport-Security` when served over HTTPS behind a proxy
 * that says so. Sent when the request is HTTPS (TLS, or a trusted proxy's `X-Forwarded-Proto`,
 * or an `https://` base URL); never over plain HTTP, never on a client's own word.
 */
type Case = { env: Record<string, string>; apps?: AnonymousApp };

const apps: Record<string, Case> = {
  plain: { env: { PENUMBRA_BASE_URL: 'http://localhost:3000', PENUMBRA_TRUST_PROXY: 'false' } },
  proxied: { env: { PENUMBRA_BASE_URL: 'http://localhost:3000', PENUMBRA_TRUST_PROXY: 'true' } },
  https: { env: { PENUMBRA_BASE_URL: 'https://go.example.test', PENUMBRA_TRUST_PROXY: 'false' } },
  httpsProxied: { env: { PENUMBRA_BASE_URL: 'https://go.example.test', PENUMBRA_TRUST_PROXY: '1' } },
};

describe('Strict-Transport-Security', () => {
  beforeAll(async () => {
    for (const entry of Object.values(apps)) entry.apps = await startAnonymousApp(entry.env);
  });
  afterAll(async () => {
    for (const entry of Object.values(apps)) await entry.apps?.close();
  });

  const hsts = async (name: keyof typeof apps, url: string, headers: Record<string, string> = {}) => {
    const app = apps[name]?.apps as AnonymousApp;
    const response = await app.app.fastify.inject({ method: 'GET', url, headers });
    return response.headers['strict-transport-security'];
  };

  it('is never sent over plain HTTP, whatever a client claims', async () => {
    expect(await hsts('plain', '/healthz')).toBeUndefined();
    expect(await hsts('plain', '/healthz', { 'x-forwarded-proto': 'https' })).toBeUndefined();
  });

  it("follows a trusted proxy's X-Forwarded-Proto", async () => {
    expect(await hsts('proxied', '/healthz', { 'x-forwarded-proto': 'https' })).toBe(HSTS_VALUE);
    expect(await hsts('proxied', '/healthz', { 'x-forwarded-proto': 'http' })).toBeUndefined();
    expect(await hsts('proxied', '/healthz')).toBeUndefined();
    expect(await hsts('httpsProxied', '/healthz', { 'x-forwarded-proto': 'http' })).toBeUndefined();
    expect(await hsts('httpsProxied', '/healthz', { 'x-forwarded-proto': 'https, http' })).toBe(HSTS_VALUE);
  });

  it('is on every response of an https:// installation, errors and pages included', async () => {
    expect(await hsts('https', '/healthz')).toBe(HSTS_VALUE);
    expect(await hsts('https', '/api/nothing')).toBe(HSTS_VALUE);
    expect(await hsts('https', '/login')).toBe(HSTS_VALUE);
  });

  it('is on the hot routes too: the short-link redirect and tracker events', async () => {
    expect(await hsts('https', '/no-such-slug')).toBe(HSTS_VALUE);
    expect(await hsts('plain', '/no-such-slug')).toBeUndefined();
    const httpsApp = apps.https?.apps as AnonymousApp;
    const event = await httpsApp.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: { 'content-type': 'text/plain', origin: 'https://unknown.example' },
      payload: JSON.stringify({ s: 'unknown.example', t: 'pageview', u: 'https://unknown.example/' }),
    });
    expect(event.headers['strict-transport-security']).toBe(HSTS_VALUE);
  });

  it('counts a TLS socket as HTTPS', () => {
    const settings = { baseUrl: 'http://localhost:3000', trustProxy: false };
    expect(servedOverHttps(settings, {}, true)).toBe(true);
    expect(servedOverHttps(settings, {}, false)).toBe(false);
  });
});
