import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/store/store.js';
import { startBatchWebhookSite } from '../helpers/batch-webhook-site.js';
import { keepSample } from '../helpers/keep-sample.js';
import type { TestApp } from '../helpers/test-app.js';
import type { WebhookReceiver } from './webhook-receiver.js';

const WINDOW_MS = 1_000;

/** Previews and clicks of a kit's WhatsApp variant, as the redirect records them (with a visitor hash). */
function linkEvents(siteId: string, linkId: string, at: number): NewEvent[] {
  const event = (type: 'preview' | 'click', source: string, n: number): NewEvent => ({
    siteId,
    linkId,
    type,
    kind: type === 'preview' ? 'preview' : 'human',
    channel: 'dark-social',
    medium: 'messaging',
    source,
    evidence: 'tracked-link',
    confidence: 'certain',
    occurredAt: at + n,
    visitorHash: 'c0ffee-visitor-hash-never-sent',
    country: 'FR',
    device: 'mobile',
  });
  return [
    ...Array.from({ length: 12 }, (_, n) => event('preview', 'whatsapp', n)),
    ...Array.from({ length: 3 }, (_, n) => event('preview', 'signal', 20 + n)),
    ...Array.from({ length: 7 }, (_, n) => event('click', 'whatsapp', 40 + n)),
  ];
}

describe.each(['anonymous', 'strict'] as const)(
  'link.shared and link.clicked batches (%s site)',
  (privacyMode) => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let siteId: string;

    beforeAll(async () => {
      ({ t, receiver, siteId } = await startBatchWebhookSite({
        domain: `${privacyMode}.example`,
        privacyMode,
        events: ['link.shared', 'link.clicked'],
        windowMs: WINDOW_MS,
      }));
    });

    afterAll(async () => {
      await t.close();
      await receiver.close();
    });

    it('sends one signed batch per type and window, with counts by classification and nothing personal', async () => {
      // The server's upkeep runs the batcher every half window; its first run set the site's cursor.
      const batcher = t.services.delivery.linkBatcher;
      await batcher.run();
      const [kit, variant] = await t.services.store.createLinks([
        {
          id: `${privacyMode}-kit`,
          siteId,
          parentId: null,
          channel: null,
          slug: `${privacyMode}-kit`,
          url: 'https://news.example/a',
          title: 'A',
          description: null,
          image: null,
          utm: {},
          tags: [],
          expiresAt: null,
          maxClicks: null,
          disabled: false,
        },
        {
          id: `${privacyMode}-wa`,
          siteId,
          parentId: `${privacyMode}-kit`,
          channel: 'whatsapp',
          slug: `${privacyMode}-wa`,
          url: 'https://news.example/a',
          title: 'A',
          description: null,
          image: null,
          utm: {},
          tags: [],
          expiresAt: null,
          maxClicks: null,
          disabled: false,
        },
      ]);
      if (!kit || !variant) throw new Error('links expected');
      // All in the window open now (they span 50 ms from its start), so one batch per type.
      const windowStart = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
      await t.services.store.insertEvents(linkEvents(siteId, variant.id, windowStart + 10));
      // The window closes, the batcher reads it half a window later (the sink's lag) and queues it.
      const got = await receiver.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 1.5));
      expect(await batcher.run()).toBe(0); // a window is queued once, however often it runs
      expect(receiver.received).toHaveLength(2);
      expect(got.every((d) => d.verified)).toBe(true);
      const shared = got.find((d) => d.json.type === 'link.shared');
      const clicked = got.find((d) => d.json.type === 'link.clicked');
      if (!shared || !clicked) throw new Error('both batches expected');
      for (const delivery of got) {
        expect(delivery.body).not.toMatch(/c0ffee|visitor|hash|user.?agent|\bip\b|"FR"|mobile/i);
      }
      const data = shared.json.data as Record<string, unknown>;
      if (privacyMode === 'anonymous') {
        expect(data).toMatchObject({
          privacyMode: 'anonymous',
          total: 15,
          byChannel: [{ channel: 'dark-social', count: 15 }],
          links: [
            {
              id: variant.id,
              slug: variant.slug,
              kit: kit.id,
              variant: 'whatsapp',
              count: 15,
              bySource: [
                { channel: 'dark-social', medium: 'messaging', source: 'whatsapp', count: 12 },
                { channel: 'dark-social', medium: 'messaging', source: 'signal', count: 3 },
              ],
            },
          ],
        });
        expect((clicked.json.data as { total: number }).total).toBe(7);
      } else {
        // Strict: aggregates only, rounded to 10 like its reports.
        expect(data).toMatchObject({
          privacyMode: 'strict',
          total: 20,
          roundedTo: 10,
          links: [{ count: 20 }],
        });
        expect(JSON.stringify(data)).not.toContain('bySource');
        expect(JSON.stringify(data)).not.toContain('signal');
        expect((clicked.json.data as { total: number }).total).toBe(10);
      }
      if (privacyMode === 'anonymous') {
        keepSample(
          'webhook-link-shared.txt',
          `${Object.entries(shared.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}\n\n${JSON.stringify(shared.json, null, 2)}\n`,
        );
      }
    });
  },
);
