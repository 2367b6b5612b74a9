import { describe, expect, it } from 'vitest';
import type { EventType, NewEvent, StoredEvent } from '../../../src/store/store.js';
import { at, newEvent, newLink, newPageview, type StoreRef, seedSite } from './fixtures.js';

const ALL_TYPES: readonly EventType[] = [
  'click',
  'preview',
  'bot',
  'pageview',
  'event',
  'copy',
  'share',
  'outbound',
];

/** The optional fields of NewEvent, all `null` on an event that left them out. */
const NO_EXTRAS = {
  path: null,
  visitorHash: null,
  country: null,
  device: null,
  browser: null,
  generation: null,
  shareId: null,
  parentShareId: null,
  originChannel: null,
  name: null,
  props: null,
  value: null,
  revenue: null,
  currency: null,
  dedupeKey: null,
} as const satisfies Partial<NewEvent>;

const stored = (event: NewEvent): StoredEvent => ({ ...NO_EXTRAS, ...event, id: expect.any(Number) });

const T0 = Date.UTC(2026, 2, 1);

export function measurementEventContract(store: StoreRef): void {
  describe('measurement events', () => {
    it('writes a batch of 10,000 events in one transaction, quickly, and skips it quickly the second time', async () => {
      const site = await seedSite(store());
      const batch = Array.from({ length: 10_000 }, (_, i) =>
        newPageview(site, { occurredAt: i, dedupeKey: `log:${i}` }),
      );
      let started = performance.now();
      expect(await store().insertEvents(batch)).toBe(10_000);
      expect(performance.now() - started).toBeLessThan(3_000);
      started = performance.now();
      expect(await store().insertEvents(batch)).toBe(0);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await store().countEvents()).toBe(10_000);
    });

    it('stores every event type', async () => {
      const siteId = await seedSite(store());
      const batch = ALL_TYPES.map((type, i) => newEvent(siteId, null, { type, occurredAt: T0 + i }));
      expect(await store().insertEvents(batch)).toBe(ALL_TYPES.length);
      const listed = await store().listEvents({ siteId, limit: 100 });
      expect(listed.map((event) => event.type)).toEqual([...ALL_TYPES].reverse());
    });

    it('reads every field back with its type, and nulls for the fields left out', async () => {
      const siteId = await seedSite(store());
      const link = at(await store().createLinks([newLink(siteId)]));
      const full = newPageview(siteId, { occurredAt: T0 + 2, dedupeKey: 'log:1' });
      const custom = newPageview(siteId, {
        type: 'event',
        occurredAt: T0 + 1,
        name: 'signup',
        props: '{"b":1,  "a":[true,null]}',
        value: 3,
        generation: 0,
      });
      const plain = newEvent(siteId, link.id, { occurredAt: T0 });
      expect(await store().insertEvents([full, custom, plain])).toBe(3);

      const listed = await store().listEvents({ siteId, limit: 10 });
      expect(listed).toStrictEqual([stored(full), stored(custom), stored(plain)]);
      const [first, second, third] = listed;
      for (const event of listed) {
        expect(typeof event.id).toBe('number');
        expect(typeof event.occurredAt).toBe('number');
      }
      expect(typeof first?.value).toBe('number');
      expect(typeof first?.generation).toBe('number');
      // JSON text comes back byte for byte (no key reordering, no whitespace change).
      expect(second?.props).toBe('{"b":1,  "a":[true,null]}');
      expect(second).toMatchObject({ value: 3, generation: 0 });
      expect(third).toMatchObject({ linkId: link.id, ...NO_EXTRAS });
    });

    it('keeps a fractional, a negative and a large value exactly', async () => {
      const siteId = await seedSite(store());
      const values = [0.1, -7.25, 2 ** 53 - 1, 0];
      await store().insertEvents(
        values.map((value, i) => newPageview(siteId, { value, occurredAt: T0 + i })),
      );
      const listed = await store().listEvents({ siteId, limit: 10 });
      expect(listed.map((event) => event.value)).toEqual([...values].reverse());
    });

    it('keeps a custom event revenue and its currency (a refund negative), null on other events', async () => {
      const siteId = await seedSite(store());
      const sale = newPageview(siteId, {
        type: 'event',
        name: 'subscribe',
        revenue: 9.99,
        currency: 'EUR',
        occurredAt: T0 + 2,
      });
      const refund = newPageview(siteId, {
        type: 'event',
        name: 'refund',
        revenue: -120.5,
        currency: 'JPY',
        occurredAt: T0 + 1,
      });
      const plain = newPageview(siteId, { occurredAt: T0 });
      expect(await store().insertEvents([sale, refund, plain])).toBe(3);
      const listed = await store().listEvents({ siteId, limit: 10 });
      expect(listed.map((event) => [event.revenue, event.currency])).toStrictEqual([
        [9.99, 'EUR'],
        [-120.5, 'JPY'],
        [null, null],
      ]);
      expect(typeof listed[0]?.revenue).toBe('number');
    });

    it('refuses a revenue without a currency, a currency without revenue or a non-finite revenue', async () => {
      const siteId = await seedSite(store());
      for (const fields of [
        { revenue: 5 },
        { currency: 'EUR' },
        { revenue: Number.NaN, currency: 'EUR' },
        { revenue: Number.POSITIVE_INFINITY, currency: 'USD' },
      ]) {
        await expect(
          store().insertEvents([newPageview(siteId), newPageview(siteId, { type: 'event', ...fields })]),
        ).rejects.toThrow(RangeError);
      }
      expect(await store().countEvents()).toBe(0);
    });

    it('refuses a value that is not a finite number, storing nothing of the batch', async () => {
      const siteId = await seedSite(store());
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(
          store().insertEvents([newPageview(siteId), newPageview(siteId, { value })]),
        ).rejects.toThrow(RangeError);
      }
      expect(await store().countEvents()).toBe(0);
    });

    it('skips an event whose dedupe key is already stored, and says how many it stored', async () => {
      const siteId = await seedSite(store());
      const first = [
        newPageview(siteId, { dedupeKey: 'a', path: '/first-a' }),
        newPageview(siteId, { dedupeKey: 'b' }),
        newPageview(siteId),
        newPageview(siteId),
      ];
      expect(await store().insertEvents(first)).toBe(4);
      const second = [
        newPageview(siteId, { dedupeKey: 'a', path: '/second-a' }),
        newPageview(siteId, { dedupeKey: 'c' }),
        newPageview(siteId, { dedupeKey: null }),
        newPageview(siteId, { dedupeKey: 'b' }),
      ];
      expect(await store().insertEvents(second)).toBe(2);
      expect(await store().insertEvents(first.slice(0, 2))).toBe(0);
      expect(await store().countEvents()).toBe(6);
      const keyed = (await store().listEvents({ siteId, limit: 100 })).filter((e) => e.dedupeKey === 'a');
      expect(keyed.map((event) => event.path)).toEqual(['/first-a']);
    });

    it('stores a key repeated within one batch once, the first time', async () => {
      const siteId = await seedSite(store());
      const batch = [
        newPageview(siteId, { dedupeKey: 'x', path: '/one', occurredAt: T0 }),
        newPageview(siteId, { dedupeKey: 'y', occurredAt: T0 + 1 }),
        newPageview(siteId, { dedupeKey: 'x', path: '/two', occurredAt: T0 + 2 }),
        newPageview(siteId, { dedupeKey: 'x', path: '/three', occurredAt: T0 + 3 }),
      ];
      expect(await store().insertEvents(batch)).toBe(2);
      const listed = await store().listEvents({ siteId, limit: 10 });
      expect(listed.map((event) => [event.dedupeKey, event.path])).toEqual([
        ['y', at(batch, 1).path],
        ['x', '/one'],
      ]);
    });

    it('still fails the whole batch on any other error, keys or not', async () => {
      const siteId = await seedSite(store());
      const badType = newPageview(siteId, { type: 'visit' as EventType, dedupeKey: 'bad-type' });
      // (An event of a link or site that is gone is dropped instead: see the events contract.)
      const noKind = { ...newPageview(siteId, { dedupeKey: 'no-kind' }), kind: null as unknown as string };
      for (const bad of [badType, noKind]) {
        const batch = [newPageview(siteId, { dedupeKey: 'good' }), bad, newPageview(siteId)];
        await expect(store().insertEvents(batch)).rejects.toThrow();
      }
      expect(await store().countEvents()).toBe(0);
      // Nothing of the failed batches was kept, so their keys are still free.
      expect(await store().insertEvents([newPageview(siteId, { dedupeKey: 'good' })])).toBe(1);
    });

    it('lists a site’s events newest first, filtered by type and time, up to the limit', async () => {
      const [siteId, otherId] = [await seedSite(store()), await seedSite(store())];
      const types: EventType[] = ['pageview', 'share', 'pageview', 'copy', 'pageview', 'outbound'];
      const batch = types.map((type, i) => newPageview(siteId, { type, occurredAt: T0 + i * 1_000 }));
      await store().insertEvents([...batch, newPageview(otherId, { occurredAt: T0 + 500 })]);
      const newest = [...batch].reverse().map(stored);
      const list = (query: object) => store().listEvents({ siteId, limit: 100, ...query });

      expect(await list({})).toStrictEqual(newest);
      expect(await list({ limit: 2 })).toStrictEqual(newest.slice(0, 2));
      expect(await list({ limit: 0 })).toEqual([]);
      expect(await list({ types: ['pageview'] })).toStrictEqual(newest.filter((e) => e.type === 'pageview'));
      expect(await list({ types: ['share', 'copy'] })).toStrictEqual(
        newest.filter((e) => e.type === 'share' || e.type === 'copy'),
      );
      // `since` is inclusive.
      expect(await list({ since: T0 + 3_000 })).toStrictEqual(newest.slice(0, 3));
      expect(await list({ since: T0 + 2_000, types: ['pageview'], limit: 1 })).toStrictEqual([at(newest, 1)]);
      expect(await list({ types: [] })).toEqual([]);
      expect(await list({ since: T0 + 10_000 })).toEqual([]);
      expect(await store().listEvents({ siteId: 'no-such-site', limit: 10 })).toEqual([]);
    });

    it('orders events of the same instant by insertion, newest first', async () => {
      const siteId = await seedSite(store());
      const batch = [1, 2, 3].map((n) => newPageview(siteId, { occurredAt: T0, path: `/${n}` }));
      await store().insertEvents(batch);
      const listed = await store().listEvents({ siteId, limit: 10 });
      expect(listed.map((event) => event.path)).toEqual(['/3', '/2', '/1']);
      expect(listed.map((event) => event.id)).toEqual(
        [...listed.map((event) => event.id)].sort((a, b) => b - a),
      );
    });

    it('refuses a negative or fractional limit', async () => {
      const siteId = await seedSite(store());
      await expect(store().listEvents({ siteId, limit: -1 })).rejects.toThrow(RangeError);
      await expect(store().listEvents({ siteId, limit: 1.5 })).rejects.toThrow(RangeError);
    });

    it('deletes a site’s page views with the site', async () => {
      const [doomed, kept] = [await seedSite(store()), await seedSite(store())];
      await store().insertEvents([newPageview(doomed, { dedupeKey: 'k' }), newPageview(kept)]);
      await store().deleteSite(doomed);
      expect(await store().listEvents({ siteId: doomed, limit: 10 })).toEqual([]);
      expect(await store().countEvents()).toBe(1);
      // The deleted event's key is free again.
      const again = await seedSite(store());
      expect(await store().insertEvents([newPageview(again, { dedupeKey: 'k' })])).toBe(1);
    });
  });
}
