import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Link } from '../../src/store/store.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';
import { newLink, newSite } from '../store/contract/fixtures.js';
import {
  clusterUnavailable,
  FAULT_PORTS,
  type PostgresCluster,
  startPostgresCluster,
} from './postgres-cluster.js';

const unavailable = clusterUnavailable();
if (unavailable) console.log(`PostgreSQL two-instance test skipped: ${unavailable}`);

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** The target (issue #13, finding 6): the poll alone took up to 2 s. */
const TARGET_MS = 100;
const TRIALS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function visit(server: ServeProcess, slug: string): Promise<number> {
  const response = await fetch(`${server.url}/${slug}`, {
    redirect: 'manual',
    headers: { 'user-agent': BROWSER },
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Two `penumbra serve` processes on one PostgreSQL database (a cluster of the test's own): a link
 * disabled or deleted through A must stop redirecting, and stop being recorded, on B at once —
 * heard through LISTEN/NOTIFY, not the 2 s poll — and again after PostgreSQL restarts.
 */
describe.skipIf(unavailable !== undefined)('two instances on one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let store: PostgresStore;
  let a: ServeProcess;
  let b: ServeProcess;
  let secret: string;
  let siteId: string;
  /** Redirects answered (302) per link id, by either instance: each must be one stored click. */
  const redirected = new Map<string, number>();

  beforeAll(async () => {
    cluster = await startPostgresCluster(FAULT_PORTS[2]);
    store = createPostgresStore({ connectionString: cluster.url });
    await store.migrate();
    siteId = (await store.createSite(newSite({ domain: 'two.example.org' }))).id;
    secret = (await createApiToken(store, 'two-instances')).secret;
    const env = { DATABASE_URL: cluster.url, LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([startServeProcess(env), startServeProcess(env)]);
  });

  afterAll(async () => {
    for (const server of [a, b]) if (server?.child.exitCode === null) await server.stop();
    await store?.close();
    await cluster?.destroy();
  });

  const tally = (link: Link, status: number) => {
    if (status === 302) redirected.set(link.id, (redirected.get(link.id) ?? 0) + 1);
  };

  /** A fresh link, made by a third process (this one), once B redirects it. */
  async function liveLink(): Promise<Link> {
    const [link] = await store.createLinks([newLink(siteId)]);
    if (!link) throw new Error('link expected');
    for (const server of [a, b]) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const status = await visit(server, link.slug);
        tally(link, status);
        if (status === 302) break;
        if (Date.now() > deadline) throw new Error(`${server.url} never redirected ${link.slug}`);
        await sleep(10);
      }
    }
    return link;
  }

  /**
   * Milliseconds from A's answer to the change until B's first answer without the redirect,
   * B being asked back to back meanwhile (every redirect it still answers records a click).
   */
  async function propagation(change: 'disable' | 'delete'): Promise<number> {
    const link = await liveLink();
    const response = await fetch(`${a.url}/api/links/${link.id}`, {
      method: change === 'disable' ? 'PATCH' : 'DELETE',
      headers: {
        authorization: `Bearer ${secret}`,
        ...(change === 'disable' ? { 'content-type': 'application/json' } : {}),
      },
      ...(change === 'disable' ? { body: JSON.stringify({ disabled: true }) } : {}),
    });
    expect(response.status).toBeLessThan(300);
    await response.arrayBuffer();
    const answered = performance.now();
    const expected = change === 'disable' ? 410 : 404;
    for (;;) {
      const status = await visit(b, link.slug);
      if (change === 'disable') tally(link, status);
      if (status === expected) return performance.now() - answered;
      expect(status).toBe(302);
      if (performance.now() - answered > 10_000) throw new Error(`B still redirects ${link.slug}`);
    }
  }

  async function best(change: 'disable' | 'delete', label: string): Promise<number> {
    const times: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) times.push(await propagation(change));
    const fastest = Math.min(...times);
    console.log(
      `${label}: B stopped redirecting ${TRIALS} ${change}d links ${times.map((t) => t.toFixed(1)).join(', ')} ms after A answered (best ${fastest.toFixed(1)} ms; target ${TARGET_MS} ms)`,
    );
    // The 2 s poll alone would answer ~1 s late on average: every trial within 1 s, and the best
    // within the target, tell the announcement apart from a lucky poll.
    expect(Math.max(...times)).toBeLessThan(1_000);
    return fastest;
  }

  it('B honours a disable or delete made on A within 100 ms, and records no click after it', async () => {
    // Best of three: one trial can lose a few ms to the 2 cores' other work; the NOTIFY path
    // itself takes a few ms, the old 2 s poll ~1 s on average.
    expect(await best('disable', 'disable')).toBeLessThan(TARGET_MS);
    expect(await best('delete', 'delete')).toBeLessThan(TARGET_MS);
  });

  it('after a PostgreSQL restart, B listens again and still sees changes within 100 ms', async () => {
    await cluster.restart('fast');
    // Reconnection backs off from 100 ms (postgres-listener.ts); a few seconds is plenty.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await fetch(`${a.url}/api/links?limit=1`, { headers: { authorization: `Bearer ${secret}` } })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('A never reached PostgreSQL again');
      await sleep(100);
    }
    await sleep(3_000);
    expect(await best('disable', 'after restart, disable')).toBeLessThan(TARGET_MS);
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  });

  it('stored exactly one click per redirect answered, none after the disable', async () => {
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    const links = await store.listAllLinks();
    const live = links.filter((link) => redirected.has(link.id));
    const counts = await store.countClicks(live.map((link) => link.id));
    const answered = live.reduce((sum, link) => sum + (redirected.get(link.id) ?? 0), 0);
    const stored = [...counts.values()].reduce((sum, n) => sum + n, 0);
    console.log(`two instances: ${answered} redirects answered on disabled links, ${stored} clicks stored`);
    for (const link of live) expect(counts.get(link.id) ?? 0).toBe(redirected.get(link.id));
  });
});
