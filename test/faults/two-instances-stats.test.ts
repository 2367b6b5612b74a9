import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { engineEnv } from '../helpers/engines.js';
import { runCli } from '../helpers/run-cli.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';
import { health, seedLink, sendTraffic } from './serve-traffic.js';
import { until } from './until.js';

const DOMAIN = 'twice.example.org';
const PER_INSTANCE = 1_500;

interface RawCounts {
  pageviews: number;
  clicks: number;
  visitors: number;
  unfolded: number;
}

/** What the events table says, and how many events no fold has counted yet. */
async function rawCounts(client: pg.Pool): Promise<RawCounts> {
  const { rows } = await client.query<{
    pageviews: string;
    clicks: string;
    visitors: string;
    unfolded: string;
  }>(
    `SELECT count(*) FILTER (WHERE type = 'pageview') AS pageviews,
            count(*) FILTER (WHERE type = 'click') AS clicks,
            count(DISTINCT visitor_hash) FILTER (WHERE type = 'pageview') AS visitors,
            count(*) FILTER (WHERE id > (SELECT folded_id FROM rollup_watermark)) AS unfolded
       FROM events`,
  );
  const row = rows[0];
  return {
    pageviews: Number(row?.pageviews),
    clicks: Number(row?.clicks),
    visitors: Number(row?.visitors),
    unfolded: Number(row?.unfolded),
  };
}

async function statsOf(server: ServeProcess, auth: string): Promise<Record<string, number>> {
  // Yesterday to tomorrow in UTC covers today in the site's zone (Europe/Paris).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const metrics = ['pageviews', 'clicks', 'visitors'];
  const response = await fetch(`${server.url}/api/stats/query`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ site: DOMAIN, metrics, date_range: [day(-1), day(1)] }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: { metrics: number[] }[] };
  return Object.fromEntries(metrics.map((name, i) => [name, body.results[0]?.metrics[i] ?? 0]));
}

/*
 * Issue 12: several instances on one PostgreSQL database insert and fold at once — one fold at a
 * time under an advisory lock, each insert seen by exactly one fold. Two real server processes are
 * loaded together; the stats API of each must then equal a count of the raw events, both while
 * part of them is unfolded (reads add the tail) and once everything is folded.
 */
describe.skipIf(!process.env.PENUMBRA_TEST_PG)('two instances folding one PostgreSQL database', () => {
  it('answer the stats API as a count of the raw events says, never counting twice', async () => {
    const database = await engineEnv('postgres');
    const admin = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 1 });
    const envOf = (name: string) => ({
      ...database.env,
      PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), `penumbra-two-${name}-`)),
      PENUMBRA_EVENT_RATE: '100000',
      PENUMBRA_EVENT_BURST: '100000',
      PENUMBRA_DEMO: '0',
      LOG_LEVEL: 'silent',
    });
    const [envA, envB] = [envOf('a'), envOf('b')];
    const slug = await seedLink(envA, DOMAIN);
    const token = await runCli(['token', 'create', '--name', 'two'], { env: envA });
    expect(token.code).toBe(0);
    const auth = `Bearer ${token.stdout.trim().split('\n').at(-1)}`;
    const [a, b] = await Promise.all([startServeProcess(envA), startServeProcess(envB)]);
    try {
      const traffic = { slug, domain: DOMAIN, count: PER_INSTANCE, concurrency: 12 };
      const sent = await Promise.all([sendTraffic(a.url, traffic), sendTraffic(b.url, traffic)]);
      const answered = sent[0].answered + sent[1].answered;
      expect(answered).toBe(2 * PER_INSTANCE);
      // Every answered event reaches the table (a batch may still be in flight when /healthz
      // already shows nothing pending), and nothing waits in a spool.
      const early = await until(
        () => rawCounts(admin),
        (counts) => counts.pageviews + counts.clicks >= answered,
        15_000,
      );
      expect(early.pageviews + early.clicks).toBe(answered);
      for (const server of [a, b]) expect((await health(server.url)).events.spooled).toBe(0);
      // Right away, whatever the folds have reached: folded rows plus the unfolded tail.
      for (const server of [a, b]) {
        expect(await statsOf(server, auth)).toEqual({
          pageviews: early.pageviews,
          clicks: early.clicks,
          visitors: early.visitors,
        });
      }
      // Once both instances' background folds have run, everything is folded exactly once.
      const settled = await until(
        () => rawCounts(admin),
        (counts) => counts.unfolded === 0,
        15_000,
      );
      for (const server of [a, b]) {
        expect(await statsOf(server, auth)).toEqual({
          pageviews: settled.pageviews,
          clicks: settled.clicks,
          visitors: settled.visitors,
        });
      }
      console.log(
        `two instances: ${answered} answered, ${settled.pageviews} page views + ${settled.clicks} clicks stored ` +
          `and answered alike by both stats APIs (unfolded at first: ${early.unfolded})`,
      );
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
      await admin.end();
      await database.drop();
    }
  }, 90_000);
});
