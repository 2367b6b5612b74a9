import { describe, expect, it } from 'vitest';
import type { EventType, NewEvent } from '../../../src/store/store.js';
import { at, newEvent, newLink, type StoreRef, seedSite } from './fixtures.js';

const TYPES: readonly EventType[] = ['click', 'preview', 'bot'];
const CHANNELS = ['whatsapp', 'sms', 'email'] as const;

async function twoLinks(store: StoreRef, siteId: string): Promise<[string, string]> {
  const links = await store().createLinks([newLink(siteId), newLink(siteId)]);
  return [at(links, 0).id, at(links, 1).id];
}

export function eventContract(store: StoreRef): void {
  describe('events', () => {
    it('accepts an empty batch', async () => {
      await store().insertEvents([]);
      expect(await store().countEvents()).toBe(0);
    });

    it('counts a batch of 5,000 events exactly', async () => {
      const siteId = await seedSite(store());
      const [a, b] = await twoLinks(store, siteId);
      // Every fifth event has no link; the others alternate between a and b and cycle the types.
      const batch: NewEvent[] = Array.from({ length: 5_000 }, (_, i) =>
        newEvent(siteId, i % 5 === 4 ? null : i % 2 === 0 ? a : b, {
          type: at(TYPES, i % 3),
          occurredAt: Date.UTC(2026, 0, 1) + i,
        }),
      );
      await store().insertEvents(batch);

      const clicksOf = (id: string) =>
        batch.filter((event) => event.linkId === id && event.type === 'click').length;
      expect(await store().countEvents()).toBe(5_000);
      expect(await store().countClicks([a, b])).toEqual(
        new Map([
          [a, clicksOf(a)],
          [b, clicksOf(b)],
        ]),
      );
      const rows = await store().countLinkEvents([a, b]);
      expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(
        batch.filter((event) => event.linkId).length,
      );
    });

    it('groups counts by link, type, channel and source', async () => {
      const siteId = await seedSite(store());
      const [aId, bId] = await twoLinks(store, siteId);
      await store().insertEvents([
        ...CHANNELS.map((channel) => newEvent(siteId, aId, { channel, source: channel })),
        newEvent(siteId, aId, { channel: 'sms', source: 'sms' }),
        newEvent(siteId, aId, { type: 'preview', channel: 'whatsapp', source: 'whatsapp' }),
        newEvent(siteId, bId, { type: 'bot', channel: 'unknown', source: 'crawler' }),
        newEvent(siteId, null),
      ]);

      const rows = await store().countLinkEvents([aId, bId]);
      expect(rows).toHaveLength(5);
      expect(rows).toEqual(
        expect.arrayContaining([
          { linkId: aId, type: 'click', channel: 'email', source: 'email', count: 1 },
          { linkId: aId, type: 'click', channel: 'sms', source: 'sms', count: 2 },
          { linkId: aId, type: 'click', channel: 'whatsapp', source: 'whatsapp', count: 1 },
          { linkId: aId, type: 'preview', channel: 'whatsapp', source: 'whatsapp', count: 1 },
          { linkId: bId, type: 'bot', channel: 'unknown', source: 'crawler', count: 1 },
        ]),
      );
      expect(await store().countLinkEvents([bId])).toStrictEqual([
        { linkId: bId, type: 'bot', channel: 'unknown', source: 'crawler', count: 1 },
      ]);
      expect(await store().countLinkEvents([])).toEqual([]);
    });

    it('counts clicks only, with 0 for an asked link that has none', async () => {
      const siteId = await seedSite(store());
      const [aId, bId] = await twoLinks(store, siteId);
      await store().insertEvents([
        newEvent(siteId, aId),
        newEvent(siteId, aId),
        newEvent(siteId, bId, { type: 'preview' }),
        newEvent(siteId, bId, { type: 'bot' }),
      ]);
      const clicks = await store().countClicks([aId, bId]);
      expect(clicks).toEqual(
        new Map([
          [aId, 2],
          [bId, 0],
        ]),
      );
      expect(typeof clicks.get(aId)).toBe('number');
      expect(await store().countClicks([])).toEqual(new Map());
    });

    it('writes a batch all or nothing', async () => {
      const siteId = await seedSite(store());
      const link = at(await store().createLinks([newLink(siteId)]));
      const broken = newEvent(siteId, link.id, { type: 'nonsense' as EventType });
      const batch = [newEvent(siteId, link.id), broken, newEvent(siteId, link.id)];
      await expect(store().insertEvents(batch)).rejects.toThrow();
      expect(await store().countEvents()).toBe(0);
    });

    it('drops the events of a site or link that is gone and stores the rest of the batch', async () => {
      // The sink retries a failed batch first: one event of a deleted site must not block all others.
      const siteId = await seedSite(store());
      const goneSite = await seedSite(store());
      const [kept, gone] = await twoLinks(store, siteId);
      await store().deleteLink(gone);
      await store().deleteSite(goneSite);
      const batch = [
        newEvent(siteId, kept),
        newEvent(siteId, gone),
        newEvent(goneSite, null),
        newEvent('never-existed', null),
        newEvent(siteId, null),
      ];
      expect(await store().insertEvents(batch)).toBe(2);
      expect(await store().countEvents()).toBe(2);
      expect(await store().countClicks([kept, gone])).toEqual(
        new Map([
          [kept, 1],
          [gone, 0],
        ]),
      );
    });
  });
}
