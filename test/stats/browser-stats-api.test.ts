import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'browsers.example';
const STRICT = 'strict-browsers.example';

/** Real agents (test/fixtures/classifier-*.jsonl, ../shared/reference/dark-social-facts.md §2.2). */
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0';
const WHATSAPP_IN_APP =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.124 Mobile Safari/537.36 [WA4A/2.25.32.75;]';

interface Answer {
  results: { dimensions: string[]; metrics: number[] }[];
  meta: { rounded_to?: number };
}

/** Events are written in the background (the event sink): poll until the answer shows them. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(ENGINES)('POST /api/stats/query by browser on %s (issue 14)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;

  /** One page view through the real ingestion endpoint, from the person at `address` with `agent`. */
  const view = async (site: string, address: string, agent: string, referrer?: string) => {
    const response = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      remoteAddress: address,
      headers: { 'content-type': 'text/plain', 'user-agent': agent, origin: `https://${site}` },
      payload: JSON.stringify({
        s: site,
        t: 'pageview',
        u: `https://${site}/`,
        ...(referrer ? { r: referrer } : {}),
      }),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const ask = async (body: Record<string, unknown>): Promise<Answer> => {
    const response = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ date_range: 'day', ...body }),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Answer;
  };
  const rows = (answer: Answer) =>
    Object.fromEntries(answer.results.map((row) => [row.dimensions.join(' '), row.metrics]));

  beforeAll(async () => {
    database = await engineEnv(engine, 'browsers');
    test = await startTestApp({ ...database.env, PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    await test.services.sites.create({ domain: SITE });
    await test.services.sites.create({ domain: STRICT, privacyMode: 'strict' });
    // Two Chrome people from Google (one views twice), Safari and Firefox from Google, Edge
    // straight in, and WhatsApp's own browser.
    const google = 'https://www.google.com/';
    await view(SITE, '198.51.100.1', AGENTS.chromeDesktop, google);
    await view(SITE, '198.51.100.1', AGENTS.chromeDesktop, google);
    await view(SITE, '198.51.100.2', AGENTS.chromeDesktop, google);
    await view(SITE, '198.51.100.3', AGENTS.safariIphone, google);
    await view(SITE, '198.51.100.4', FIREFOX, google);
    await view(SITE, '198.51.100.5', EDGE);
    await view(SITE, '198.51.100.6', WHATSAPP_IN_APP);
    // Strict: 12 Safari people and 3 Firefox ones.
    for (let person = 1; person <= 12; person += 1)
      await view(STRICT, `203.0.113.${person}`, AGENTS.safariIphone);
    for (let person = 20; person < 23; person += 1) await view(STRICT, `203.0.113.${person}`, FIREFOX);
  });
  afterAll(async () => {
    await test.close();
    await database.drop();
  });

  it('counts visitors, visits and page views per browser family, from the new rollup and its tail', async () => {
    const answer = await until(
      () => ask({ site: SITE, metrics: ['visitors', 'visits', 'pageviews'], dimensions: ['browser'] }),
      (value) => value.results.length === 5,
    );
    expect(rows(answer)).toEqual({
      chrome: [2, 3, 3],
      safari: [1, 1, 1],
      firefox: [1, 1, 1],
      edge: [1, 1, 1],
      'in-app': [1, 1, 1],
    });
    // Folded or not, the same answer (the rollup's rows plus its unfolded tail).
    await test.services.store.foldRollups();
    expect(
      rows(await ask({ site: SITE, metrics: ['visitors', 'visits', 'pageviews'], dimensions: ['browser'] })),
    ).toEqual(rows(answer));
  });

  it('takes a channel filter, and splits by device and channel, like countries and devices', async () => {
    const search = await ask({
      site: SITE,
      metrics: ['visitors'],
      dimensions: ['browser'],
      filters: [['is', 'channel', ['search']]],
    });
    expect(rows(search)).toEqual({ chrome: [2], safari: [1], firefox: [1] });
    const split = await ask({
      site: SITE,
      metrics: ['visitors'],
      dimensions: ['browser', 'device', 'channel'],
    });
    expect(rows(split)['in-app mobile dark-social']).toEqual([1]);
    expect(rows(split)['safari mobile search']).toEqual([1]);
    const only = await ask({
      site: SITE,
      metrics: ['pageviews'],
      dimensions: ['channel'],
      filters: [['is', 'browser', ['chrome', 'edge']]],
    });
    expect(Object.values(rows(only)).reduce((sum, [value = 0]) => sum + value, 0)).toBe(4);
  });

  it('refuses what the browser rollup cannot answer, naming what it can', async () => {
    const response = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({
        site: SITE,
        metrics: ['visitors'],
        dimensions: ['browser', 'source'],
        date_range: 'day',
      }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'unsupported_combination' });
    expect(response.json().detail).toContain('browser');
  });

  it('keeps the family on a strict site, as the device class, and rounds its counts', async () => {
    const answer = await until(
      () => ask({ site: STRICT, metrics: ['visitors'], dimensions: ['browser'] }),
      (value) => value.results.length >= 1,
    );
    expect(answer.meta.rounded_to).toBe(10);
    expect(rows(answer)).toEqual({ safari: [10] });
    const stored = await test.services.store.listEvents({
      siteId: (await test.services.sites.find(STRICT))?.id ?? '',
      limit: 100,
    });
    expect(new Set(stored.map((event) => `${event.browser} ${event.device}`))).toEqual(
      new Set(['safari mobile', 'firefox desktop']),
    );
  });
});
