/**
 * bench/stats (issue #5): every question the dashboard asks (src/stats/dashboard-queries.ts),
 * plus the dark-social report, the Goals view's questions (goalQueries, for every goal and for one;
 * the seed's goals are made once and counted back, and the time that takes is printed) and a
 * 3-step funnel, over a year of demo traffic on SQLite (10 million events by
 * default, written by `penumbra seed` through the real store, so the rollups are the ones
 * ingestion keeps). Prints p50/p95 per question and, for the questions a plain GROUP BY can
 * answer, the same question over the raw events in the same run and the ratio.
 * Target: p50 ≤ 25 ms and p95 ≤ 100 ms for every question.
 *
 * The seeded database is kept in --data (default /tmp/penumbra-bench-stats) and reused while it
 * matches --events and --days; --fresh seeds again. Needs `npm run build` (the CLI runs from dist/).
 *
 *   npm run bench:stats [-- --events 10000000 --days 365 --runs 30]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createDemoGoals } from '../src/seed/demo-goals.js';
import { SiteService } from '../src/sites/site-service.js';
import { dashboardQueries, goalQueries } from '../src/stats/dashboard-queries.js';
import type { DateRangeInput, DayRange } from '../src/stats/query-model.js';
import { StatsService } from '../src/stats/stats-service.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { funnelQuestion } from './stats-funnel.js';

const SITE = 'bench.example';
const TARGET = { p50: 25, p95: 100 };

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '365' },
    runs: { type: 'string', default: '30' },
    data: { type: 'string', default: '/tmp/penumbra-bench-stats' },
    fresh: { type: 'boolean', default: false },
    // SQLite's page cache of the reading connection, in MiB: the server's request connection
    // has 8 (src/services.ts), a connection that writes 64 (the default here).
    'cache-mib': { type: 'string' },
  },
});
const events = Number(values.events);
const days = Number(values.days);
const runs = Math.max(3, Number(values.runs));
const dataDir = values.data;

function seedOnce(): void {
  const marker = join(dataDir, 'bench-seed.json');
  const wanted = JSON.stringify({ site: SITE, events, days });
  if (!values.fresh && existsSync(marker) && readFileSync(marker, 'utf8') === wanted) {
    console.log(`reusing ${dataDir} (${events.toLocaleString('en-US')} events over ${days} days)`);
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  console.log(`seeding ${events.toLocaleString('en-US')} events over ${days} days into ${dataDir} …`);
  const started = Date.now();
  const seeded = spawnSync(
    process.execPath,
    [
      'bin/penumbra',
      'seed',
      '--site',
      SITE,
      '--create-site',
      '--events',
      String(events),
      '--days',
      String(days),
    ],
    { stdio: 'inherit', env: { ...process.env, PENUMBRA_DATA_DIR: dataDir, DATABASE_URL: '' } },
  );
  if (seeded.status !== 0) throw new Error(`penumbra seed failed with status ${seeded.status}`);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  writeFileSync(marker, wanted);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function time(
  work: () => Promise<unknown> | unknown,
  count: number,
): Promise<{ p50: number; p95: number }> {
  await work(); // warm: statement preparation, page cache
  const samples: number[] = [];
  for (let run = 0; run < count; run++) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** The same questions as a GROUP BY over raw events (local_hour is the event's hour in the site's zone). */
function rawQuestions(db: Database.Database, siteId: string, range: DayRange): Record<string, () => unknown> {
  const span = [siteId, `${range.from}T00`, `${range.to}T23`];
  const where = 'site_id = ? AND local_hour >= ? AND local_hour <= ?';
  const headline = db.prepare(
    `SELECT sum(type = 'pageview') AS pageviews, sum(type = 'pageview' AND channel <> 'internal') AS visits,
       count(DISTINCT CASE WHEN type = 'pageview' THEN substr(local_hour, 1, 10) || visitor_hash END) AS visitors
     FROM events WHERE ${where}`,
  );
  const byDayChannel = db.prepare(
    `SELECT substr(local_hour, 1, 10) AS day, channel, count(*) AS visits FROM events
     WHERE ${where} AND type = 'pageview' AND channel <> 'internal' GROUP BY 1, 2`,
  );
  const topPages = db.prepare(
    `SELECT path, count(*) AS pageviews, count(DISTINCT substr(local_hour, 1, 10) || visitor_hash) AS visitors
     FROM events WHERE ${where} AND type = 'pageview' GROUP BY path ORDER BY pageviews DESC LIMIT 20`,
  );
  return {
    headline: () => headline.all(...span),
    'visits by channel over time': () => byDayChannel.all(...span),
    'top pages': () => topPages.all(...span),
  };
}

