/**
 * The saved funnels' rollup (migration 18, docs/funnels.md "Saved funnels are rolled up"): the
 * visitors per step, channel and source of each saved funnel, per local day in
 * `rollup_funnel_days` and per month in `rollup_funnel_months`. A day's rows are funnelSql's
 * counts restricted to that day (one definition, goal-sql.ts); a month's rows are the sum of its
 * day rows. Both engines run these statements; only the placeholders differ (sqlBinder).
 */
import type { SavedFunnel } from './funnel-store.js';
import { funnelChainSql, funnelSql, goalRangeSegments } from './goal-sql.js';
import { sqlBinder } from './sql-binder.js';

export const FUNNEL_ROLLUP_TABLES = ['rollup_funnel_days', 'rollup_funnel_months'] as const;

/** A statement and its parameters. */
export interface BoundSql {
  text: string;
  params: unknown[];
}

/** The days from `from` to `to` (a backfill's slice; no `to`: every later day). */
export type FunnelDays = { from: string; to?: string };

/** The funnel's steps as the claims name them (FunnelRef: what the rollup needs of a saved funnel). */
export type FunnelRef = Pick<SavedFunnel, 'id' | 'siteId' | 'steps'>;

const LAST_DAY = '9999-12-31';
const KEYS = 'step, channel, source';

function statement(
  engine: 'sqlite' | 'postgres',
  build: (bind: (value: unknown) => string) => string,
): BoundSql {
  const { params, bind } = sqlBinder(engine);
  return { text: build(bind), params };
}

/**
 * The statements that replace the funnel's rows for the days `which` (a backfill): delete the
 * day rows, insert funnelSql's per-day counts, then the same for the months those days fall in
 * (summed from their day rows, so a month keeps the days older than the claims). Run in order,
 * in the caller's transaction.
 */
export function funnelRollupRefreshSql(
  engine: 'sqlite' | 'postgres',
  funnel: FunnelRef,
  which: FunnelDays,
): BoundSql[] {
  const owner = (bind: (value: unknown) => string) =>
    `site_id = ${bind(funnel.siteId)} AND funnel_id = ${bind(funnel.id)}`;
  const to = which.to ?? LAST_DAY;
  const [first, last] = [which.from.slice(0, 7), to.slice(0, 7)];
  return [
    statement(
      engine,
      (bind) =>
        `DELETE FROM rollup_funnel_days WHERE ${owner(bind)} AND day >= ${bind(which.from)} AND day <= ${bind(to)}`,
    ),
    statement(
      engine,
      (bind) => `INSERT INTO rollup_funnel_days (site_id, funnel_id, day, ${KEYS}, visitors)
        SELECT ${bind(funnel.siteId)}, ${bind(funnel.id)}, f.day, f.step, f.channel, f.source, f.visitors
        FROM (${funnelSql({ siteId: funnel.siteId, steps: funnel.steps, fromDay: which.from, toDay: to }, bind, true)}) AS f`,
    ),
    statement(
      engine,
      (bind) =>
        `DELETE FROM rollup_funnel_months WHERE ${owner(bind)} AND month >= ${bind(first)} AND month <= ${bind(last)}`,
    ),
    statement(
      engine,
      (bind) => `INSERT INTO rollup_funnel_months (site_id, funnel_id, month, ${KEYS}, visitors)
        SELECT site_id, funnel_id, substr(day, 1, 7), ${KEYS}, sum(visitors) FROM rollup_funnel_days
        WHERE ${owner(bind)} AND day >= ${bind(`${first}-01`)} AND day <= ${bind(`${last}-31`)}
        GROUP BY site_id, funnel_id, substr(day, 1, 7), ${KEYS}`,
    ),
  ];
}

/** Visitor hashes per statement of funnelRollupAddSql: well under SQLite's 32,766 parameters. */
const HASHES_PER_STATEMENT = 500;

/**
 * The fold's part of a saved funnel's rollup (docs/funnels.md "Kept by the fold"): what a fold
 * step's new claims of the funnel's step `k` on `day` (`hashes`, their visitors) add to the day
 * and month rows. A visitor reaches step k when steps 0…k have claims of the day with `first_id`
 * increasing (funnelSql). Claims are only added, and the step's new claims have ids past `from`
 * (the step's start) where every older claim's id is at most `from`; so a chain 0…k is new
 * exactly when its last claim, step k's, is new — an older claim of a later step would have a
 * smaller id than a new one of an earlier step, which the order forbids. A step adds, per
 * channel and source of step 0's claim, the visitors whose step-k claim is new and whose chain
 * holds: the full recount's rows minus the rows before the step, read by primary key for these
 * visitors only, whatever the day already holds. Statements of at most HASHES_PER_STATEMENT
 * visitors, run in the caller's transaction (any order: they add up).
 */
