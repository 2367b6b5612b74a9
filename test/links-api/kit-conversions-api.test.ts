import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkStats } from '../../src/links/link-stats.js';
import type { LinkView } from '../../src/links/link-view.js';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { postHit } from '../helpers/post-hit.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'kits-convert.example';
const STRICT = 'strict-kits.example';
const BARE = 'no-goals.example';

/**
 * Issue 14, "A share kit's conversions come from the visits its variants brought": visits that
 * follow a variant's redirect (its Location, `utm_source=<channel>`) and then meet a goal are the
 * kit's; a search visit to the same page that converts is not.
 */
describe.each(ENGINES)('a kit’s conversions in GET /api/links/:id/stats on %s', (engine) => {
  let test: TestApp;
  let database: EngineEnv;

  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await test.app.fastify.inject({
      method,
      url,
      headers: {
        authorization: test.auth,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json() as T;
  };
  const kitOf = (site: string) =>
    api<LinkView>('POST', '/api/links', {
      site,
      url: `https://${site}/article`,
      title: 'Article',
      channels: ['whatsapp', 'email'],
    });
  /** Where a person who taps the variant lands: the redirect's Location. */
  const landing = async (kit: LinkView, channel: string, source = channel) => {
    const slug = kit.variants.find((variant) => variant.channel === channel)?.slug;
    const response = await test.app.fastify.inject({
      method: 'GET',
      url: `/${slug}`,
      headers: { 'user-agent': AGENTS.safariIphone },
    });
    expect(response.statusCode).toBe(302);
    const location = String(response.headers.location);
    expect(new URL(location).searchParams.get('utm_source')).toBe(source);
    return location;
  };
  const send = async (site: string, address: string, body: Record<string, unknown>) => {
    const response = await postHit(test, site, address, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  /** One person: lands on `url` (from `referrer`), then sends the events named. */
  const person = async (site: string, address: string, url: string, events: string[], referrer?: string) => {
    await send(site, address, { t: 'pageview', u: url, ...(referrer ? { r: referrer } : {}) });
    for (const name of events) await send(site, address, { t: 'event', n: name, u: url });
  };
  const stats = (kit: LinkView, query = '') => api<LinkStats>('GET', `/api/links/${kit.id}/stats${query}`);

  let kit: LinkView;
  /** A kit whose visits' source is no channel's name: `copy`, and a template's own utm_source. */
  let otherKit: LinkView;
  let strictKit: LinkView;
  let bareKit: LinkView;

  beforeAll(async () => {
    database = await engineEnv(engine, 'kit_conversions');
    test = await startTestApp({ ...database.env, PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    const site = await test.services.sites.create({ domain: SITE, timezone: 'UTC' });
    const strict = await test.services.sites.create({
      domain: STRICT,
      timezone: 'UTC',
      privacyMode: 'strict',
    });
    await test.services.sites.create({ domain: BARE, timezone: 'UTC' });
    await test.services.goals.create(site.id, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
    await test.services.goals.create(site.id, { name: 'Purchase', kind: 'event', eventName: 'purchase' });
    await test.services.goals.create(site.id, { name: 'Never', kind: 'event', eventName: 'never' });
    await test.services.goals.create(strict.id, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
    kit = await kitOf(SITE);
    strictKit = await kitOf(STRICT);
    bareKit = await kitOf(BARE);

    const whatsapp = await landing(kit, 'whatsapp');
    const email = await landing(kit, 'email');
    // Two people through WhatsApp: one signs up, one only reads.
    await person(SITE, '198.51.100.1', whatsapp, ['signup']);
    await person(SITE, '198.51.100.2', whatsapp, []);
    // One through the e-mail link who signs up and buys: two goals, one converter.
    await person(SITE, '198.51.100.3', email, ['signup', 'purchase']);
    // A search visit to the same page that converts: not the kit's.
    await person(
      SITE,
      '198.51.100.4',
      `https://${SITE}/article`,
      ['signup', 'purchase'],
      'https://www.google.com/',
    );
    // A WhatsApp share of another page (no kit): not this kit's either.
    await person(SITE, '198.51.100.5', `https://${SITE}/other?utm_source=whatsapp`, ['signup']);
    // The copy variant lands with utm_source=copy&utm_medium=copy-paste, classified `direct`
    // (copy-paste); the template's utm_source=newsletter wins over `whatsapp`, with the channel's
    // medium (messaging): `direct` too. Both are the kit's; a plain direct visit is not.
    otherKit = await api<LinkView>('POST', '/api/links', {
      site: SITE,
      url: `https://${SITE}/offer`,
      title: 'Offer',
      channels: ['copy', 'whatsapp'],
      utm: { utm_source: 'newsletter' },
    });
    await person(SITE, '198.51.100.6', await landing(otherKit, 'copy', 'newsletter'), ['signup']);
    await person(SITE, '198.51.100.7', await landing(otherKit, 'whatsapp', 'newsletter'), ['purchase']);
    await person(SITE, '198.51.100.8', `https://${SITE}/offer`, ['signup']);
    // Strict: the campaign parameters are dropped at ingestion, so the app is known from the
    // referrer WhatsApp gives: 14 people through the kit's WhatsApp link, 12 sign up (→ 10).
    const strictWhatsapp = await landing(strictKit, 'whatsapp');
    for (let n = 1; n <= 14; n++) {
      const events = n <= 12 ? ['signup'] : [];
      await person(STRICT, `203.0.113.${n}`, strictWhatsapp, events, 'android-app://com.whatsapp/');
    }
    await person(BARE, '192.0.2.1', await landing(bareKit, 'whatsapp'), ['signup']);
    await test.services.sink.flush();
    // Kit conversions are read from the folded claims (goal-sql.ts, like funnels).
    await test.services.store.foldRollups();
  }, 60_000);
  afterAll(async () => {
    await test?.close();
    await database?.drop();
  });

  it('counts the conversions of the visits its variants brought, per goal, and no others', async () => {
    const answer = await stats(kit);
    expect(answer.conversions).toMatchObject({ total: 3, converters: 2 });
    expect(
      answer.conversions?.byGoal.map(({ goal, conversions, converters }) => ({
        goal,
        conversions,
        converters,
      })),
    ).toEqual([
      { goal: 'Sign-up', conversions: 2, converters: 2 },
      { goal: 'Purchase', conversions: 1, converters: 1 },
      { goal: 'Never', conversions: 0, converters: 0 },
    ]);
    // The clicks are still there, all time: one tap on each variant (the two redirects above).
    expect(answer.totals.clicks).toBe(2);
  });

  it('counts the visits of variants whose source is not their channel’s name (copy, a kit’s own utm_source)', async () => {
    const answer = await stats(otherKit);
    expect(answer.conversions).toMatchObject({ total: 2, converters: 2 });
    const byGoal = new Map(answer.conversions?.byGoal.map(({ goal, conversions }) => [goal, conversions]));
    expect(Object.fromEntries(byGoal)).toEqual({ 'Sign-up': 1, Purchase: 1, Never: 0 });
  });

  it('follows the period asked', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const week = await stats(kit, '?date_range=7d');
    expect(week.conversions).toMatchObject({ to: today, total: 3, converters: 2 });
    const before = await stats(kit, '?from=2020-01-01&to=2020-01-31');
    expect(before.conversions).toMatchObject({
      from: '2020-01-01',
      to: '2020-01-31',
      total: 0,
      converters: 0,
    });
    const wrong = await test.app.fastify.inject({
      method: 'GET',
      url: `/api/links/${kit.id}/stats?date_range=forever`,
      headers: { authorization: test.auth },
    });
    expect(wrong.statusCode).toBe(400);
  });

  it('rounds a strict site’s conversions like its other kit figures', async () => {
    const answer = await stats(strictKit);
    expect(answer.conversions).toMatchObject({ total: 10, converters: 10 });
    expect(answer.conversions?.byGoal).toMatchObject([{ goal: 'Sign-up', conversions: 10, converters: 10 }]);
    // Its one click rounds to nothing, as before.
    expect(answer.totals.clicks).toBe(0);
  });

  it('is null when the site has no goal', async () => {
    expect((await stats(bareKit)).conversions).toBeNull();
  });
});
