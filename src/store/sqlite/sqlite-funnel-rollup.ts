import {
  type BoundSql,
  backfillSlices,
  type ChangedClaims,
  earliestDay,
  FIRST_CLAIM_DAY,
  type FunnelDays,
  type FunnelRef,
  funnelAdditions,
  funnelRollupAddSql,
  funnelRollupDeleteSql,
  funnelRollupReadSql,
  funnelRollupRefreshSql,
  funnelsOfSitesSql,
  LAST_CLAIM_DAY,
  latestDay,
  SITE_GOAL_IDS,
} from '../funnel-rollup-sql.js';
import { funnelRows } from '../goal-sql.js';
import type { FunnelStepRow } from '../goal-store.js';
import type { SqliteStatement } from './sqlite-database.js';

type Prepare = (sql: string) => SqliteStatement;

const run = (sql: Prepare, statements: readonly BoundSql[]) => {
  for (const { text, params } of statements) sql(text).run(...params);
};

/** Replaces the funnel's rollup rows for `which` days (funnel-rollup-sql.ts), in the caller's transaction. */
export function refreshSqliteFunnel(sql: Prepare, funnel: FunnelRef, which: FunnelDays): void {
  run(sql, funnelRollupRefreshSql('sqlite', funnel, which));
}

/**
 * A saved funnel's rows from every claim still kept (saved, or its steps changed), in the
 * caller's write transaction: all its rows go, then the days from the site's oldest kept claim
 * on are counted. Older days keep no rows: counted with other steps, they would read as these
 * (docs/funnels.md). A site without any claim has nothing to count.
 */
export function backfillSqliteFunnel(sql: Prepare, funnel: FunnelRef): void {
  run(sql, funnelRollupDeleteSql('sqlite', funnel.siteId, funnel.id));
  const goals = sql(SITE_GOAL_IDS).all(funnel.siteId) as { id: string }[];
  const day = (statement: string) =>
    goals.map((goal) => (sql(statement).get(funnel.siteId, goal.id) as { day: string | null }).day);
  const from = earliestDay(day(FIRST_CLAIM_DAY));
  const last = latestDay(day(LAST_CLAIM_DAY));
  if (from === null || last === null) return;
  for (const slice of backfillSlices(from, last)) refreshSqliteFunnel(sql, funnel, slice);
}

export function deleteSqliteFunnelRollup(sql: Prepare, siteId: string, funnelId: string): void {
  run(sql, funnelRollupDeleteSql('sqlite', siteId, funnelId));
}

/**
 * The fold's step for saved funnels, after its goal claims (sqlite-fold.ts), in its write
 * transaction: `changed` are the claims it added (foldSqliteGoals) and `from` its start; each
 * saved funnel with one of their goals as a step adds what they bring (funnelRollupAddSql): work
 * in proportion to the step's new claims, not to the day's.
 */
export function foldSqliteFunnels(sql: Prepare, changed: readonly ChangedClaims[], from: number): void {
  if (changed.length === 0) return;
  const { text, params } = funnelsOfSitesSql('sqlite', [...new Set(changed.map((row) => row.site_id))]);
  const funnels = sql(text).all(...params) as { id: string; site_id: string; steps: string }[];
  for (const { funnel, ...added } of funnelAdditions(funnels, changed))
    run(sql, funnelRollupAddSql('sqlite', funnel, added, from));
}

/** A saved funnel's visitors per step, channel and source over a range, from its rollup. */
export function readSqliteFunnelRollup(
  sql: Prepare,
  query: { siteId: string; funnelId: string; fromDay: string; toDay: string },
): FunnelStepRow[] {
  const { text, params } = funnelRollupReadSql('sqlite', query);
  return funnelRows(sql(text).all(...params) as Record<string, unknown>[]);
}
