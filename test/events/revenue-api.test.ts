import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * Revenue on custom events (issue 14) through POST /api/event, on each engine, written by the
 * server's writer thread: validated, taken out of the props, stored in its own columns, kept on
 * a strict site, and in the site's data export.
 */
const SITE = 'shop.example.org';
const ORIGIN = `https://${SITE}`;
const PAGE = `${ORIGIN}/abonnement`;

describe.each(ENGINES)('revenue on custom events (%s)', (engine) => {
  let t: TestApp;
  let db: EngineEnv;
  beforeAll(async () => {
    db = await engineEnv(engine, 'test_revenue');
    t = await startTestApp({
      ...db.env,
      PENUMBRA_WRITER_THREAD: 'on',
      PENUMBRA_EVENT_RATE: '1000',
      PENUMBRA_EVENT_BURST: '1000',
    });
    await t.services.sites.create({ domain: SITE });
    await t.services.sites.create({ domain: 'strict.example.org', privacyMode: 'strict' });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const send = (payload: unknown, origin = ORIGIN) =>
    t.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: { 'content-type': 'text/plain', origin, 'user-agent': AGENTS.safariIphone },
      payload: JSON.stringify(payload),
    });
  const stored = async (site = SITE) => {
    await t.services.sink.flush();
    const found = await t.services.sites.find(site);
    return t.services.store.listEvents({ siteId: found?.id ?? '', types: ['event'], limit: 100 });
  };
  const event = (p: unknown, fields: Record<string, unknown> = {}) => ({
    s: SITE,
    t: 'event',
    u: PAGE,
    n: 'subscribe',
    p,
    ...fields,
  });

  it('stores the amount and the currency in their own columns, the other props as props', async () => {
    const response = await send(event({ revenue: { amount: 9.99, currency: 'EUR' }, plan: 'pro' }));
    expect(response.statusCode).toBe(202);
    const [latest] = await stored();
    expect(latest).toMatchObject({
      type: 'event',
      name: 'subscribe',
      revenue: 9.99,
      currency: 'EUR',
      props: '{"plan":"pro"}',
    });
  });

  it('upper-cases the currency, takes a refund as a negative amount, and leaves no empty props', async () => {
    expect((await send(event({ revenue: { amount: -4.5, currency: 'usd' } }))).statusCode).toBe(202);
    const [latest] = await stored();
    expect(latest).toMatchObject({ revenue: -4.5, currency: 'USD', props: null });
  });

  it('leaves revenue null on events without it', async () => {
    expect((await send(event({ plan: 'free' }, { n: 'newsletter_signup' }))).statusCode).toBe(202);
    const [latest] = await stored();
    expect(latest).toMatchObject({ name: 'newsletter_signup', revenue: null, currency: null });
  });

  it('refuses a bad revenue with 400 revenue_invalid and stores nothing of it', async () => {
    const before = (await stored()).length;
    const bad: unknown[] = [
      event({ revenue: { amount: 9.99, currency: 'EUX' } }),
      event({ revenue: { amount: 9.99, currency: 'EURO' } }),
      event({ revenue: { amount: '9.99', currency: 'EUR' } }),
      event({ revenue: { amount: 1e10, currency: 'EUR' } }),
      event({ revenue: { amount: 9.99 } }),
      event({ revenue: { amount: 9.99, currency: 'EUR', vat: 2 } }),
      event({ revenue: {} }),
      { s: SITE, t: 'pageview', u: PAGE, p: { revenue: { amount: 1, currency: 'EUR' } } },
      { s: SITE, t: 'share', u: PAGE, n: 'whatsapp', p: { revenue: { amount: 1, currency: 'EUR' } } },
    ];
    for (const payload of bad) {
      const response = await send(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json(), JSON.stringify(payload)).toMatchObject({ code: 'revenue_invalid' });
    }
    expect(await stored()).toHaveLength(before);
  });

  it('keeps a scalar `revenue` as an ordinary property, on any event: only an object is revenue', async () => {
    // Sites that sent `revenue` as a plain property before revenue existed must not lose events
    // (the snippet ignores a 400).
    const scalars: [unknown, string][] = [
      [12, '{"revenue":12,"plan":"pro"}'],
      ['12.00', '{"revenue":"12.00","plan":"pro"}'],
      [true, '{"revenue":true,"plan":"pro"}'],
    ];
    for (const [value, props] of scalars) {
      expect((await send(event({ revenue: value, plan: 'pro' }))).statusCode).toBe(202);
      const [latest] = await stored();
      expect(latest).toMatchObject({ name: 'subscribe', revenue: null, currency: null, props });
    }
    const share = { s: SITE, t: 'share', u: PAGE, n: 'whatsapp', p: { revenue: 3 } };
    expect((await send(share)).statusCode).toBe(202);
    // A scalar follows the property rules: too long is a bad body, not a bad revenue.
    const long = await send(event({ revenue: 'x'.repeat(201) }));
    expect(long.statusCode).toBe(400);
    expect(long.json().code).not.toBe('revenue_invalid');
  });

  it('keeps revenue on a strict site: an amount says what was sold, not who bought it', async () => {
    const response = await send(
      {
        s: 'strict.example.org',
        t: 'event',
        u: 'https://strict.example.org/',
        n: 'subscribe',
        p: { revenue: { amount: 120, currency: 'JPY' } },
      },
      'https://strict.example.org',
    );
    expect(response.statusCode).toBe(202);
    const [latest] = await stored('strict.example.org');
    expect(latest).toMatchObject({ revenue: 120, currency: 'JPY' });
  });

  it("puts revenue and currency in the site's data export, JSON and CSV", async () => {
    await stored();
    const site = await t.services.sites.find(SITE);
    const json = await t.app.fastify.inject({
      method: 'GET',
      url: `/api/sites/${site?.id}/export`,
      headers: { authorization: t.auth },
    });
    expect(json.statusCode).toBe(200);
    const sold = (json.json().events as { name: string; revenue: number | null; currency: string | null }[])
      .filter((row) => row.revenue !== null)
      .map((row) => [row.name, row.revenue, row.currency]);
    expect(sold).toEqual(
      expect.arrayContaining([
        ['subscribe', 9.99, 'EUR'],
        ['subscribe', -4.5, 'USD'],
      ]),
    );
    const csv = await t.app.fastify.inject({
      method: 'GET',
      url: `/api/sites/${site?.id}/export?format=csv&table=events`,
      headers: { authorization: t.auth },
    });
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body.trim().split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toEqual(expect.arrayContaining(['revenue', 'currency']));
    const revenueAt = columns.indexOf('revenue');
    const currencyAt = columns.indexOf('currency');
    const cells = rows.map((row) => row.split(','));
    expect(cells.some((row) => row[revenueAt] === '9.99' && row[currencyAt] === 'EUR')).toBe(true);
  });
});
