import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { NewDelivery } from '../../src/store/outbox-store.js';
import { type Store, StoreConflictError } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { newEvent, newLink, newSite } from '../store/contract/fixtures.js';

let sequence = 0;
function delivery(siteId: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  sequence += 1;
  return {
    id: `delivery-${sequence}`,
    siteId,
    channel: 'webhook',
    targetId: 'endpoint-1',
    eventType: 'test',
    payload: '{"hello":"world"}',
    dedupeKey: null,
    nextAttemptAt: 1_000,
    giveUpAt: 100_000,
    ...overrides,
  };
}

async function open(engine: EngineEnv): Promise<Store> {
  return openStore({
    databaseUrl: engine.env.DATABASE_URL,
    dataDir: mkdtempSync(join(tmpdir(), 'penumbra-outbox-')),
  });
}

describe.each(ENGINES)('outbox store on %s', (engineName) => {
  let engine: EngineEnv;
  let store: Store;
  let siteId: string;

  beforeEach(async () => {
    engine = await engineEnv(engineName, 'outbox');
    store = await open(engine);
    siteId = (await store.createSite(newSite())).id;
  });

  afterEach(async () => {
    await store.close();
    await engine.drop();
  });

  it('keeps endpoints per site with their events, and marks them failing', async () => {
    const endpoint = await store.outbox.createWebhookEndpoint({
      id: 'e1',
      siteId,
      url: 'https://hooks.example/a',
      secret: 'whsec_x',
      events: ['link.clicked', 'report.weekly'],
      description: 'CRM',
    });
    expect(await store.outbox.getWebhookEndpoint('e1')).toStrictEqual(endpoint);
    expect((await store.outbox.listSubscribedEndpoints('link.clicked')).map((e) => e.id)).toStrictEqual([
      'e1',
    ]);
    expect(await store.outbox.listSubscribedEndpoints('link.shared')).toStrictEqual([]);
    await store.outbox.markWebhookEndpoint('e1', '2026-12-06T10:00:00.000Z');
    expect((await store.outbox.listWebhookEndpoints(siteId))[0]?.failingSince).toBe(
      '2026-12-06T10:00:00.000Z',
    );
    expect(await store.outbox.deleteWebhookEndpoint('other-site', 'e1')).toBe(false);
    expect(await store.outbox.deleteWebhookEndpoint(siteId, 'e1')).toBe(true);
    expect(await store.outbox.listWebhookEndpoints(siteId)).toStrictEqual([]);
  });

  it('queues a dedupe key once, and leases a due delivery to one claimant at a time', async () => {
    const first = delivery(siteId, { dedupeKey: 'digest:r1:2026-W49' });
    expect(
      await store.outbox.enqueueDeliveries([first, delivery(siteId, { dedupeKey: 'digest:r1:2026-W49' })]),
    ).toBe(1);
    expect(await store.outbox.hasDelivery('digest:r1:2026-W49')).toBe(true);
    expect(await store.outbox.claimDueDeliveries(999, 10, 5_000)).toStrictEqual([]); // not due yet
    const [claimed, ...rest] = await store.outbox.claimDueDeliveries(1_000, 10, 5_000);
    expect(rest).toStrictEqual([]);
    expect(claimed).toMatchObject({ id: first.id, status: 'pending', attempts: 0, payload: first.payload });
    expect(await store.outbox.claimDueDeliveries(5_999, 10, 5_000)).toStrictEqual([]); // leased
    // The lease ran out: another claimant takes it, and the first one's late answer is refused.
    const [again] = await store.outbox.claimDueDeliveries(6_001, 10, 5_000);
    expect(again?.id).toBe(first.id);
    const attempt = {
      at: '2026-12-06T10:00:00.000Z',
      statusCode: 500,
      error: 'the receiver answered 500',
      durationMs: 12,
    };
    if (!claimed || !again) throw new Error('claims expected');
    expect(
      await store.outbox.recordAttempt(claimed, attempt, { status: 'pending', nextAttemptAt: 9_000 }),
    ).toBe(false);
    expect(
      await store.outbox.recordAttempt(again, attempt, { status: 'pending', nextAttemptAt: 9_000 }),
    ).toBe(true);
    const [retried] = await store.outbox.claimDueDeliveries(9_000, 10, 5_000);
    if (!retried) throw new Error('the retry is due');
    expect(retried.attempts).toBe(1);
    const landed = { at: '2026-12-06T10:01:00.000Z', statusCode: 204, error: null, durationMs: 3 };
    expect(await store.outbox.recordAttempt(retried, landed, { status: 'delivered' })).toBe(true);
    expect(await store.outbox.getDelivery(siteId, first.id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
      deliveredAt: '2026-12-06T10:01:00.000Z',
    });
    expect(await store.outbox.listDeliveryAttempts(first.id)).toStrictEqual([
      { deliveryId: first.id, attempt: 1, ...attempt },
      { deliveryId: first.id, attempt: 2, ...landed },
    ]);
  });

  it('lists the log newest first, replays a finished delivery, prunes old ones', async () => {
    const [a, b] = [delivery(siteId), delivery(siteId, { targetId: 'recipient-1', channel: 'email' })];
    if (!a || !b) throw new Error('two deliveries');
    await store.outbox.enqueueDeliveries([a]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.outbox.enqueueDeliveries([b]);
    const log = await store.outbox.listDeliveries({ siteId, limit: 10, offset: 0 });
    expect(log.total).toBe(2);
    expect(log.items.map((d) => d.id)).toStrictEqual([b.id, a.id]);
    expect(
      (await store.outbox.listDeliveries({ siteId, targetId: 'recipient-1', limit: 10, offset: 0 })).total,
    ).toBe(1);
    const claims = await store.outbox.claimDueDeliveries(2_000, 10, 1_000);
    for (const claim of claims) {
      await store.outbox.recordAttempt(
        claim,
        { at: 'x', statusCode: null, error: 'timeout', durationMs: 1 },
        { status: 'failed' },
      );
    }
    expect((await store.outbox.getDelivery(siteId, a.id))?.status).toBe('failed');
    expect(await store.outbox.replayDelivery('other', a.id, 50_000, 60_000)).toBeUndefined();
    expect(await store.outbox.replayDelivery(siteId, a.id, 50_000, 60_000)).toMatchObject({
      status: 'pending',
      nextAttemptAt: 50_000,
      giveUpAt: 60_000,
      attempts: 1,
    });
    expect(await store.outbox.pruneDeliveries(new Date(Date.now() + 60_000).toISOString())).toBe(1); // b, failed
    expect(
      (await store.outbox.listDeliveries({ siteId, limit: 10, offset: 0 })).items.map((d) => d.id),
    ).toStrictEqual([a.id]);
  });

  it('moves cursors forward only, and counts previews and clicks of links in a window', async () => {
    expect(await store.outbox.getCursor('link-batches:x')).toBeUndefined();
    await store.outbox.advanceCursor('link-batches:x', 60_000);
    await store.outbox.advanceCursor('link-batches:x', 30_000);
    expect(await store.outbox.getCursor('link-batches:x')).toBe(60_000);
    const [link] = await store.createLinks([newLink(siteId)]);
    if (!link) throw new Error('a link');
    const base = Date.UTC(2026, 11, 6, 10);
    const click = (at: number, source: string) =>
      newEvent(siteId, link.id, {
        type: 'click',
        channel: 'dark-social',
        medium: 'messaging',
        source,
        occurredAt: at,
      });
    await store.insertEvents([
      click(base, 'whatsapp'),
      click(base + 1, 'whatsapp'),
      click(base + 2, 'telegram'),
      newEvent(siteId, link.id, {
        type: 'preview',
        kind: 'preview',
        channel: 'dark-social',
        medium: 'messaging',
        source: 'whatsapp',
        occurredAt: base + 3,
      }),
      click(base + 60_000, 'whatsapp'), // next window
      newEvent(siteId, null, { type: 'pageview', occurredAt: base }),
    ]);
    expect(await store.outbox.countLinkActivity(siteId, base, base + 60_000)).toStrictEqual([
      {
        linkId: link.id,
        type: 'click',
        channel: 'dark-social',
        medium: 'messaging',
        source: 'whatsapp',
        count: 2,
      },
      {
        linkId: link.id,
        type: 'click',
        channel: 'dark-social',
        medium: 'messaging',
        source: 'telegram',
        count: 1,
      },
      {
        linkId: link.id,
        type: 'preview',
        channel: 'dark-social',
        medium: 'messaging',
        source: 'whatsapp',
        count: 1,
      },
    ]);
  });

  it('counts dark-social page views by page and app over local days', async () => {
    const paris = (await store.createSite(newSite({ timezone: 'Europe/Paris' }))).id;
    const view = (at: number, source: string, channel = 'dark-social') =>
      newEvent(paris, null, { type: 'pageview', kind: 'human', channel, source, path: '/a', occurredAt: at });
    await store.insertEvents([
      view(Date.UTC(2026, 10, 22, 23, 30), 'whatsapp'), // Monday 00:30 in Paris: inside
      view(Date.UTC(2026, 10, 22, 22, 30), 'whatsapp'), // Sunday 23:30 in Paris: before
      view(Date.UTC(2026, 10, 25, 12), 'whatsapp'),
      view(Date.UTC(2026, 10, 25, 12), 'telegram'),
      view(Date.UTC(2026, 10, 25, 12), 'google', 'search'),
    ]);
    const rows = await store.outbox.countPageApps(paris, '2026-11-23', '2026-11-29');
    expect(rows.sort((a, b) => a.source.localeCompare(b.source))).toStrictEqual([
      { path: '/a', source: 'telegram', count: 1 },
      { path: '/a', source: 'whatsapp', count: 2 },
    ]);
  });

  it('keeps one recipient per kind and address, and drops everything with the site', async () => {
    const recipient = await store.recipients.createRecipient({
      id: 'r1',
      siteId,
      kind: 'email',
      address: 'ed@example.org',
      language: 'fr',
      schedule: 'both',
    });
    expect(await store.recipients.getRecipient('r1')).toStrictEqual(recipient);
    await expect(
      store.recipients.createRecipient({ ...recipient, id: 'r2', createdAt: undefined } as never),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.recipients.listRecipients()).toHaveLength(1);
    await store.outbox.createWebhookEndpoint({
      id: 'e9',
      siteId,
      url: 'https://h.example/',
      secret: 's',
      events: ['test' as never],
      description: '',
    });
    await store.outbox.enqueueDeliveries([delivery(siteId)]);
    await store.deleteSite(siteId);
    expect(await store.recipients.listRecipients()).toStrictEqual([]);
    expect(await store.outbox.getWebhookEndpoint('e9')).toBeUndefined();
    expect((await store.outbox.listDeliveries({ siteId, limit: 5, offset: 0 })).total).toBe(0);
    expect(await store.recipients.deleteRecipient('r1')).toBe(false);
  });
});

describe.skipIf(!ENGINES.includes('postgres'))('outbox claims from several PostgreSQL instances', () => {
  it('gives each due delivery to exactly one of two stores claiming at once', async () => {
    const engine = await engineEnv('postgres', 'outbox');
    const [a, b] = [await open(engine), await open(engine)];
    if (!a || !b) throw new Error('two stores');
    try {
      const siteId = (await a.createSite(newSite())).id;
      const all = Array.from({ length: 60 }, () => delivery(siteId));
      await a.outbox.enqueueDeliveries(all);
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).outbox.claimDueDeliveries(2_000, 10, 60_000)),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(60);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await engine.drop();
    }
  });
});
