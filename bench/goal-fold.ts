/**
 * bench/goal-fold (issue 14): what goals add to the fold, and how long a new goal's backfill takes.
 * Writes `--events` synthetic events of one site (page views on 2,000 pages, custom events with
 * revenue, shares, copies, clicks; 50,000 visitors a day over 30 days) and folds them; then, on
 * the same store, folds `--step` more events without goals, creates `--goals` goals (timing each
 * backfill over everything written), and folds `--step` more with them; then, with at least
 * three goals, saves a funnel of the first three (timing its rollup's backfill) and folds
 * `--step` more with the funnel's rollup kept too (migration 18).
 *
 *   node --import tsx bench/goal-fold.ts [--events 1000000] [--step 200000] [--goals 5] [--pg URL]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { NewGoal } from '../src/store/goal-store.js';
import { foldPending } from '../src/store/rollups/rollup-folder.js';
import type { NewEvent, Store } from '../src/store/store.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { withBenchStore } from './bench-store.js';
import { picker } from './bench-utils.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    step: { type: 'string', default: '200000' },
    goals: { type: 'string', default: '5' },
    pg: { type: 'string' },
    keep: { type: 'string' },
  },
});

const DAY_MS = 86_400_000;
const schema = `bench_goals_${process.pid}`;
const START = Date.UTC(2026, 10, 1);
const random = seededRandom(14);
const pick = picker(random);
const ARRIVALS = [
  ['dark-social', 'messaging', 'whatsapp', 'in-app-browser', 'certain'],
  ['dark-social', 'copy-paste', 'direct', 'share-token', 'certain'],
  ['search', 'organic', 'google', 'referrer', 'certain'],
  ['direct', 'none', 'direct', 'none', 'certain'],
  ['internal', 'internal', 'direct', 'referrer', 'certain'],
] as const;

function event(siteId: string, index: number, total: number): NewEvent {
  const occurredAt = START + Math.floor((index / total) * 30 * DAY_MS);
  const [channel, medium, source, evidence, confidence] = pick(ARRIVALS);
  const roll = random();
  const type =
    roll < 0.8 ? 'pageview' : roll < 0.85 ? 'event' : roll < 0.88 ? 'share' : roll < 0.9 ? 'copy' : 'click';
  const name = type === 'event' ? pick(['signup', 'buy']) : null;
  const paid = name === 'buy';
  return {
    siteId,
    linkId: null,
    type: type === 'click' ? 'outbound' : type,
    kind: 'human',
    channel,
    medium,
    source,
    evidence,
    confidence,
    occurredAt,
    path: `/world/2026/${Math.floor(random() * 2_000)}`,
    visitorHash: `v${Math.floor(random() * 50_000)}`,
    name,
    props: name === 'signup' ? pick(['{"plan":"pro"}', '{"plan":"free"}']) : null,
    revenue: paid ? pick([9.99, 19.99, 5]) : null,
    currency: paid ? pick(['EUR', 'USD']) : null,
  };
}

const GOALS: Omit<NewGoal, 'id' | 'siteId' | 'name'>[] = [
  {
    kind: 'page',
    pathPattern: '/world/2026/19*',
    eventName: null,
    propKey: null,
    propValue: null,
    shareWay: null,
  },
  {
    kind: 'event',
    pathPattern: null,
    eventName: 'signup',
    propKey: 'plan',
    propValue: 'pro',
    shareWay: null,
  },
  { kind: 'event', pathPattern: null, eventName: 'buy', propKey: null, propValue: null, shareWay: null },
  { kind: 'share', pathPattern: null, eventName: null, propKey: null, propValue: null, shareWay: 'any' },
  { kind: 'page', pathPattern: '*/7', eventName: null, propKey: null, propValue: null, shareWay: null },
];

async function write(store: Store, siteId: string, count: number, offset: number, total: number) {
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    const events = Array.from({ length: Math.min(batch, count - start) }, (_, i) =>
      event(siteId, offset + start + i, total),
    );
    await store.insertEvents(events);
  }
  // As autovacuum would after so many inserts: without statistics PostgreSQL reads the unfolded
  // tail through (site_id, occurred_at) rather than the ids past the watermark.
  if (values.pg !== undefined) {
    const admin = new pg.Pool({ connectionString: values.pg, max: 1, options: `-c search_path=${schema}` });
    await admin.query('ANALYZE events');
    await admin.end();
  }
}