export function funnelRollupAddSql(
  engine: 'sqlite' | 'postgres',
  funnel: FunnelRef,
  added: { day: string; step: number; hashes: readonly string[] },
  from: number,
): BoundSql[] {
  const { day, step: k } = added;
  const statements: BoundSql[] = [];
  for (let start = 0; start < added.hashes.length; start += HASHES_PER_STATEMENT) {
    const hashes = added.hashes.slice(start, start + HASHES_PER_STATEMENT);
    for (const [table, time, value] of [
      ['rollup_funnel_days', 'day', day],
      ['rollup_funnel_months', 'month', day.slice(0, 7)],
    ] as const) {
      statements.push(
        statement(
          engine,
          // The SELECT's `WHERE true`: SQLite's upsert after a SELECT needs a WHERE to parse
          // (https://sqlite.org/lang_upsert.html, "Parsing Ambiguity").
          (bind) => `INSERT INTO ${table} AS t (site_id, funnel_id, ${time}, ${KEYS}, visitors)
            SELECT ${bind(funnel.siteId)}, ${bind(funnel.id)}, ${bind(value)}, ${k}, a.channel, a.source, a.visitors
            FROM (SELECT s0.channel AS channel, s0.source AS source, count(*) AS visitors
              FROM ${funnelChainSql(funnel.steps, k, bind)}
              WHERE s${k}.site_id = ${bind(funnel.siteId)} AND s${k}.goal_id = ${bind(funnel.steps[k])}
                AND s${k}.day = ${bind(day)} AND s${k}.visitor_hash IN (${hashes.map(bind).join(', ')})
                AND s${k}.first_id > ${bind(from)}
              GROUP BY s0.channel, s0.source) AS a WHERE true
            ON CONFLICT (site_id, funnel_id, ${time}, ${KEYS}) DO UPDATE SET visitors = t.visitors + excluded.visitors`,
        ),
      );
    }
  }
  return statements;
}

/** A funnel's rows in both tables (the funnel is deleted). */
export function funnelRollupDeleteSql(
  engine: 'sqlite' | 'postgres',
  siteId: string,
  funnelId: string,
): BoundSql[] {
  return FUNNEL_ROLLUP_TABLES.map((table) => {
    const { params, bind } = sqlBinder(engine);
    return {
      text: `DELETE FROM ${table} WHERE site_id = ${bind(siteId)} AND funnel_id = ${bind(funnelId)}`,
      params,
    };
  });
}

/**
 * The funnel's visitors per step, channel and source over a range, from the rollup: whole
 * months from the month rows, the days at either end from the day rows (goalRangeSegments, as
 * the goal reads split theirs). Rows shaped for funnelRows.
 */
export function funnelRollupReadSql(
  engine: 'sqlite' | 'postgres',
  query: { siteId: string; funnelId: string; fromDay: string; toDay: string },
): BoundSql {
  const { params, bind } = sqlBinder(engine);
  const branches = goalRangeSegments(query.fromDay, query.toDay, false).map((segment) => {
    const [table, time] =
      segment.table === 'rollup_goals' ? ['rollup_funnel_days', 'day'] : ['rollup_funnel_months', 'month'];
    return `SELECT step, channel, source, visitors FROM ${table}
      WHERE site_id = ${bind(query.siteId)} AND funnel_id = ${bind(query.funnelId)}
        AND ${time} >= ${bind(segment.from)} AND ${time} <= ${bind(segment.to)}`;
  });
  return {
    text: `SELECT step, channel, source, sum(visitors) AS visitors FROM (${branches.join(' UNION ALL ')}) AS r
      GROUP BY step, channel, source`,
    params,
  };
}

/**
 * The statements giving the first day of claims kept for the site's goals, one per goal (each
 * a lookup of the claims' primary key): a backfill, which first deletes all the funnel's rows,
 * counts the days from there on; older days cannot be counted with the steps it counts.
 */
