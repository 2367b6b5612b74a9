import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService } from '../../src/alerts/alert-service.js';
import type { NewEvent, Site } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { newLink } from '../store/contract/fixtures.js';

/** Wednesday 2 December 2026, 13:10 UTC: 14:10 in Paris. */
const T = Date.UTC(2026, 11, 2, 13, 10);
const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

const event = (site: Site, overrides: Partial<NewEvent>): NewEvent => ({
  siteId: site.id,
  linkId: null,
  type: 'pageview',
  kind: 'human',
  channel: 'dark-social',
  medium: 'messaging',
  source: 'whatsapp',
  evidence: 'app-referrer',
  confidence: 'certain',
  occurredAt: T - MINUTE,
  ...overrides,
});

const times = <V>(n: number, make: (i: number) => V): V[] => Array.from({ length: n }, (_, i) => make(i));

describe.each(ENGINES)('alert thresholds and quiet rules, with a fixed clock, on %s', (engineName) => {
  let engine: EngineEnv;
  let t: TestApp;
  let paris: Site;
  let strict: Site;
  let clock = T;
  let alerts: AlertService;

  beforeAll(async () => {
    engine = await engineEnv(engineName, 'alertrules');
    t = await startTestApp(engine.env);
    const { store } = t.services;
    paris = await store.createSite({
      id: 'paris',
      domain: 'paris.example',
      name: 'P',
      timezone: 'Europe/Paris',
      fallbackUrl: null,
    });
    strict = await store.createSite({
      id: 'strict',
      domain: 'strict.example',
      name: 'S',
      timezone: 'UTC',
      fallbackUrl: null,
      privacyMode: 'strict',
    });
    await store.createLinks([
      newLink(paris.id, { id: 'kit', slug: 'kit', title: 'Storm warning' }),
      newLink(paris.id, { id: 'kit-wa', slug: 'kit-wa', parentId: 'kit', channel: 'whatsapp' }),
      newLink(paris.id, { id: 'kit-tg', slug: 'kit-tg', parentId: 'kit', channel: 'telegram' }),
    ]);
    const events: NewEvent[] = [
      // The kit: 12 WhatsApp and 3 Telegram previews now; 4 an hour at this hour in past weeks.
      ...times(12, (i) =>
        event(paris, {
          type: 'preview',
          kind: 'preview',
          linkId: 'kit-wa',
          occurredAt: T - (i + 1) * MINUTE,
        }),
      ),
      ...times(3, (i) =>
        event(paris, {
          type: 'preview',
          kind: 'preview',
          linkId: 'kit-tg',
          source: 'telegram',
          occurredAt: T - (i + 1) * MINUTE,
        }),
      ),
      ...times(16, (i) =>
        event(paris, {
          type: 'preview',
          kind: 'preview',
          linkId: 'kit-wa',
          occurredAt: T - 10 * MINUTE - (1 + (i % 4)) * WEEK,
        }),
      ),
      // Page /a: 25 visits now, but it usually has 20 an hour at this time: 25 < 3 × 10.
      ...times(25, (i) => event(paris, { path: '/a', occurredAt: T - (i + 1) * MINUTE })),
      ...times(80, (i) => event(paris, { path: '/a', occurredAt: T - 5 * MINUTE - (1 + (i % 4)) * WEEK })),
      // Strict site: 23 visits on /b.
      ...times(23, (i) =>
        event(strict, {
          path: '/b',
          source: i < 17 ? 'whatsapp' : 'signal',
          occurredAt: T - (i + 1) * MINUTE,
        }),
      ),
    ];
    await store.insertEvents(events);
    alerts = new AlertService({
      store,
      recipients: t.services.delivery.recipients,
      webhooks: t.services.delivery.webhooks,
      baseUrl: 'https://go.example.test',
      mailConfigured: false,
      retryWindowMs: 60_000,
      now: () => clock,
    });
  });

  afterAll(async () => {
    await t.close();
    await engine.drop();
  });

  it('weighs a page against its usual level for that hour of the week, and names a kit by its title', async () => {
    await alerts.add(paris, { kind: 'page-spike', quietStart: null, quietEnd: null });
    await alerts.add(paris, { kind: 'kit-previews', quietStart: null, quietEnd: null });
    const found = await alerts.evaluate(paris);
    expect(found.map((c) => c.rule.kind)).toStrictEqual(['kit-previews']);
    const [kit] = found;
    expect(kit?.subject).toStrictEqual({ kind: 'kit', id: 'kit', label: 'Storm warning' });
    expect(kit?.count).toBe(15);
    expect(kit?.baseline).toBe(2);
    expect(kit?.apps).toStrictEqual([
      { source: 'whatsapp', medium: 'messaging', share: 0.8 },
      { source: 'telegram', medium: 'messaging', share: 0.2 },
    ]);
    expect(kit?.dashboardUrl).toBe('https://go.example.test/app/links/kit?site=paris&range=day');
  });

  it("holds alerts in quiet hours of the site's time zone (14:10 in Paris is 13:10 UTC)", async () => {
    const site = { ...paris };
    const rules = await alerts.list(paris.id);
    for (const rule of rules) await alerts.remove(paris.id, rule.id);
    await alerts.add(site, { kind: 'kit-previews', quietStart: 14, quietEnd: 15 });
    expect((await alerts.evaluate(paris)).map((c) => c.held)).toStrictEqual(['quiet-hours']);
    expect(await alerts.run()).toStrictEqual([]);
    await alerts.remove(paris.id, (await alerts.list(paris.id))[0]?.id ?? '');
    await alerts.add(site, { kind: 'kit-previews', quietStart: 13, quietEnd: 14 });
    expect((await alerts.evaluate(paris)).map((c) => c.held)).toStrictEqual([undefined]);
  });

  it('sends once, then holds by cooldown; with no cooldown, the daily cap holds', async () => {
    expect((await alerts.run()).map((c) => c.subject.id)).toStrictEqual(['kit']);
    clock = T + MINUTE;
    expect((await alerts.evaluate(paris)).map((c) => c.held)).toStrictEqual(['cooldown']);
    expect(await alerts.run()).toStrictEqual([]);
    await alerts.remove(paris.id, (await alerts.list(paris.id))[0]?.id ?? '');
    await alerts.add(paris, {
      kind: 'kit-previews',
      quietStart: null,
      quietEnd: null,
      cooldownHours: 0,
      dailyCap: 1,
    });
    expect(await alerts.run()).toHaveLength(1);
    clock = T + 2 * MINUTE;
    expect((await alerts.evaluate(paris)).map((c) => c.held)).toStrictEqual(['daily-cap']);
    clock = T;
  });

  it('rounds a strict site to 10, as its reports are', async () => {
    await alerts.add(strict, { kind: 'page-spike', quietStart: null, quietEnd: null });
    const [page] = await alerts.evaluate(strict);
    expect(page).toMatchObject({ count: 20, baseline: 0, roundedTo: 10 });
    expect(page?.apps.map((app) => app.source)).toStrictEqual(['whatsapp', 'signal']);
  });
  it('two instances on one database: one holds the lease and evaluates, each alert is sent once', async () => {
    clock = T + 10 * MINUTE; // the leases of the runs above (T … T+2 min, 3 min each) have run out
    const other = new AlertService({
      store: t.services.store,
      recipients: t.services.delivery.recipients,
      webhooks: t.services.delivery.webhooks,
      baseUrl: 'https://go.example.test',
      mailConfigured: false,
      retryWindowMs: 60_000,
      now: () => clock,
    });
    await alerts.add(strict, { kind: 'site-spike', minCount: 5, quietStart: null, quietEnd: null });
    const [mine, theirs] = await Promise.all([alerts.run(), other.run()]);
    const fired = [...(mine ?? []), ...(theirs ?? [])].map((c) => `${c.rule.kind} ${c.subject.id}`).sort();
    expect(fired).toStrictEqual(['page-spike /b', 'site-spike site']);
    expect(Math.min(mine?.length ?? 0, theirs?.length ?? 0)).toBe(0);
    clock = T + 20 * MINUTE; // the holder stopped: the other takes over, and the cooldown holds
    expect(await other.run()).toStrictEqual([]);
    // 10 visits left in the window: the page is under its 20, the site over its 5 but cooling down.
    expect((await other.evaluate(strict)).map((c) => `${c.rule.kind} ${c.held}`)).toStrictEqual([
      'site-spike cooldown',
    ]);
    clock = T;
  });
});
