import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { postHit } from '../helpers/post-hit.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'events.example';
const STRICT = 'strict-events.example';
const OTHER = 'other-events.example';

/** Events are written in the background (the event sink): poll until the answer shows them. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(ENGINES)('GET /api/stats/events on %s (issue 14, the custom-events report)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;

  /** One custom event through the real ingestion endpoint, from the person at `address`. */
  const send = async (site: string, address: string, name: string, props?: Record<string, unknown>) => {
    const response = await postHit(test, site, address, {
      t: 'event',
      u: `https://${site}/pricing`,
      n: name,
      ...(props ? { p: props } : {}),
    });
    expect(response.statusCode, response.body).toBe(202);
  };
  const report = async (query: string) => {
    const response = await test.app.fastify.inject({
      url: `/api/stats/events?${query}`,
      headers: { authorization: test.auth },
    });
    return response;
  };
  const body = async (query: string) => {
    const response = await report(query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    database = await engineEnv(engine, 'events');
    test = await startTestApp({ ...database.env, PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    await test.services.sites.create({ domain: SITE });
    await test.services.sites.create({ domain: STRICT, privacyMode: 'strict' });
    await test.services.sites.create({ domain: OTHER });
    // Three people sign up (one twice), two from the pricing page; one downloads.
    await send(SITE, '198.51.100.1', 'signup', { plan: 'pro', from: 'pricing' });
    await send(SITE, '198.51.100.1', 'signup', { plan: 'pro', from: 'pricing' });
    await send(SITE, '198.51.100.2', 'signup', { plan: 'free', trial: true });
    await send(SITE, '198.51.100.3', 'signup', { plan: 'pro', from: 'x'.repeat(150) });
    await send(SITE, '198.51.100.3', 'download');
    await send(OTHER, '198.51.100.9', 'other-site-event', { plan: 'secret' });
    // Strict: 12 "play" events from 12 people (→ 10), 3 "rare" ones (→ 0, left out); one odd value.
    for (let person = 1; person <= 12; person += 1) {
      await send(STRICT, `203.0.113.${person}`, 'play', { quality: person === 12 ? 'odd' : 'hd' });
    }
    for (let person = 20; person < 23; person += 1) await send(STRICT, `203.0.113.${person}`, 'rare');
  });
  afterAll(async () => {
    await test.close();
    await database.drop();
  });

  it('lists events by name with counts and visitors (a person once a day), the most fired first', async () => {
    const answer = await until(
      () => body(`site=${SITE}&date_range=day`),
      (value) => value.events.length === 2,
    );
    const today = answer.range.to;
    expect(answer).toEqual({
      range: { from: today, to: today },
      events: [
        { name: 'signup', events: 4, visitors: 3 },
        { name: 'download', events: 1, visitors: 1 },
      ],
      truncated: false,
    });
    // The rollups count the same custom events (they keep no names): both readings agree.
    const rollup = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth },
      payload: { site: SITE, metrics: ['events'], date_range: 'day' },
    });
    expect(rollup.json().results[0].metrics[0]).toBe(5);
  });

  it('gives a chosen event’s property values with counts, long values cut, nothing personal', async () => {
    const answer = await body(`site=${SITE}&date_range=7d&event=signup`);
    expect(answer.properties).toEqual({
      name: 'signup',
      properties: [
        {
          key: 'plan',
          events: 4,
          values: [
            { value: 'pro', events: 3 },
            { value: 'free', events: 1 },
          ],
          otherValues: 0,
        },
        {
          key: 'from',
          events: 3,
          values: [
            { value: 'pricing', events: 2 },
            { value: `${'x'.repeat(99)}…`, events: 1 },
          ],
          otherValues: 0,
        },
        { key: 'trial', events: 1, values: [{ value: 'true', events: 1 }], otherValues: 0 },
      ],
    });
    const text = JSON.stringify(answer);
    expect(text).not.toMatch(/198\.51\.100|Chrome|hash|secret|other-site-event/);
    // A name nobody fired: no properties, not an error.
    expect((await body(`site=${SITE}&date_range=7d&event=nothing`)).properties).toEqual({
      name: 'nothing',
      properties: [],
    });
  });

  it('rounds a strict site’s counts to 10 and leaves out what rounds to nothing', async () => {
    const answer = await until(
      () => body(`site=${STRICT}&date_range=day&event=play`),
      (value) => value.events.length > 0 && value.properties.properties.length > 0,
    );
    expect(answer.roundedTo).toBe(10);
    expect(answer.events).toEqual([{ name: 'play', events: 10, visitors: 10 }]);
    // "odd" was seen once: it rounds to 0 and is not shown, nor counted among other values.
    expect(answer.properties.properties).toEqual([
      { key: 'quality', events: 10, values: [{ value: 'hd', events: 10 }], otherValues: 0 },
    ]);
    expect(JSON.stringify(answer)).not.toContain('odd');
  });

  it('sums revenue per currency per event, net of refunds, rounded to the currency minor unit', async () => {
    const SHOP = 'shop-events.example';
    await test.services.sites.create({ domain: SHOP });
    const sale = (amount: number, currency: string) => ({ revenue: { amount, currency }, plan: 'pro' });
    for (const amount of [9.99, 9.99, 9.99])
      await send(SHOP, '198.51.100.20', 'subscribe', sale(amount, 'EUR'));
    await send(SHOP, '198.51.100.21', 'subscribe', sale(-9.99, 'EUR'));
    await send(SHOP, '198.51.100.22', 'subscribe', sale(12, 'usd'));
    await send(SHOP, '198.51.100.23', 'subscribe', sale(1500, 'JPY'));
    await send(SHOP, '198.51.100.23', 'subscribe', sale(0.4, 'JPY'));
    await send(SHOP, '198.51.100.24', 'newsletter_signup');
    const answer = await until(
      () => body(`site=${SHOP}&date_range=day&event=subscribe`),
      (value) => value.events.length === 2 && value.events[0].events === 7,
    );
    expect(answer.events).toEqual([
      {
        name: 'subscribe',
        events: 7,
        visitors: 4,
        revenue: [
          { currency: 'EUR', amount: 19.98, events: 4 },
          { currency: 'JPY', amount: 1500, events: 2 },
          { currency: 'USD', amount: 12, events: 1 },
        ],
      },
      { name: 'newsletter_signup', events: 1, visitors: 1 },
    ]);
    // The revenue is no property of the event.
    expect(answer.properties.properties.map((property: { key: string }) => property.key)).toEqual(['plan']);
  });

  it('refuses bad queries with problem details and unknown sites with 404', async () => {
    const bad = await report(`site=${SITE}&date_range=forever`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('invalid_query');
    const long = await report(`site=${SITE}&event=${'e'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    const missing = await report('site=nowhere.example');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('site_not_found');
    const unsigned = await test.app.fastify.inject({ url: `/api/stats/events?site=${SITE}` });
    expect(unsigned.statusCode).toBe(401);
  });
});
