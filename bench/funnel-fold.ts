/**
 * bench/funnel-fold (docs/funnels.md "Saved funnels are rolled up"): what keeping a saved funnel's
 * rollup adds to each fold step over a busy day. Two stores get the same synthetic day of one site
 * (`--visitors` visitors, about five events each: page views, a tenth of them on /pricing, sign-ups
 * and purchases) and the same three goals; store A also has a saved funnel of them. Both fold the
 * day in steps of `--step` events, alternating A and B step by step, so the load of the shared
 * machine hits both alike: the funnel's cost is A's time minus B's. Printed per tenth of the day
 * (does a step cost more as the day's claims grow?) and in total.
 *
 *   node --import tsx bench/funnel-fold.ts [--visitors 50000] [--step 250] [--pg URL]
 *
 * SQLite folds in this process: CPU time (process.cpuUsage). PostgreSQL folds in the server: wall
 * time. Each PostgreSQL store gets its own schema (dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { NewGoal } from '../src/store/goal-store.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { NewEvent, Store } from '../src/store/store.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '50000' },
    step: { type: 'string', default: '250' },
    pg: { type: 'string' },
  },
});

const VISITORS = Number(values.visitors);
const STEP = Number(values.step);
const DAY = Date.UTC(2026, 10, 10, 0, 0);
const SITE = 'bench-site';

/** The day's events in time order: each visitor about five, spread over the (Paris) day. */
function day(): NewEvent[] {
  const random = seededRandom(18);
  const events: NewEvent[] = [];
  for (let index = 0; index < VISITORS * 5; index++) {
    const roll = random();
    const name = roll < 0.08 ? 'signup' : roll < 0.12 ? 'buy' : null;
    events.push({
      siteId: SITE,
      linkId: null,
      type: name === null ? 'pageview' : 'event',
      kind: 'human',
      channel: roll < 0.5 ? 'search' : 'dark-social',
      medium: roll < 0.5 ? 'organic' : 'messaging',
      source: roll < 0.5 ? 'google' : 'whatsapp',
      evidence: 'referrer',
      confidence: 'certain',
      // 01:00 to 22:00 UTC: one local day in Paris.
      occurredAt: DAY + 3_600_000 + Math.floor((index / (VISITORS * 5)) * 21 * 3_600_000),
      path: name === null && random() < 0.1 ? '/pricing' : `/world/${Math.floor(random() * 2_000)}`,
      visitorHash: `v${Math.floor(random() * VISITORS)}`,
      name,
      props: null,
      revenue: null,
      currency: null,
    });
  }
  return events;
}

const GOALS: Omit<NewGoal, 'siteId'>[] = [
  { id: 'g-pricing', name: 'Pricing', kind: 'page', pathPattern: '/pricing', eventName: null },
  { id: 'g-signup', name: 'Sign-up', kind: 'event', pathPattern: null, eventName: 'signup' },
  { id: 'g-buy', name: 'Buy', kind: 'event', pathPattern: null, eventName: 'buy' },
].map((goal) => ({ ...goal, propKey: null, propValue: null, shareWay: null }) as Omit<NewGoal, 'siteId'>);

async function open(label: string, dir: string): Promise<Store> {
  const store = values.pg
    ? createPostgresStore({ connectionString: values.pg, schema: `bench_funnel_${label}_${process.pid}` })
    : openSqliteStore({ file: join(dir, `${label}.db`) });
  await store.migrate();
  await store.createSite({
    id: SITE,
    domain: 'news.example.org',
    name: 'News',
    timezone: 'Europe/Paris',
    fallbackUrl: null,
  });
  for (const goal of GOALS) await store.goals.createGoal({ ...goal, siteId: SITE });
  return store;
}

/** One fold step's cost in µs: CPU on SQLite, wall on PostgreSQL. */
async function timedStep(store: Store): Promise<{ us: number; folded: number }> {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const folded = await store.foldRollups(STEP);
  const used = process.cpuUsage(cpu);
  const us = values.pg ? Number(process.hrtime.bigint() - wall) / 1e3 : used.user + used.system;
  return { us, folded };
}