function prefixed<T>(prefix: string, entries: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).map(([name, value]) => [`${prefix}${name}`, value]));
}

async function main(): Promise<void> {
  seedOnce();
  const file = join(dataDir, 'penumbra.db');
  const cacheMiB = values['cache-mib'] === undefined ? undefined : Number(values['cache-mib']);
  const store = openSqliteStore({ file, cacheMiB });
  console.log(`page cache of the reading connection: ${cacheMiB ?? 64} MiB`);
  await store.migrate();
  const stats = new StatsService(
    store,
    new SiteService(store, { allowPrivateTargets: true, defaultDomain: 'localhost' }),
  );
  const site = await stats.site(SITE);
  // The seed's conversions (newsletter sign-ups, paid subscriptions, the offer page) become goals
  // once, counted back from the raw events like a goal an owner adds to a running site.
  const backfillStarted = Date.now();
  const made = await createDemoGoals(store.goals, site);
  if (made > 0) console.log(`made ${made} goals, counted back in ${Date.now() - backfillStarted} ms`);
  const [oneGoal] = await store.goals.listGoals(site.id);
  const funnel = await funnelQuestion(store, stats, site);
  const raw = new Database(file, { readonly: true });
  const total = (raw.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  console.log(`${total.toLocaleString('en-US')} raw events; ${runs} runs per question\n`);
  console.log(
    'range  question                                     p50 ms   p95 ms   raw p50 ms   raw ÷ rollup',
  );
  let worst = { p50: 0, p95: 0 };
  const ranges: DateRangeInput[] = ['7d', '30d', '12mo'];
  for (const range of ranges) {
    const dayRange = await stats.range(site, range);
    const rawByName = rawQuestions(raw, site.id, dayRange);
    const questions: [string, () => Promise<unknown>][] = [
      ...Object.entries(dashboardQueries(SITE, range)).map(
        ([name, query]) => [name, () => stats.query(query)] as [string, () => Promise<unknown>],
      ),
      ...Object.entries({
        ...goalQueries(SITE, range),
        ...prefixed('one goal: ', goalQueries(SITE, range, oneGoal?.name)),
      }).map(([name, query]) => [name, () => stats.query(query)] as [string, () => Promise<unknown>]),
      ['dark-social report', () => stats.darkSocial(SITE, range)],
      ['funnel, 3 steps (saved)', () => funnel.saved(range)],
      ['funnel, 3 steps (live)', () => funnel.live(range)],
    ];
    for (const [name, ask] of questions) {
      const measured = await time(ask, runs);
      worst = { p50: Math.max(worst.p50, measured.p50), p95: Math.max(worst.p95, measured.p95) };
      const rawAsk = rawByName[name];
      const rawTime = rawAsk ? await time(rawAsk, 2) : undefined;
      console.log(
        `${String(range).padEnd(6)} ${name.padEnd(44)} ${measured.p50.toFixed(1).padStart(6)}   ${measured.p95
          .toFixed(1)
          .padStart(6)}   ${rawTime ? rawTime.p50.toFixed(0).padStart(10) : '         –'}   ${
          rawTime ? `${(rawTime.p50 / measured.p50).toFixed(0)}×` : ''
        }`,
      );
    }
  }
  raw.close();
  await store.close();
  const met = worst.p50 <= TARGET.p50 && worst.p95 <= TARGET.p95;
  console.log(
    `\nworst p50 ${worst.p50.toFixed(1)} ms (target ≤ ${TARGET.p50}), worst p95 ${worst.p95.toFixed(1)} ms (target ≤ ${TARGET.p95}): ${met ? 'target met' : 'TARGET MISSED'}`,
  );
}

await main();
