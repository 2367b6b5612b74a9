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
import { numberedSql } from '../outbox-sql.js';
import type { PgQueryable } from './postgres-pool.js';

async function run(db: PgQueryable, statements: readonly BoundSql[]): Promise<void> {
  for (const { text, params } of statements) await db.query(text, params);
}

/** Replaces the funnel's rollup rows for `which` days (funnel-rollup-sql.ts), in the caller's transaction. */
export function refreshPostgresFunnel(db: PgQueryable, funnel: FunnelRef, which: FunnelDays): Promise<void> {
  return run(db, funnelRollupRefreshSql('postgres', funnel, which));
}

/**
 * A saved funnel's rows from every claim still kept, in the caller's transaction under the
 * fold's lock (lockFold): as backfillSqliteFunnel, all its rows go first.
 */
export async function backfillPostgresFunnel(db: PgQueryable, funnel: FunnelRef): Promise<void> {
  await run(db, funnelRollupDeleteSql('postgres', funnel.siteId, funnel.id));
  const goals = (await db.query(numberedSql(SITE_GOAL_IDS), [funnel.siteId])).rows as { id: string }[];
  const day = async (statement: string) => {
    const days: (string | null)[] = [];
    for (const goal of goals) {
      const result = await db.query(numberedSql(statement), [funnel.siteId, goal.id]);
      days.push((result.rows[0] as { day: string | null }).day);
    }
    return days;
  };
  const from = earliestDay(await day(FIRST_CLAIM_DAY));
  const last = latestDay(await day(LAST_CLAIM_DAY));
  if (from === null || last === null) return;
  // A month per statement (backfillSlices): no statement nears the statement timeout.
  for (const slice of backfillSlices(from, last)) await refreshPostgresFunnel(db, funnel, slice);
}

export function deletePostgresFunnelRollup(db: PgQueryable, siteId: string, funnelId: string): Promise<void> {
  return run(db, funnelRollupDeleteSql('postgres', siteId, funnelId));
}

/**
 * The fold's step for saved funnels, after its goal statement (postgres-fold.ts), in its
 * transaction under the fold's advisory lock: `changed` are the claims it added, `from` the
 * step's start; as foldSqliteFunnels.
 */
export async function foldPostgresFunnels(
  db: PgQueryable,
  changed: readonly ChangedClaims[],
  from: number,
): Promise<void> {
  if (changed.length === 0) return;
  const { text, params } = funnelsOfSitesSql('postgres', [...new Set(changed.map((row) => row.site_id))]);
  const funnels = (await db.query(text, params)).rows as { id: string; site_id: string; steps: string }[];
  for (const { funnel, ...added } of funnelAdditions(funnels, changed)) {
    await run(db, funnelRollupAddSql('postgres', funnel, added, from));
  }
}

/** A saved funnel's visitors per step, channel and source over a range, from its rollup. */
export async function readPostgresFunnelRollup(
  db: PgQueryable,
  query: { siteId: string; funnelId: string; fromDay: string; toDay: string },
): Promise<FunnelStepRow[]> {
  const { text, params } = funnelRollupReadSql('postgres', query);
  return funnelRows((await db.query(text, params)).rows as Record<string, unknown>[]);
}
