import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalBatchData } from '../../src/outbox/webhook-payloads.js';
import type { NewEvent } from '../../src/store/store.js';
import { startBatchWebhookSite } from '../helpers/batch-webhook-site.js';
import { keepSample } from '../helpers/keep-sample.js';
import type { TestApp } from '../helpers/test-app.js';
import type { WebhookReceiver } from './webhook-receiver.js';

const WINDOW_MS = 1_000;

/**
 * One window's conversions: 9 readers from WhatsApp and 3 from a Google search read the pricing
 * page; 6 of the WhatsApp readers and 1 of Google's subscribe (two in USD, the rest in EUR), one
 * of them twice; every page view is also a conversion of the page goal. Visitor hashes, a country
 * and a device are set as the tracker records them: none may leave.
 */
function conversions(siteId: string, at: number): NewEvent[] {
  const events: NewEvent[] = [];
  const visit = (n: number, source: 'whatsapp' | 'google'): Omit<NewEvent, 'type' | 'occurredAt'> => ({
    siteId,
    linkId: null,
    kind: 'human',
    channel: source === 'whatsapp' ? 'dark-social' : 'search',
    medium: source === 'whatsapp' ? 'messaging' : 'organic',
    source,
    evidence: source === 'whatsapp' ? 'app-referrer' : 'referrer',
    confidence: source === 'whatsapp' ? 'certain' : 'likely',
    path: '/pricing',
    visitorHash: `c0ffee-visitor-${n}`,
    country: 'FR',
    device: 'mobile',
  });
  for (let n = 0; n < 12; n++) {
    const source = n < 9 ? 'whatsapp' : 'google';
    events.push({ ...visit(n, source), type: 'pageview', occurredAt: at + n });
    if (n < 6 || n === 9) {
      const currency = n < 2 ? 'USD' : 'EUR';
      const event = { ...visit(n, source), type: 'event' as const, name: 'subscribe', revenue: 10, currency };
      // The page action's own classification: the visit is what the conversion is credited to.
      Object.assign(event, { channel: 'internal', medium: 'internal', source: 'direct' });
      events.push({ ...event, occurredAt: at + 20 + n });
      if (n === 0) events.push({ ...event, occurredAt: at + 40 });
    }
  }
  return events;
}

describe.each(['anonymous', 'strict'] as const)('goal.converted batches (%s site)', (privacyMode) => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let siteId: string;

  beforeAll(async () => {
    ({ t, receiver, siteId } = await startBatchWebhookSite({
      domain: `goals-${privacyMode}.example`,
      privacyMode,
      events: ['goal.converted'],
      windowMs: WINDOW_MS,
    }));
    const goal = {
      siteId,
      pathPattern: null,
      eventName: null,
      propKey: null,
      propValue: null,
      shareWay: null,
    };
    await t.services.store.goals.createGoal({
      ...goal,
      id: 'g-sub',
      name: 'Subscribe',
      kind: 'event',
      eventName: 'subscribe',
    });
    await t.services.store.goals.createGoal({
      ...goal,
      id: 'g-pricing',
      name: 'Pricing page',
      kind: 'page',
      pathPattern: '/pricing',
    });
    await t.services.store.goals.createGoal({
      ...goal,
      id: 'g-none',
      name: 'Never reached',
      kind: 'page',
      pathPattern: '/never',
    });
  });

  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('sends one signed batch per window: each goal by classification, revenue per currency, nothing personal', async () => {
    // The server's upkeep runs the batcher every half window; its first run set the site's cursor.
    const batcher = t.services.delivery.goalBatcher;
    await batcher.run();
    const windowStart = Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS;
    await new Promise((resolve) => setTimeout(resolve, windowStart - Date.now()));
    await t.services.store.insertEvents(conversions(siteId, windowStart + 10));
    const [delivery] = await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 1.5));
    expect(await batcher.run()).toBe(0); // a window is queued once, however often it runs
    expect(receiver.received).toHaveLength(1);
    if (!delivery) throw new Error('a delivery expected');
    expect(delivery.verified).toBe(true);
    expect(delivery.json.type).toBe('goal.converted');
    expect(delivery.headers['penumbra-event']).toBe('goal.converted');
    expect(delivery.body).not.toMatch(/c0ffee|visitor|hash|user.?agent|\bip\b|"FR"|mobile/i);
    const data = delivery.json.data as GoalBatchData;
    expect(data.window).toEqual({
      from: new Date(windowStart).toISOString(),
      to: new Date(windowStart + WINDOW_MS).toISOString(),
    });
    if (privacyMode === 'anonymous') {
      expect(data).toEqual({
        window: data.window,
        privacyMode: 'anonymous',
        goals: [
          {
            id: 'g-pricing',
            name: 'Pricing page',
            kind: 'page',
            conversions: 12,
            converters: 12,
            revenue: [],
            byChannel: [
              { channel: 'dark-social', conversions: 9 },
              { channel: 'search', conversions: 3 },
            ],
            bySource: [
              {
                channel: 'dark-social',
                medium: 'messaging',
                source: 'whatsapp',
                confidence: 'certain',
                conversions: 9,
                converters: 9,
              },
              {
                channel: 'search',
                medium: 'organic',
                source: 'google',
                confidence: 'likely',
                conversions: 3,
                converters: 3,
              },
            ],
          },
          {
            id: 'g-sub',
            name: 'Subscribe',
            kind: 'event',
            conversions: 8,
            converters: 7,
            revenue: [
              { currency: 'EUR', amount: 50 },
              { currency: 'USD', amount: 30 },
            ],
            byChannel: [
              { channel: 'dark-social', conversions: 7 },
              { channel: 'search', conversions: 1 },
            ],
            bySource: [
              {
                channel: 'dark-social',
                medium: 'messaging',
                source: 'whatsapp',
                confidence: 'certain',
                conversions: 7,
                converters: 6,
              },
              {
                channel: 'search',
                medium: 'organic',
                source: 'google',
                confidence: 'likely',
                conversions: 1,
                converters: 1,
              },
            ],
          },
        ],
      });
      keepSample(
        'webhook-goal-converted.txt',
        `${Object.entries(delivery.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n')}\n\n${JSON.stringify(delivery.json, null, 2)}\n`,
      );
    } else {
      // Strict: aggregates only, rounded to 10 like its reports; what rounds to nothing is left out.
      expect(data).toEqual({
        window: data.window,
        privacyMode: 'strict',
        roundedTo: 10,
        goals: [
          {
            id: 'g-pricing',
            name: 'Pricing page',
            kind: 'page',
            conversions: 10,
            converters: 10,
            revenue: [],
            byChannel: [{ channel: 'dark-social', conversions: 10 }],
          },
          {
            id: 'g-sub',
            name: 'Subscribe',
            kind: 'event',
            conversions: 10,
            converters: 10,
            revenue: [
              { currency: 'EUR', amount: 50 },
              { currency: 'USD', amount: 30 },
            ],
            byChannel: [{ channel: 'dark-social', conversions: 10 }],
          },
        ],
      });
      expect(delivery.body).not.toMatch(/bySource|whatsapp|google/);
    }
  });
});
