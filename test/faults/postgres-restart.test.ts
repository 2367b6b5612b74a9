import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Link } from '../../src/store/store.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';
import { newLink, newSite } from '../store/contract/fixtures.js';
import {
  clusterUnavailable,
  FAULT_PORTS,
  type PostgresCluster,
  startPostgresCluster,
} from './postgres-cluster.js';
import { count, describeStatuses, type LoadResult, runLoad } from './postgres-load.js';

const unavailable = clusterUnavailable();
if (unavailable) console.log(`PostgreSQL restart fault tests skipped: ${unavailable}`);

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const DOMAIN = 'load.example.org';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Env = Record<string, string>;

interface Setup {
  server: ServeProcess;
  links: Link[];
  database: string;
  env: Env;
  secret: string;
}

/**
 * Link edits through the API while the load runs, a few at a time: each is a transaction of
 * several round trips on a checked-out connection, the window in which a PostgreSQL restart used
 * to kill the process (finding 1; the event writes alone seldom hold one).
 */
async function editLinks(setup: Setup, until: () => boolean): Promise<LoadResult> {
  const { server, links, secret } = setup;
  const results: LoadResult[] = [];
  for (let round = 0; !until(); round++) {
    results.push(
      await runLoad(links.length, links.length, (index) =>
        fetch(`${server.url}/api/links/${links[index]?.id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `edit ${round}` }),
        }),
      ),
    );
  }
  return merge(results);
}

/** A redirect (302, one click) or a page view (200, one event), alternately. */
function request(server: ServeProcess, links: readonly Link[], index: number): Promise<Response> {
  if (index % 2 === 0) {
    const link = links[(index / 2) % links.length] as Link;
    return fetch(`${server.url}/${link.slug}`, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
  }
  return fetch(`${server.url}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER, origin: `https://${DOMAIN}` },
    body: JSON.stringify({ s: DOMAIN, t: 'pageview', u: `https://${DOMAIN}/page-${index % 50}` }),
  });
}

function merge(results: readonly LoadResult[]): LoadResult {
  const merged: LoadResult = { statuses: new Map(), unanswered: 0 };
  for (const result of results) {
    merged.unanswered += result.unanswered;
    for (const [status, n] of result.statuses) merged.statuses.set(status, count(merged, status) + n);
  }
  return merged;
}

/**
 * `penumbra serve` as a process on a PostgreSQL cluster of the test's own, under a bounded load,
 * while PostgreSQL restarts or goes away (issue #13, findings 1 and 4). Every answered redirect
 * and page view must end up stored exactly once, and the process must live.
 */
describe.skipIf(unavailable !== undefined)('PostgreSQL restarted under load', () => {
  let cluster: PostgresCluster;
  let databases = 0;

  beforeAll(async () => {
    cluster = await startPostgresCluster(FAULT_PORTS[0]);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  /** A fresh database with one site and a few links, and a server on it. */
  async function setUp(): Promise<Setup> {
    const database = `fault_${++databases}`;
    await cluster.sql(`CREATE DATABASE ${database}`);
    const url = cluster.url.replace(/\/postgres$/, `/${database}`);
    const store = createPostgresStore({ connectionString: url });
    await store.migrate();
    const site = await store.createSite(newSite({ domain: DOMAIN }));
    const links = await store.createLinks(Array.from({ length: 5 }, () => newLink(site.id)));
    const { secret } = await createApiToken(store, 'fault');
    await store.close();
    const env = {
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      PENUMBRA_EVENT_RATE: '1000000',
      PENUMBRA_EVENT_BURST: '1000000',
      PENUMBRA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'penumbra-fault-spool-')),
    };
    return { server: await startServeProcess(env), links, database, env, secret };
  }

  async function storedCounts(database: string): Promise<{ clicks: number; pageviews: number }> {
    const [clicks = Number.NaN, pageviews = Number.NaN] = (
      await cluster.sql(
        `SELECT count(*) FILTER (WHERE link_id IS NOT NULL) || ',' || count(*) FILTER (WHERE link_id IS NULL) FROM events`,
        database,
      )
    )
      .split(',')
      .map(Number);
    return { clicks, pageviews };
  }

  /**
   * Stops the server (SIGTERM flushes, or spools what the store did not take); when it said events
   * wait in the spool, starts it again on the same spool (the next start replays them) until they
   * are in, and stops it. Then compares what was answered with what was stored.
   */
  async function expectAllStored(label: string, setup: Setup, answered: LoadResult) {
    const { server, database, env } = setup;
    expect(server.child.exitCode, `the server died:\n${server.output()}`).toBeNull();
    expect(await server.stop()).toBe(0);
    const atStop = await storedCounts(database);
    const spooled = /(\d+) events wait in/.exec(server.output())?.[1];
    const expected = count(answered, 302) + count(answered, 200);
    if (spooled !== undefined) {
      const next = await startServeProcess(env);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const now = await storedCounts(database);
        if (now.clicks + now.pageviews >= expected || Date.now() > deadline) break;
        await sleep(200);
      }
      expect(await next.stop()).toBe(0);
    }
    const { clicks, pageviews } = await storedCounts(database);
    console.log(
      `${label}: answered ${describeStatuses(answered)}; at SIGTERM ${atStop.clicks} clicks + ${atStop.pageviews} page views stored, ${spooled ?? 0} events spooled; in the end ${clicks} clicks stored for ${count(answered, 302)} redirects, ${pageviews} page views for ${count(answered, 200)} accepted`,
    );
    expect(answered.unanswered).toBe(0);
    expect([...answered.statuses.keys()].every((status) => status < 500)).toBe(true);
    if (clicks !== count(answered, 302) || pageviews !== count(answered, 200)) console.log(server.output());
    expect(clicks).toBe(count(answered, 302));
    expect(pageviews).toBe(count(answered, 200));
  }

  for (const mode of ['fast', 'immediate'] as const) {
    it(`pg_ctl restart -m ${mode} in the middle of 6,000 requests: the process lives, every answered event is stored once`, async () => {
      const setup = await setUp();
      const { server, links } = setup;
      let restart: Promise<void> | undefined;
      let loadDone = false;
      const edits = editLinks(setup, () => loadDone);
      const answered = await runLoad(
        6_000,
        16,
        (index) => request(server, links, index),
        (done) => {
          if (done === 2_000) restart = cluster.restart(mode);
        },
      );
      loadDone = true;
      await restart;
      // An edit that meets the restart may fail, as 503 store_unavailable; the process must not.
      const edited = await edits;
      console.log(`restart -m ${mode}: link edits answered ${describeStatuses(edited)}`);
      expect(edited.unanswered).toBe(0);
      expect([...edited.statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
      await expectAllStored(`restart -m ${mode}`, setup, answered);
    }, 60_000);
  }

  it('an outage longer than the site cache (11 s): page views are still accepted, redirects still served, all stored after', async () => {
    const setup = await setUp();
    const { server, links } = setup;
    const before = await runLoad(1_000, 8, (index) => request(server, links, index));
    await cluster.halt('fast');
    // Paced, bounded: about 1,000 requests over the 11 s, past the 10 s life of the site entry
    // that used to make POST /api/event answer 500 (finding 4).
    const outageEnd = Date.now() + 11_000;
    let index = 1_000;
    const during: LoadResult[] = [];
    try {
      while (Date.now() < outageEnd) {
        during.push(await runLoad(10, 2, (i) => request(server, links, index + i)));
        index += 10;
        await sleep(100);
      }
      // What needs the store answers 503 with a code and Retry-After, not 500 with a stack trace.
      const api = await fetch(`${server.url}/api/links?limit=1`, {
        headers: { authorization: `Bearer ${setup.secret}` },
      });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect(((await api.json()) as { code: string }).code).toBe('store_unavailable');
    } finally {
      await cluster.start();
    }
    const outage = merge(during);
    console.log(`during the outage: answered ${describeStatuses(outage)}`);
    expect(count(outage, 200) + count(outage, 302)).toBe(index - 1_000);
    const after = await runLoad(1_000, 8, (i) => request(server, links, index + i));
    await expectAllStored('11 s outage', setup, merge([before, outage, after]));
  }, 60_000);
});
