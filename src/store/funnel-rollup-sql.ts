/**
 * The saved funnels' rollup (migration 18, docs/funnels.md "Saved funnels are rolled up"): the
 * visitors per step, channel and source of each saved funnel, per local day in
 * `rollup_funnel_days` and per month in `rollup_funnel_months`. A day's rows are funnelSql's
 * counts restricted to that day (one definition, goal-sql.ts); a month's rows are the sum of its
 * day rows. Both engines run these statements; only the placeholders differ (sqlBinder).
 */
import type { SavedFunnel } from './funnel-store.js';
import { funnelSql, goalRangeSegments } from './goal-sql.js';
import { sqlBinder } from './sql-binder.js';

export const FUNNEL_ROLLUP_TABLES = ['rollup_funnel_days', 'rollup_funnel_months'] as const;

/** A statement and its parameters. */
export interface BoundSql {
  text: string;
  params: unknown[];
}

/**
 * Which days to recompute: a set of days (a fold step's), or the days from `from` to `to` (a
 * backfill's slice; no `to`: every later day).
 */
export type FunnelDays = { days: readonly string[] } | { from: string; to?: string };

/** The funnel's steps as the claims name them (FunnelRef: what the rollup needs of a saved funnel). */
export type FunnelRef = Pick<SavedFunnel, 'id' | 'siteId' | 'steps'>;

const LAST_DAY = '9999-12-31';

/**
 * The statements that replace the funnel's rows for `which` days: delete the day rows, insert
 * funnelSql's per-day counts, then the same for the months those days fall in (summed from
 * their day rows, so a month keeps the days older than the claims). Run in order, in the
 * caller's transaction.
 */
export function funnelRollupRefreshSql(
  engine: 'sqlite' | 'postgres',
  funnel: FunnelRef,
  which: FunnelDays,
): BoundSql[] {
  const statement = (build: (bind: (value: unknown) => string) => string): BoundSql => {
    const { params, bind } = sqlBinder(engine);
    return { text: build(bind), params };
  };
  const owner = (bind: (value: unknown) => string) =>
    `site_id = ${bind(funnel.siteId)} AND funnel_id = ${bind(funnel.id)}`;
  const to = 'days' in which ? LAST_DAY : (which.to ?? LAST_DAY);
  const months =
    'days' in which
      ? [...new Set(which.days.map((day) => day.slice(0, 7)))]
      : [which.from.slice(0, 7), to.slice(0, 7)];
  const dayCondition = (bind: (value: unknown) => string) =>
    'days' in which
      ? `day IN (${which.days.map(bind).join(', ')})`
      : `day >= ${bind(which.from)} AND day <= ${bind(to)}`;
  const monthDays = (bind: (value: unknown) => string) =>
    'days' in which
      ? `(${months.map((month) => `(day >= ${bind(`${month}-01`)} AND day <= ${bind(`${month}-31`)})`).join(' OR ')})`
      : `day >= ${bind(`${months[0]}-01`)} AND day <= ${bind(`${months[1]}-31`)}`;
  const monthCondition = (bind: (value: unknown) => string) =>
    'days' in which
      ? `month IN (${months.map(bind).join(', ')})`
      : `month >= ${bind(months[0])} AND month <= ${bind(months[1])}`;
  const keys = 'step, channel, source';
  return [
    statement((bind) => `DELETE FROM rollup_funnel_days WHERE ${owner(bind)} AND ${dayCondition(bind)}`),
    statement(
      (bind) => `INSERT INTO rollup_funnel_days (site_id, funnel_id, day, ${keys}, visitors)
        SELECT ${bind(funnel.siteId)}, ${bind(funnel.id)}, f.day, f.step, f.channel, f.source, f.visitors
        FROM (${funnelSql(
          {
            siteId: funnel.siteId,
            steps: funnel.steps,
            fromDay: 'from' in which ? which.from : '',
            toDay: to,
          },
          bind,
          'days' in which ? { days: which.days } : {},
        )}) AS f`,
    ),
    statement((bind) => `DELETE FROM rollup_funnel_months WHERE ${owner(bind)} AND ${monthCondition(bind)}`),
    statement(
      (bind) => `INSERT INTO rollup_funnel_months (site_id, funnel_id, month, ${keys}, visitors)
        SELECT site_id, funnel_id, substr(day, 1, 7), ${keys}, sum(visitors) FROM rollup_funnel_days
        WHERE ${owner(bind)} AND ${monthDays(bind)}
        GROUP BY site_id, funnel_id, substr(day, 1, 7), ${keys}`,
    ),
  ];
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
 * a lookup of the claims' primary key): a backfill recomputes the days from there on, and the
 * older days keep their rows, as every rollup keeps what retention deletes.
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

/** A (site, goal, day) whose claims a fold step changed. */
export interface ChangedClaims {
  site_id: string;
  goal_id: string;
  day: string;
}

/**
 * The saved funnels to recompute after a fold step, each with the days it must recompute: the
 * days on which one of its steps' goals got new claims.
 */
export function funnelsToRefresh(
  funnels: readonly { id: string; site_id: string; steps: string }[],
  changed: readonly ChangedClaims[],
): { funnel: FunnelRef; days: string[] }[] {
  return funnels.flatMap((row) => {
    const steps = JSON.parse(row.steps) as string[];
    const days = new Set(
      changed
        .filter((claim) => claim.site_id === row.site_id && steps.includes(claim.goal_id))
        .map((claim) => claim.day),
    );
    if (days.size === 0) return [];
    return [{ funnel: { id: row.id, siteId: row.site_id, steps }, days: [...days].sort() }];
  });
}