export const FIRST_CLAIM_DAY =
  'SELECT min(day) AS day FROM goal_visitor_days WHERE site_id = ? AND goal_id = ?';
/** The last day with a claim of a goal (SQLite reads min or max by index only one per statement). */
export const LAST_CLAIM_DAY =
  'SELECT max(day) AS day FROM goal_visitor_days WHERE site_id = ? AND goal_id = ?';

/**
 * A backfill from `from` in slices of one calendar month, up to the month of `last` (the last
 * slice open-ended): one statement per month, each costing what a month's live funnel costs,
 * so that no statement of a big site's backfill nears PostgreSQL's statement timeout (a whole
 * month range in one statement did, on a site of 50,000 visitors a day).
 */
export function backfillSlices(from: string, last: string): FunnelDays[] {
  const slices: FunnelDays[] = [];
  let start = from;
  while (start.slice(0, 7) < last.slice(0, 7)) {
    const month = start.slice(0, 7);
    slices.push({ from: start, to: `${month}-31` });
    const [year, number] = month.split('-').map(Number) as [number, number];
    start = number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, '0')}-01`;
  }
  slices.push({ from: start });
  return slices;
}
export const SITE_GOAL_IDS = 'SELECT id FROM goals WHERE site_id = ?';

/** The earliest of the days found (FIRST_CLAIM_DAY), null when none of the goals has a claim. */
export function earliestDay(days: readonly (string | null | undefined)[]): string | null {
  let earliest: string | null = null;
  for (const day of days) if (day && (earliest === null || day < earliest)) earliest = day;
  return earliest;
}

/** The latest of the days found (LAST_CLAIM_DAY), null when none. */
export function latestDay(days: readonly (string | null | undefined)[]): string | null {
  let latest: string | null = null;
  for (const day of days) if (day && (latest === null || day > latest)) latest = day;
  return latest;
}

/** The saved funnels of the sites given (the fold's), steps parsed: `SELECT … WHERE site_id IN`. */
export function funnelsOfSitesSql(engine: 'sqlite' | 'postgres', siteIds: readonly string[]): BoundSql {
  const { params, bind } = sqlBinder(engine);
  return {
    text: `SELECT id, site_id, steps FROM funnels WHERE site_id IN (${siteIds.map(bind).join(', ')})`,
    params,
  };
}

/** A claim a fold step added (its primary key). */
export interface ChangedClaims {
  site_id: string;
  goal_id: string;
  day: string;
  visitor_hash: string;
}

/**
 * The new claims of a fold step's goal matches (`source`, rows flagged `nc`) on sites with a
 * saved funnel: what funnelAdditions reads. One row per claim (`nc` flags one match of each).
 */
export const NEW_FUNNEL_CLAIMS = (source: string): string =>
  `SELECT site_id, goal_id, day, visitor_hash FROM ${source}
    WHERE nc = 1 AND site_id IN (SELECT site_id FROM funnels)`;

/**
 * The fold's additions to the saved funnels (funnelRollupAddSql): for each funnel with one of the
 * new claims' goals as a step, the new claims' visitors per day and step.
 */
export function funnelAdditions(
  funnels: readonly { id: string; site_id: string; steps: string }[],
  changed: readonly ChangedClaims[],
): { funnel: FunnelRef; day: string; step: number; hashes: string[] }[] {
  const additions = new Map<string, { funnel: FunnelRef; day: string; step: number; hashes: string[] }>();
  // Each (site, goal) to the funnels and steps it is: the claims are looked up once each.
  const stepsOf = new Map<string, { funnel: FunnelRef; step: number }[]>();
  for (const row of funnels) {
    const funnel = { id: row.id, siteId: row.site_id, steps: JSON.parse(row.steps) as string[] };
    for (const [step, goal] of funnel.steps.entries()) {
      const key = `${row.site_id}\n${goal}`;
      stepsOf.set(key, [...(stepsOf.get(key) ?? []), { funnel, step }]);
    }
  }
  for (const claim of changed) {
    for (const { funnel, step } of stepsOf.get(`${claim.site_id}\n${claim.goal_id}`) ?? []) {
      const key = `${funnel.siteId}\n${funnel.id}\n${claim.day}\n${step}`;
      const addition = additions.get(key) ?? { funnel, day: claim.day, step, hashes: [] };
      addition.hashes.push(claim.visitor_hash);
      additions.set(key, addition);
    }
  }
  return [...additions.values()];
}
