import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkCache } from '../../src/links/link-cache.js';
import { DailySalts } from '../../src/privacy/salts.js';
import { SiteDirectory } from '../../src/sites/site-directory.js';
import { SiteService } from '../../src/sites/site-service.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { newLink, newSite } from '../store/contract/fixtures.js';
import {
  clusterUnavailable,
  FAULT_PORTS,
  type PostgresCluster,
  startPostgresCluster,
} from './postgres-cluster.js';

const unavailable = clusterUnavailable();
if (unavailable) console.log(`PostgreSQL outage lookups skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400_000;

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * What ingestion and the redirect read from the store, while the store is down (issue #13,
 * finding 4): a real PostgreSQL cluster of the test's own, stopped and started again.
 */
describe.skipIf(unavailable !== undefined)('PostgreSQL outage: lookups serve the last known state', () => {
  let cluster: PostgresCluster;
  let store: PostgresStore;

  beforeAll(async () => {
    cluster = await startPostgresCluster(FAULT_PORTS[1]);
    store = createPostgresStore({ connectionString: cluster.url });
    await store.migrate();
  });

  afterAll(async () => {
    await store?.close();
    await cluster?.destroy();
  });

  it('keeps answering sites, links, the fallback URL and a new day salt while PostgreSQL is down', async () => {
    const site = await store.createSite(
      newSite({ domain: 'outage.example.org', fallbackUrl: 'https://outage.example.org/' }),
    );
    const [link] = await store.createLinks([newLink(site.id)]);
    if (!link) throw new Error('link expected');
    let siteReads = 0;
    const directory = new SiteDirectory(
      {
        getSiteByDomain: (domain) => {
          siteReads++;
          return store.getSiteByDomain(domain);
        },
      },
      50,
    );
    const cache = new LinkCache(store, { pollMs: 60_000 });
    await cache.start();
    const sites = new SiteService(store, { allowPrivateTargets: false, defaultDomain: 'outage.example.org' });
    let now = Date.parse('2026-03-10T23:59:00Z');
    const salts = new DailySalts(store, () => now);
    expect(await directory.byDomain('outage.example.org')).toEqual(site);
    expect(await sites.unknownSlugFallback()).toBe('https://outage.example.org/');
    const before = await salts.saltFor(now);
    expect(before).toMatch(/^[\da-f]{32}$/);

    await cluster.halt('fast');
    try {
      await sleep(100); // the site entry is stale now: it used to make ingestion answer 500
      siteReads = 0;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => directory.byDomain('outage.example.org')),
      );
      expect(answers.every((answer) => answer?.id === site.id)).toBe(true);
      // One refresh in flight for 50 asks, not 50 (no herd against a store that is down).
      expect(siteReads).toBe(1);
      await sleep(20);
      expect(await directory.byDomain('outage.example.org')).toEqual(site);
      expect(siteReads).toBe(1); // after a failed refresh the next try waits (retryMs)

      expect(cache.get(link.slug)?.id).toBe(link.id);
      const started = Date.now();
      expect(await cache.find('made-elsewhere')).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await sites.unknownSlugFallback(Date.now() + 60_000)).toBe('https://outage.example.org/');

      now += 2 * 60_000; // 00:01 UTC the next day, the store still down
      const offline = await salts.saltFor(now);
      expect(offline).toMatch(/^[\da-f]{32}$/);
      expect(offline).not.toBe(before);
      expect(await salts.saltFor(now - 2 * 60_000)).toBe(before); // yesterday's, carried over
    } finally {
      await cluster.start();
    }

    // Back: the salt made offline is stored, and the directory refreshes again.
    await eventually(async () => {
      await salts.saltFor(now);
      return (await store.listSalts().catch(() => [])).some((salt) => salt.day === '2026-03-11');
    });
    const stored = (await store.listSalts()).find((salt) => salt.day === '2026-03-11');
    expect(stored?.salt).toBe(await salts.saltFor(now));
    await store.updateSite(site.id, { name: 'Renamed after the outage' });
    await eventually(
      async () => (await directory.byDomain('outage.example.org'))?.name === 'Renamed after the outage',
    );
    cache.stop();
  });

  it('switches to the salt another process stored for the day first', async () => {
    let now = Date.parse('2026-04-01T12:00:00Z');
    const salts = new DailySalts(store, () => now);
    await salts.saltFor(now);
    await cluster.halt('immediate');
    let offline: string | undefined;
    try {
      now += DAY;
      offline = await salts.saltFor(now);
    } finally {
      await cluster.start();
    }
    const theirs = 'ab'.repeat(16);
    await eventually(async () => {
      try {
        await store.putSalt({ day: '2026-04-02', salt: theirs });
        return true;
      } catch {
        return false;
      }
    });
    expect(offline).not.toBe(theirs);
    await eventually(async () => (await salts.saltFor(now)) === theirs);
  });
});
