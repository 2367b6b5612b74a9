import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { AGENTS } from '../helpers/agents.js';
import { testConfig } from '../helpers/test-config.js';
import { OWNER_PASSWORD } from './account-app.js';

const COOKIE =
  /^penumbra_session=([A-Za-z0-9_-]{43}); HttpOnly; Secure; SameSite=Lax; Path=\/; Max-Age=2592000$/;

describe('the session cookie on a real socket (startServer)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig(), { logger: false });
  });
  afterAll(() => server.close());

  it('issues a setup token on a fresh store, and sets an HttpOnly, Secure, SameSite=Lax cookie', async () => {
    expect(server.setupToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setup = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: server.setupToken,
        email: 'owner@example.org',
        name: 'Owner',
        password: OWNER_PASSWORD,
      }),
    });
    expect(setup.status).toBe(201);
    const cookies = setup.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(COOKIE);
    const { csrfToken } = (await setup.json()) as { csrfToken: string };

    const cookie = cookies[0]?.split(';', 1)[0] ?? '';
    const state = await fetch(`${server.url}/api/auth/state`, { headers: { cookie } });
    expect(await state.json()).toMatchObject({ user: { role: 'owner' }, csrfToken });

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.org', password: OWNER_PASSWORD }),
    });
    expect(login.headers.getSetCookie()[0]).toMatch(COOKIE);

    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()).toEqual([
      'penumbra_session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0',
    ]);
  });

  it('puts the Content-Security-Policy on HTML pages only, next to the headers every response has', async () => {
    const site = await server.services.sites.create({ domain: 'csp.example.org', timezone: 'UTC' });
    const kit = await server.services.links.create({
      url: 'https://csp.example.org/a',
      site: site.domain,
      title: 'A story',
    });
    const preview = await fetch(`${server.url}/${kit.slug}`, {
      headers: { 'user-agent': AGENTS.whatsappPreview },
      redirect: 'manual',
    });
    expect(preview.headers.get('content-type')).toContain('text/html');
    expect(preview.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    const missing = await fetch(`${server.url}/no-such-slug`);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(missing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const json = await fetch(`${server.url}/healthz`);
    expect(json.headers.get('content-security-policy')).toBeNull();
    for (const response of [preview, missing, json]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
