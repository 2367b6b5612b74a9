import { describe, expect, it } from 'vitest';
import { LinkCache } from '../../src/links/link-cache.js';
import type { Link, LinkDeletion, Store } from '../../src/store/store.js';

const link = (slug: string, updatedAt = '2026-03-10T12:00:00.000Z') =>
  ({
    id: `id-${slug}`,
    slug,
    siteId: 'site',
    parentId: null,
    channel: null,
    url: `https://example.org/${updatedAt}`,
    utm: {},
    maxClicks: null,
    expiresAt: null,
    updatedAt,
  }) as unknown as Link;
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The store reads LinkCache makes, counted, each settled by the test when it wants. */
function fakeStore() {
  const calls = { bySlug: 0, updated: 0 };
  const bySlug: ((result: Link | undefined | Error) => void)[] = [];
  const updated: ((links: Link[]) => void)[] = [];
  const store = {
    listAllLinks: async () => [],
    countClicks: async () => new Map<string, number>(),
    getLinkBySlug: () => {
      calls.bySlug++;
      return new Promise<Link | undefined>((resolve, reject) =>
        bySlug.push((result) => (result instanceof Error ? reject(result) : resolve(result))),
      );
    },
    listLinksUpdatedSince: () => {
      calls.updated++;
      return new Promise<Link[]>((resolve) => updated.push(resolve));
    },
    listLinksDeletedSince: async (): Promise<LinkDeletion[]> => [],
  } as unknown as Store;
  return { store, calls, bySlug, updated };
}

describe('LinkCache', () => {
  it('reads an unknown slug once however many requests ask for it at the same time', async () => {
    const { store, calls, bySlug } = fakeStore();
    const cache = new LinkCache(store, { pollMs: 60_000 });
    await cache.start();
    const asks = Array.from({ length: 20 }, () => cache.find('fresh'));
    expect(calls.bySlug).toBe(1);
    bySlug[0]?.(link('fresh'));
    const answers = await Promise.all(asks);
    expect(answers.every((answer) => answer?.slug === 'fresh')).toBe(true);
    cache.stop();
  });

  it('answers an unknown slug as unknown while the store fails, without asking it again for retryMs', async () => {
    const { store, calls, bySlug } = fakeStore();
    const cache = new LinkCache(store, { pollMs: 60_000, retryMs: 50 });
    await cache.start();
    const failing = cache.find('made-elsewhere');
    bySlug[0]?.(new Error('connect ECONNREFUSED'));
    expect(await failing).toBeUndefined();
    expect(await cache.find('another')).toBeUndefined();
    expect(calls.bySlug).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Not remembered as a miss: once the store answers, the slug is found.
    const found = cache.find('made-elsewhere');
    expect(calls.bySlug).toBe(2);
    bySlug[1]?.(link('made-elsewhere'));
    expect((await found)?.slug).toBe('made-elsewhere');
    cache.stop();
  });

  it('refreshNow during a poll polls once more right after it, never two at once', async () => {
    const { store, calls, updated } = fakeStore();
    const cache = new LinkCache(store, { pollMs: 60_000 });
    await cache.start();
    const first = cache.refreshNow();
    const second = cache.refreshNow();
    const third = cache.refreshNow();
    await tick();
    expect(calls.updated).toBe(1);
    updated[0]?.([link('a', '2026-03-10T12:00:01.000Z')]);
    await tick();
    await tick();
    expect(calls.updated).toBe(2);
    updated[1]?.([link('a', '2026-03-10T12:00:02.000Z')]);
    await Promise.all([first, second, third]);
    expect(calls.updated).toBe(2);
    // The version of the second poll (the cache keeps no stamp: its url tells the versions apart).
    expect(cache.get('a')?.url).toBe('https://example.org/2026-03-10T12:00:02.000Z');
    cache.stop();
  });

  it('reads the stored click count of a link another process gave a click limit (only limited links are counted here)', async () => {
    const { store, updated } = fakeStore();
    const counted: string[][] = [];
    store.countClicks = async (ids: readonly string[]) => {
      counted.push([...ids]);
      return new Map(ids.map((id) => [id, 3]));
    };
    const cache = new LinkCache(store, { pollMs: 60_000 });
    await cache.start();
    cache.put(link('a'));
    cache.countClick('id-a'); // this process's count alone: the store's has every process's
    const polled = cache.refreshNow();
    await tick();
    updated[0]?.([{ ...link('a', '2026-03-10T12:00:01.000Z'), maxClicks: 5 }]);
    await polled;
    expect(counted.at(-1)).toEqual(['id-a']);
    expect(cache.clickCount('id-a')).toBe(3);
    expect(cache.get('a')?.maxClicks).toBe(5);
    cache.stop();
  });
});