const dir = mkdtempSync(join(tmpdir(), 'penumbra-bench-funnel-'));
const stores: Store[] = [];
try {
  const a = await open('a', dir);
  const b = await open('b', dir);
  stores.push(a, b);
  await a.funnels.createFunnel({ id: 'f', siteId: SITE, name: 'Checkout', steps: GOALS.map((g) => g.id) });
  const events = day();
  for (let start = 0; start < events.length; start += 1_000) {
    const batch = events.slice(start, start + 1_000);
    await a.insertEvents(batch);
    await b.insertEvents(batch);
  }
  if (values.pg !== undefined) {
    for (const label of ['a', 'b']) {
      const admin = new pg.Pool({
        connectionString: values.pg,
        max: 1,
        options: `-c search_path=bench_funnel_${label}_${process.pid}`,
      });
      await admin.query('ANALYZE events');
      await admin.end();
    }
  }
  const steps = Math.ceil(events.length / STEP);
  const tenths = Array.from({ length: 10 }, () => ({ a: 0, b: 0, steps: 0 }));
  const unit = values.pg ? 'wall' : 'CPU';
  console.log(
    `${a.dialect}: ${events.length} events of ${VISITORS} visitors on one day, ${steps} fold steps of ${STEP}; ${unit} µs per step`,
  );
  console.log('tenth of day   with funnel   without   funnel adds   ratio');
  // As autovacuum's analyze would as the claims grow: without statistics PostgreSQL reads a
  // new table as near empty and scans a day's claims of a goal rather than look up a visitor's.
  const analyze = async () => {
    if (values.pg === undefined) return;
    for (const label of ['a', 'b']) {
      const admin = new pg.Pool({
        connectionString: values.pg,
        max: 1,
        options: `-c search_path=bench_funnel_${label}_${process.pid}`,
      });
      await admin.query('ANALYZE goal_visitor_days; ANALYZE visitor_days');
      await admin.end();
    }
  };
  const line = (index: number) => {
    const tenth = tenths[index] as (typeof tenths)[number];
    const withF = tenth.a / tenth.steps;
    const without = tenth.b / tenth.steps;
    console.log(
      `${String(index + 1).padStart(5)}   ${withF.toFixed(0).padStart(12)} ${without.toFixed(0).padStart(10)} ${(withF - without).toFixed(0).padStart(12)}   ${(withF / without).toFixed(2)}`,
    );
  };
  for (let index = 0; index < steps; index++) {
    const at = Math.min(9, Math.floor((index / steps) * 10));
    if (at > 0 && Math.min(9, Math.floor(((index - 1) / steps) * 10)) < at) {
      line(at - 1);
      await analyze();
    }
    const tenth = tenths[at] as (typeof tenths)[number];
    // Alternate which store goes first: neither gets the warmer cache every time.
    const [first, second] = index % 2 === 0 ? [a, b] : [b, a];
    let one: { us: number; folded: number };
    try {
      one = await timedStep(first);
    } catch (error) {
      throw new Error(
        `fold step ${index + 1} of ${steps} (${first === a ? 'with' : 'without'} the funnel) failed`,
        {
          cause: error,
        },
      );
    }
    const two = await timedStep(second);
    const [ta, tb] = index % 2 === 0 ? [one, two] : [two, one];
    if (ta.folded === 0 || tb.folded === 0) throw new Error(`step ${index} folded nothing`);
    tenth.a += ta.us;
    tenth.b += tb.us;
    tenth.steps += 1;
  }
  line(9);
  const totalA = tenths.reduce((sum, t) => sum + t.a, 0) / 1e6;
  const totalB = tenths.reduce((sum, t) => sum + t.b, 0) / 1e6;
  console.log(
    `day total: with funnel ${totalA.toFixed(2)} s, without ${totalB.toFixed(2)} s, funnel adds ${(totalA - totalB).toFixed(2)} s (${(totalA / totalB).toFixed(2)}×)`,
  );
  const check = await a.funnels.funnelRollup({
    siteId: SITE,
    funnelId: 'f',
    fromDay: '2026-11-10',
    toDay: '2026-11-10',
  });
  const live = await a.goals.funnel({
    siteId: SITE,
    fromDay: '2026-11-10',
    toDay: '2026-11-10',
    steps: GOALS.map((g) => g.id),
  });
  const total = (rows: { step: number; visitors: number }[], step: number) =>
    rows.filter((row) => row.step === step).reduce((sum, row) => sum + row.visitors, 0);
  console.log(
    `saved funnel ${[0, 1, 2].map((step) => total(check, step)).join(' → ')}, live ${[0, 1, 2].map((step) => total(live, step)).join(' → ')}: ${JSON.stringify(check) === JSON.stringify(live) ? 'equal' : 'DIFFERENT'}`,
  );
} finally {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (values.pg !== undefined) {
    const admin = new pg.Pool({ connectionString: values.pg, max: 1 });
    for (const label of ['a', 'b'])
      await admin.query(`DROP SCHEMA IF EXISTS bench_funnel_${label}_${process.pid} CASCADE`);
    await admin.end();
  }
}
