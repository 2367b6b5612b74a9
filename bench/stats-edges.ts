/**
 * bench/stats-edges (issue 12): edge months read by subtraction (a month less its days outside
 * the range, src/stats/range-segments.ts) against the days added up, on bench/stats's database,
 * call by call in alternation (A, B, A, B …) so that the shared machine's noise falls on both.
 * Times the dark-social report and every dashboard question the engine answers (goal questions
 * do not read through range segments), per range; prints wall-clock p50/p95 and CPU-time p50 of
 * each, the ratio, and checks the two answers are equal.
 *
 *   npm run bench:stats -- --data /tmp/penumbra-bench-10m       (seeds the database first)
 *   node --import tsx bench/stats-edges.ts --data /tmp/penumbra-bench-10m [--runs 40]
 */

import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { SiteService } from '../src/sites/site-service.js';
import { darkSocialReport } from '../src/stats/dark-social-report.js';
import { dashboardQueries } from '../src/stats/dashboard-queries.js';
import { localDay, previousPeriod, resolveDateRange } from '../src/stats/date-range.js';
import { isGoalQuery } from '../src/stats/goal-query-check.js';
import type { DateRangeInput, StatsQuery } from '../src/stats/query-model.js';
import { runStatsQuery } from '../src/stats/stats-engine.js';
import { StatsService } from '../src/stats/stats-service.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const SITE = 'bench.example';
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/tmp/penumbra-bench-stats' },
    runs: { type: 'string', default: '40' },
  },
});
const runs = Math.max(5, Number(values.runs));

type Edges = 'add' | 'cheapest';
interface Samples {
  wall: number[];
  cpu: number[];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function sample(work: () => Promise<unknown>, into: Samples): Promise<void> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  into.wall.push(Number(process.hrtime.bigint() - start) / 1e6);
  const used = process.cpuUsage(cpu);
  into.cpu.push((used.user + used.system) / 1e3);
}

/** Both ways in alternation, the order flipped every run; the answers compared once. */
async function compare(ask: (edges: Edges) => Promise<unknown>): Promise<Record<Edges, Samples>> {
  if (!isDeepStrictEqual(await ask('add'), await ask('cheapest'))) throw new Error('answers differ');
  const samples = { add: { wall: [], cpu: [] }, cheapest: { wall: [], cpu: [] } };
  for (let run = 0; run < runs; run++) {
    const order: Edges[] = run % 2 === 0 ? ['add', 'cheapest'] : ['cheapest', 'add'];
    for (const edges of order) await sample(() => ask(edges), samples[edges]);
  }
  return samples;
}

const ms = (value: number) => value.toFixed(1).padStart(6);

async function main(): Promise<void> {
  const store = openSqliteStore({ file: join(values.data, 'penumbra.db') });
  await store.migrate();
  const stats = new StatsService(
    store,
    new SiteService(store, { allowPrivateTargets: true, defaultDomain: 'localhost' }),
  );
  const site = await stats.site(SITE);
  const today = localDay(Date.now(), site.timezone);
  console.log(
    `${runs} runs each way, alternating; load average ${(await import('node:os'))
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    'range  question                      add p50/p95 ms   subtract p50/p95 ms   CPU p50 add → subtract   ratio',
  );
  for (const input of ['7d', '30d', '12mo'] as DateRangeInput[]) {
    const range = resolveDateRange(input, site.timezone, Date.now());
    const questions: [string, (edges: Edges) => Promise<unknown>][] = [
      ['dark-social report', (edges) => darkSocialReport(store, site.id, range, today, edges)],
    ];
    for (const [name, asked] of Object.entries(dashboardQueries(SITE, input))) {
      const query: StatsQuery = {
        siteId: site.id,
        metrics: asked.metrics,
        dimensions: asked.dimensions ?? [],
        filters: asked.filters ?? [],
        range,
        comparison: asked.compare === 'previous_period' ? previousPeriod(range) : null,
        orderBy: asked.order_by ?? [],
        limit: asked.limit ?? 1_000,
        offset: 0,
        today,
      };
      if (!isGoalQuery(query)) questions.push([name, (edges) => runStatsQuery(store, query, edges)]);
    }
    for (const [name, ask] of questions) {
      const { add, cheapest } = await compare(ask);
      const cpu = [percentile(add.cpu, 50), percentile(cheapest.cpu, 50)] as const;
      console.log(
        `${String(input).padEnd(6)} ${name.padEnd(28)} ${ms(percentile(add.wall, 50))} ${ms(percentile(add.wall, 95))}       ${ms(
          percentile(cheapest.wall, 50),
        )} ${ms(percentile(cheapest.wall, 95))}        ${ms(cpu[0])} → ${ms(cpu[1])}      ${(cpu[1] / cpu[0]).toFixed(2)}`,
      );
    }
  }
  await store.close();
}

await main();