/**
 * Folds everything: foldPending, then a data request's fold, which waits for PostgreSQL's
 * barrier where the background fold skips its turn (foldPostgresRollups).
 */
async function foldAll(store: Store, siteId: string): Promise<void> {
  await foldPending(store);
  await store.countScope({ siteId });
}

async function timed<T>(label: string, work: () => Promise<T>, per?: number): Promise<T> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1e3;
  const each = per ? `, ${((cpuMs * 1e3) / per).toFixed(2)} µs CPU/event` : '';
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms wall, ${cpuMs.toFixed(0)} ms CPU${each}`);
  return result;
}

const events = Number(values.events);
const step = Number(values.step);
// --keep DIR: the SQLite file stays in DIR (goals.db) for a look afterwards.
const options = {
  name: 'goals',
  pg: values.pg === undefined ? undefined : { url: values.pg, schema },
  keep: values.keep,
};
await withBenchStore(options, async (store, siteId) => {
  const total = events + 3 * step;
  console.log(
    `${store.dialect}: ${events} events, then ${step} folded without goals, then ${step} with ${values.goals}`,
  );
  await timed(`write ${events}`, () => write(store, siteId, events, 0, total));
  await timed(`fold ${events} (no goals)`, () => foldAll(store, siteId), events);
  await write(store, siteId, step, events, total);
  await timed(`fold ${step} (no goals)`, () => foldAll(store, siteId), step);
  for (let index = 0; index < Number(values.goals); index++) {
    const definition = GOALS[index % GOALS.length] as (typeof GOALS)[number];
    await timed(`create + backfill goal ${index} (${definition.kind})`, () =>
      store.goals.createGoal({ ...definition, id: `goal-${index}`, siteId, name: `Goal ${index}` }),
    );
  }
  await write(store, siteId, step, events + step, total);
  await timed(`fold ${step} (${values.goals} goals)`, () => foldAll(store, siteId), step);
  if (Number(values.goals) >= 3) {
    await timed('save a funnel of goals 0-2 (rollup backfill)', () =>
      store.funnels.createFunnel({
        id: 'funnel-0',
        siteId,
        name: 'Funnel',
        steps: ['goal-0', 'goal-1', 'goal-2'],
      }),
    );
    await write(store, siteId, step, events + 2 * step, total);
    await timed(`fold ${step} (${values.goals} goals, 1 saved funnel)`, () => foldAll(store, siteId), step);
  }
  for (const [label, by] of [
    ['30 days by channel', ['channel']],
    ['30 days by day', ['day']],
  ] as const) {
    const times: number[] = [];
    let rows = await store.goals.goalConversions({
      siteId,
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      goalIds: null,
      by,
    });
    for (let run = 0; run < 9; run++) {
      const started = performance.now();
      rows = await store.goals.goalConversions({
        siteId,
        fromDay: '2026-11-01',
        toDay: '2026-11-30',
        goalIds: null,
        by,
      });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `goalConversions ${label}: p50 ${times[4]?.toFixed(1)} ms, max ${times[8]?.toFixed(1)} ms; ${rows.length} rows`,
    );
  }
  const goalCount = Number(values.goals);
  if (goalCount >= 3) {
    const times: number[] = [];
    let steps = 0;
    for (let run = 0; run < 9; run++) {
      const started = performance.now();
      const rows = await store.goals.funnel({
        siteId,
        fromDay: '2026-11-01',
        toDay: '2026-11-30',
        steps: ['goal-0', 'goal-1', 'goal-2'],
      });
      times.push(performance.now() - started);
      steps = rows.length;
    }
    times.sort((a, b) => a - b);
    console.log(
      `funnel of 3 steps, 30 days: p50 ${times[4]?.toFixed(1)} ms, max ${times[8]?.toFixed(1)} ms; ${steps} rows`,
    );
  }
});
