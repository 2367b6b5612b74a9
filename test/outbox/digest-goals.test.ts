import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/reports/digest.js';
import { lastCompletePeriod } from '../../src/reports/report-period.js';
import type { NewEvent } from '../../src/store/store.js';
import { apiRequest } from '../helpers/api-request.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The digest's goals (src/reports/digest.ts) on an exact and a strict site from the same week: 15
 * readers from WhatsApp and 3 from Google subscribe (EUR), 3 WhatsApp readers donate (USD). A
 * strict site rounds to 10 — the rate made of rounded counts — and leaves out a goal (or a
 * channel, an app) that rounds to nothing, the donations' revenue with it.
 */
describe.each(['anonymous', 'strict'] as const)('goals in the digest (%s site)', (privacyMode) => {
  let t: TestApp;
  let siteId: string;
  const week = lastCompletePeriod('weekly', new Date().toISOString().slice(0, 10));

  beforeAll(async () => {
    t = await startTestApp();
    siteId = String(
      (
        await apiRequest(t, 'POST', '/api/sites', {
          domain: `${privacyMode}.example`,
          privacyMode,
          timezone: 'UTC',
        })
      ).body.id,
    );
    const goal = { siteId, pathPattern: null, propKey: null, propValue: null, shareWay: null };
    await t.services.store.goals.createGoal({
      ...goal,
      id: `${privacyMode}-sub`,
      name: 'Subscribe',
      kind: 'event',
      eventName: 'subscribe',
    });
    await t.services.store.goals.createGoal({
      ...goal,
      id: `${privacyMode}-don`,
      name: 'Donate',
      kind: 'event',
      eventName: 'donate',
    });
    const tuesday = Date.parse(`${week.from}T10:00:00Z`) + 86_400_000;
    const events: NewEvent[] = [];
    for (let n = 0; n < 18; n++) {
      const fromWhatsapp = n < 15;
      const visit = {
        siteId,
        linkId: null,
        kind: 'human',
        channel: fromWhatsapp ? 'dark-social' : 'search',
        medium: fromWhatsapp ? 'messaging' : 'organic',
        source: fromWhatsapp ? 'whatsapp' : 'google',
        evidence: 'referrer',
        confidence: 'certain',
        path: '/offer',
        visitorHash: `reader-${n}`,
      };
      events.push({ ...visit, type: 'pageview', occurredAt: tuesday + n * 60_000 });
      events.push({
        ...visit,
        type: 'event',
        name: 'subscribe',
        revenue: 9.99,
        currency: 'EUR',
        occurredAt: tuesday + n * 60_000 + 30_000,
      });
      if (n < 3)
        events.push({
          ...visit,
          type: 'event',
          name: 'donate',
          revenue: 5,
          currency: 'USD',
          occurredAt: tuesday + n * 60_000 + 40_000,
        });
    }
    await t.services.store.insertEvents(events);
    await t.services.store.foldRollups();
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives each goal by channel, dark social by app, with its rate and revenue per currency', async () => {
    const site = await t.services.store.getSite(siteId);
    if (!site) throw new Error('site expected');
    const digest = await buildDigest(
      { stats: t.services.stats, store: t.services.store, baseUrl: 'https://go.example.test' },
      site,
      week,
    );
    if (privacyMode === 'anonymous') {
      expect(digest.goalsByChannel).toEqual([
        {
          id: 'anonymous-sub',
          name: 'Subscribe',
          conversions: 18,
          converters: 18,
          conversionRate: 1,
          revenue: [{ currency: 'EUR', amount: 179.82 }],
          byChannel: [
            { channel: 'dark-social', conversions: 15, apps: [{ source: 'whatsapp', conversions: 15 }] },
            { channel: 'search', conversions: 3 },
          ],
        },
        {
          id: 'anonymous-don',
          name: 'Donate',
          conversions: 3,
          converters: 3,
          conversionRate: 0.1667,
          revenue: [{ currency: 'USD', amount: 15 }],
          byChannel: [
            { channel: 'dark-social', conversions: 3, apps: [{ source: 'whatsapp', conversions: 3 }] },
          ],
        },
      ]);
    } else {
      // 18 → 20 and 15 → 20 (to the nearest 10); search's 3 and the donations' 3 round to nothing.
      expect(digest.roundedTo).toBe(10);
      expect(digest.goalsByChannel).toEqual([
        {
          id: 'strict-sub',
          name: 'Subscribe',
          conversions: 20,
          converters: 20,
          conversionRate: 1,
          revenue: [{ currency: 'EUR', amount: 179.82 }],
          byChannel: [
            { channel: 'dark-social', conversions: 20, apps: [{ source: 'whatsapp', conversions: 20 }] },
          ],
        },
      ]);
    }
  });
});
