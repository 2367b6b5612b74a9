import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'install.example';

/** The install check writes in the background (install-watch.ts): poll until it shows `done`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(ENGINES)('GET /api/sites/:id/install on %s (issue 16, the install check)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;

  const event = (origin: string | undefined) =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: {
        'content-type': 'text/plain',
        'user-agent': AGENTS.chromeDesktop,
        ...(origin === undefined ? {} : { origin }),
      },
      payload: JSON.stringify({ s: SITE, t: 'pageview', u: `https://${SITE}/a` }),
    });
  const check = async () => {
    const response = await test.app.fastify.inject({
      url: `/api/sites/${SITE}/install`,
      headers: { authorization: test.auth },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    database = await engineEnv(engine, 'install');
    test = await startTestApp(database.env);
    await test.services.sites.create({ domain: SITE });
  });
  afterAll(async () => {
    await test.close();
    await database.drop();
  });

  it('waits for the first event on a new site', async () => {
    expect(await check()).toMatchObject({
      domain: SITE,
      status: 'waiting',
      lastSeenAt: null,
      lastSeenOrigin: null,
      hasEvents: false,
      allowedHosts: [SITE, `www.${SITE}`],
      seen: [],
      refused: [],
      // On the public URL the short links use (startTestApp: https://go.example.test).
      snippet: `<script defer src="https://go.example.test/p.js" data-site="${SITE}"></script>`,
    });
  });

  it('shows a refused local page with the reason and the host to add', async () => {
    expect((await event('http://127.0.0.1:5500')).statusCode).toBe(403);
    const body = await until(check, (value) => value.refused.length > 0);
    expect(body.status).toBe('refused');
    expect(body.refused).toEqual([
      expect.objectContaining({
        origin: 'http://127.0.0.1:5500',
        reason: 'origin_not_listed',
        attempts: 1,
        allowedNow: false,
        addOrigin: '127.0.0.1',
        message: expect.stringContaining(`penumbra sites update ${SITE} --add-origin 127.0.0.1`),
      }),
    ]);
  });

  it('tells a request without Origin (curl) from a page opened from a file', async () => {
    expect((await event(undefined)).statusCode).toBe(403);
    expect((await event('null')).statusCode).toBe(403);
    const body = await until(check, (value) => value.refused.length >= 3);
    const reasons = Object.fromEntries(
      body.refused.map((row: { origin: string; reason: string }) => [row.origin, row.reason]),
    );
    expect(reasons).toEqual({
      'http://127.0.0.1:5500': 'origin_not_listed',
      '': 'origin_missing',
      null: 'origin_opaque',
    });
  });

  it('is seen once the origin is added, and marks the old refusal as fixed', async () => {
    const patched = await test.app.fastify.inject({
      method: 'PATCH',
      url: `/api/sites/${SITE}`,
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ extraOrigins: ['127.0.0.1'] }),
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await event('http://127.0.0.1:5500')).statusCode).toBe(200);
    const body = await until(check, (value) => value.status === 'seen');
    expect(body).toMatchObject({
      status: 'seen',
      lastSeenOrigin: 'http://127.0.0.1:5500',
      allowedHosts: [SITE, `www.${SITE}`, '127.0.0.1'],
      seen: [expect.objectContaining({ origin: 'http://127.0.0.1:5500', events: 1 })],
    });
    expect(Date.parse(body.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    const local = body.refused.find((row: { origin: string }) => row.origin === 'http://127.0.0.1:5500');
    expect(local.allowedNow).toBe(true);
  });

  it('keeps the 10 most recent refused origins only', async () => {
    for (let i = 0; i < 12; i++) expect((await event(`https://staging-${i}.example`)).statusCode).toBe(403);
    const body = await until(check, (value) =>
      value.refused.some((row: { origin: string }) => row.origin === 'https://staging-11.example'),
    );
    expect(body.refused).toHaveLength(10);
  });

  it('answers problem details for an unknown site and without credentials', async () => {
    const missing = await test.app.fastify.inject({
      url: '/api/sites/nowhere.example/install',
      headers: { authorization: test.auth },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const anonymous = await test.app.fastify.inject({ url: `/api/sites/${SITE}/install` });
    expect(anonymous.statusCode).toBe(401);
  });
});
