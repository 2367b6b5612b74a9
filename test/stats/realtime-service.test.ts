import { describe, expect, it, vi } from 'vitest';
import { RealtimeService, summariseRealtime } from '../../src/stats/realtime-service.js';
import type { EventQuery, StoredEvent } from '../../src/store/store.js';

const NOW = Date.parse('2024-11-02T12:00:00Z');
let nextId = 1;

function stored(fields: Partial<StoredEvent>): StoredEvent {
  return {
    id: nextId++,
    siteId: 'site-1',
    linkId: null,
    type: 'pageview',
    kind: 'human',
    channel: 'direct',
    medium: 'none',
    source: 'direct',
    evidence: 'none',
    confidence: 'certain',
    occurredAt: NOW - 60_000,
    path: '/',
    visitorHash: null,
    country: null,
    device: null,
    browser: null,
    generation: 0,
    shareId: null,
    parentShareId: null,
    originChannel: null,
    name: null,
    props: null,
    value: null,
    revenue: null,
    currency: null,
    dedupeKey: null,
    ...fields,
  };
}

function fakeStore(events: StoredEvent[] | (() => Promise<StoredEvent[]>)) {
  const listEvents = vi.fn(async (_query: EventQuery) => (typeof events === 'function' ? events() : events));
  return { listEvents };
}

describe('summariseRealtime', () => {
  it('counts distinct visitors per channel, source and page; hashless page views once each', () => {
    const snapshot = summariseRealtime(
      [
        stored({ visitorHash: 'a', channel: 'dark-social', source: 'whatsapp', path: '/x' }),
        stored({ visitorHash: 'a', channel: 'dark-social', source: 'whatsapp', path: '/y' }),
        stored({ visitorHash: 'a', channel: 'dark-social', source: 'whatsapp', path: '/x' }),
        stored({ visitorHash: 'b', channel: 'search', source: 'google', path: '/x' }),
        stored({ visitorHash: null, path: '/x' }),
        stored({ visitorHash: null, path: '/x' }),
        stored({ visitorHash: null, path: null }),
        // Not page views by people: left out.
        stored({ visitorHash: 'c', kind: 'bot', channel: 'bot', source: 'googlebot' }),
        stored({ visitorHash: 'd', type: 'event' }),
      ],
      NOW,
    );
    expect(snapshot).toEqual({
      at: '2024-11-02T12:00:00.000Z',
      windowMinutes: 30,
      visitors: 5,
      pageviews: 7,
      byChannel: [
        { channel: 'direct', visitors: 3 },
        { channel: 'dark-social', visitors: 1 },
        { channel: 'search', visitors: 1 },
      ],
      bySource: [
        { source: 'direct', channel: 'direct', visitors: 3 },
        { source: 'google', channel: 'search', visitors: 1 },
        { source: 'whatsapp', channel: 'dark-social', visitors: 1 },
      ],
      byPage: [
        { page: '/x', visitors: 4 },
        { page: '(unknown)', visitors: 1 },
        { page: '/y', visitors: 1 },
      ],
    });
  });

  it('keeps one source under two channels apart', () => {
    const snapshot = summariseRealtime(
      [
        stored({ visitorHash: 'a', channel: 'direct', source: 'direct' }),
        stored({ visitorHash: 'b', channel: 'dark-social', source: 'direct' }),
      ],
      NOW,
    );
    expect(snapshot.bySource).toEqual([
      { source: 'direct', channel: 'dark-social', visitors: 1 },
      { source: 'direct', channel: 'direct', visitors: 1 },
    ]);
  });

  it('lists the top 20 of each breakdown, most visitors first', () => {
    const events = Array.from({ length: 30 }, (_, page) =>
      Array.from({ length: page + 1 }, (_, visitor) =>
        stored({ path: `/p${page}`, visitorHash: `v${visitor}` }),
      ),
    ).flat();
    const snapshot = summariseRealtime(events, NOW);
    expect(snapshot.visitors).toBe(30);
    expect(snapshot.byPage).toHaveLength(20);
    expect(snapshot.byPage[0]).toEqual({ page: '/p29', visitors: 30 });
    expect(snapshot.byPage[19]).toEqual({ page: '/p10', visitors: 11 });
  });

  it('is empty, not missing, for a quiet site', () => {
    expect(summariseRealtime([], NOW)).toEqual({
      at: '2024-11-02T12:00:00.000Z',
      windowMinutes: 30,
      visitors: 0,
      pageviews: 0,
      byChannel: [],
      bySource: [],
      byPage: [],
    });
  });
});

describe('RealtimeService', () => {
  it('reads the human page views of the last 30 minutes, newest first, up to the limit', async () => {
    const store = fakeStore([stored({ visitorHash: 'a' })]);
    const snapshot = await new RealtimeService(store).snapshot('site-1', NOW);
    expect(store.listEvents).toHaveBeenCalledWith({
      siteId: 'site-1',
      types: ['pageview'],
      since: NOW - 30 * 60_000,
      limit: 100_000,
    });
    expect(snapshot.visitors).toBe(1);
    expect(snapshot.truncated).toBeUndefined();
  });

  it('says truncated when the read limit is reached', async () => {
    const store = fakeStore([stored({ visitorHash: 'a' }), stored({ visitorHash: 'b' })]);
    const snapshot = await new RealtimeService(store, { eventLimit: 2 }).snapshot('site-1', NOW);
    expect(snapshot.truncated).toBe(true);
    expect(snapshot.visitors).toBe(2);
  });

  it('reuses a site’s snapshot for a second, and shares one read between concurrent callers', async () => {
    const store = fakeStore([]);
    const service = new RealtimeService(store);
    const [a, b] = await Promise.all([service.snapshot('site-1', NOW), service.snapshot('site-1', NOW)]);
    expect(a).toBe(b);
    await service.snapshot('site-1', NOW + 999);
    expect(store.listEvents).toHaveBeenCalledTimes(1);
    await service.snapshot('site-2', NOW + 999);
    expect(store.listEvents).toHaveBeenCalledTimes(2);
    const later = await service.snapshot('site-1', NOW + 1_000);
    expect(store.listEvents).toHaveBeenCalledTimes(3);
    expect(later.at).toBe('2024-11-02T12:00:01.000Z');
  });

  it('does not remember a failed read', async () => {
    let fail = true;
    const store = fakeStore(async () => {
      if (fail) throw new Error('database is locked');
      return [];
    });
    const service = new RealtimeService(store);
    await expect(service.snapshot('site-1', NOW)).rejects.toThrow('database is locked');
    fail = false;
    await expect(service.snapshot('site-1', NOW + 1)).resolves.toMatchObject({ visitors: 0 });
    expect(store.listEvents).toHaveBeenCalledTimes(2);
  });
});
