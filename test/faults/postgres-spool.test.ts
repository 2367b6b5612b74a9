import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventSpool } from '../../src/events/event-spool.js';
import { defaultSpoolDir } from '../../src/events/spool-dir.js';
import { openStore } from '../../src/store/open-store.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';
import { clusterUnavailable, type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { health, seedLink, sendTraffic } from './serve-traffic.js';
import { until } from './until.js';

/*
 * Issue 13, findings 3 and 5, on PostgreSQL: a real `penumbra serve` on a cluster of the test's
 * own (port 15440, outside the shared server's and the restart tests' ports), stopped while the
 * server runs. Events are spooled, /healthz says degraded, and every answered event is stored
 * exactly once: after the cluster comes back while serving, and after a SIGTERM during the outage
 * followed by a new start.
 */

const PORT = 15440;
const DOMAIN = 'news.example.org';
const unavailable = clusterUnavailable();
if (unavailable) console.log(`PostgreSQL spool fault tests skipped: ${unavailable}`);

let cluster: PostgresCluster | undefined;
const servers: ServeProcess[] = [];

afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await cluster?.destroy();
});

async function storedEvents(databaseUrl: string): Promise<number> {
  const store = await openStore({ databaseUrl, dataDir: tmpdir() });
  try {
    return await store.countEvents();
  } finally {
    await store.close();
  }
}

describe.skipIf(unavailable !== undefined)('a PostgreSQL outage under a running server', () => {
  it('spools during the outage and stores every answered event once, whether the cluster returns while serving or after a restart', async () => {
    cluster = await startPostgresCluster(PORT);
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-pg-spool-'));
    // The default: one directory per database under the data directory (spool-dir.ts).
    const spoolDir = defaultSpoolDir(dataDir, cluster.url);
    const env = {
      DATABASE_URL: cluster.url,
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_EVENT_RATE: '100000',
      PENUMBRA_EVENT_BURST: '100000',
      PENUMBRA_PG_CONNECT_TIMEOUT_MS: '1000',
      PENUMBRA_SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
    };
    const slug = await seedLink(env, DOMAIN);
    const traffic = (url: string, count: number) =>
      sendTraffic(url, { slug, domain: DOMAIN, count, concurrency: 16 });

    const first = await startServeProcess(env);
    servers.push(first);
    let answered = (await traffic(first.url, 200)).answered;
    await until(
      () => health(first.url),
      (h) => h.status === 'ok' && h.events.pending === 0,
      10_000,
    );

    // 1. An outage that ends while the server runs.
    await cluster.halt('immediate');
    const during = await traffic(first.url, 2_000);
    expect(during.other).toBe(0);
    answered += during.answered;
    const degraded = await until(
      () => health(first.url),
      (h) => h.status === 'degraded' && h.events.pending === 0 && h.events.spooled > 0,
      30_000,
    );
    expect(degraded.events.storeFailingSince).not.toBeNull();
    expect(degraded.events.lastErrorCode).toMatch(/^[A-Z0-9_]+$/);
    await cluster.start();
    await until(
      () => health(first.url),
      (h) => h.status === 'ok' && h.events.spooled === 0,
      60_000,
    );
    expect(await storedEvents(cluster.url)).toBe(answered);
    expect(first.output().match(/event store failing since/g)).toHaveLength(1);
    expect(first.output().match(/event store recovered: \d+ events written/g)).toHaveLength(1);

    // 2. An outage still going on at SIGTERM.
    await cluster.halt('immediate');
    answered += (await traffic(first.url, 1_000)).answered;
    const started = Date.now();
    expect(await first.stop()).toBe(0);
    const took = Date.now() - started;
    const spool = await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 });
    await cluster.start();
    const stored = await storedEvents(cluster.url);
    console.log(
      `PostgreSQL down at SIGTERM: stopped in ${took} ms; ${answered} answered, ${stored} stored, ${spool.events} spooled`,
    );
    expect(took).toBeLessThan(12_000);
    expect(stored + spool.events).toBe(answered);

    const second = await startServeProcess(env);
    servers.push(second);
    await until(
      () => health(second.url),
      (h) => h.status === 'ok' && h.events.spooled === 0,
      60_000,
    );
    expect(await second.stop()).toBe(0);
    expect(await storedEvents(cluster.url)).toBe(answered);
    expect(readdirSync(spoolDir)).toEqual([]);
  }, 240_000);
});
