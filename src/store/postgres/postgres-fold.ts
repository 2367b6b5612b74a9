import { SITE_LEVEL_ROLLUPS } from '../data-scope.js';
import { type ChangedClaims, NEW_FUNNEL_CLAIMS } from '../funnel-rollup-sql.js';
import { postgresGoalFoldSql } from '../goal-sql.js';
import {
  aggregateSql,
  claimFromSql,
  FOLD_BASES,
  flaggedEventsSql,
  foldIntoSql,
  upsertAggregateSql,
  WATERMARK,
} from '../rollups/rollup-fold-sql.js';
import { foldPostgresFunnels } from './postgres-funnel-rollup.js';
import type { PgPool, PgQueryable } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

/*
 * The fold on PostgreSQL (rollup-fold-sql.ts; issue 12).
 *
 * One instance at a time: the fold runs under a transaction-level advisory lock taken with
 * pg_try_advisory_xact_lock, so an instance that finds another folding skips its turn instead
 * of waiting, and no event is counted twice. Erasures and deletions that take counts back out
 * of the rollups take the same lock (blocking), so a fold never adds back what they remove.
 * The lock is not what keeps a range from being folded twice, though: instances of two versions
 * may lock different keys (a rolling restart across the per-schema key), so a step moves the
 * watermark only from where it read it, before anything else (moveWatermark).
 *
 * Ids commit out of order: an id comes from the sequence when a row is inserted, and a
 * transaction that took id 100 may commit after one that took 101. A watermark moved to 101
 * would skip 100 for good. So the fold never goes past a *bound* below which every id is settled
 * (committed, or rolled back and never to appear): a short transaction takes
 * `LOCK TABLE events IN SHARE MODE`, which waits for every transaction that inserted into
 * events to end (an INSERT holds ROW EXCLUSIVE until commit, and takes it before it draws an
 * id) and lets no new one start, reads max(id), and commits at once. Any later insert draws a
 * larger id. Other choices weighed: an xid column compared with pg_snapshot_xmin costs 8 bytes
 * and an index per event; a per-row "folded" flag rewrites every event once; a queue table
 * doubles the inserts. The lock costs inserters a pause of one index lookup per fold, and
 * gives up after FOLD_BARRIER_TIMEOUT (an erasure holding its row locks) until the next tick.
 */

/** A 64-bit advisory lock key, like those of postgres-transaction.ts. */
export const FOLD_LOCK = 7_080_110_119;

/**
 * The fold's lock is per schema: each schema holds its own events, watermark and rollups, so two
 * installations sharing a database (or test suites in their own schemas) must not make each
 * other skip a fold. hashtextextended (PostgreSQL ≥ 11) seeds a 64-bit hash of the schema name
 * with FOLD_LOCK.
 */
const FOLD_LOCK_KEY = `hashtextextended(current_schema(), ${FOLD_LOCK})`;

const FOLD_BARRIER_TIMEOUT = '200ms';

/**
 * Every id up to the returned one is committed or will never appear; null when lock_timeout hit
 * (unless `wait`). The SHARE lock also waits for autovacuum's SHARE UPDATE EXCLUSIVE.
 */
async function settledBound(pool: PgPool, wait: boolean): Promise<number | null> {
  try {
    return await withTransaction(pool, async (client) => {
      if (!wait) await client.query(`SET LOCAL lock_timeout = '${FOLD_BARRIER_TIMEOUT}'`);
      await client.query('LOCK TABLE events IN SHARE MODE');
      const result = await client.query('SELECT coalesce(max(id), 0) AS bound FROM events');
      return Number((result.rows[0] as { bound: string }).bound);
    });
  } catch (error) {
    // 55P03 lock_not_available (https://www.postgresql.org/docs/current/errcodes-appendix.html).
    if (error instanceof Error && 'code' in error && error.code === '55P03') return null;
    throw error;
  }
}

/**
 * The whole fold in one statement: data-modifying WITH queries all see one snapshot, taken
 * before any of them runs, so `f` reads the visitor rows as they were before this fold's claims
 * (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
 */
const FOLD_SQL = (() => {
  const parts = [
    `f AS MATERIALIZED (${flaggedEventsSql('e.id > $1 AND e.id <= $2')})`,
    ...claimFromSql('f').map((sql, index) => `c${index} AS (${sql})`),
    ...[...FOLD_BASES].flatMap(([base, targets], index) => [
      `a${index} AS MATERIALIZED (${aggregateSql(base, 'f')})`,
      ...targets.map((target, t) => `r${index}_${t} AS (${upsertAggregateSql(target, base, `a${index}`)})`),
    ]),
  ];
  return `WITH ${parts.join(',\n')} SELECT count(*) AS folded FROM f`;
})();

/**
 * The step's goal conversions (goal-sql.ts), a second statement of the fold's transaction: it
 * sees the visitor rows FOLD_SQL just claimed, so a page view of the step credits the
 * conversions after it.
 */
const GOAL_FOLD_SQL = postgresGoalFoldSql(
  'e.id > $1 AND e.id <= $2',
  '1 = 1',
  // The new claims on sites with saved funnels: what they add to those funnels' rollups.
  NEW_FUNNEL_CLAIMS('f'),
);

/**
 * Folds at most `limit` settled events past the watermark; 0 when another instance is folding or
 * the barrier is busy — unless `wait`, which waits for both (data requests, which need the tail
 * folded before they read rollup rows as rows). `lockKey`: the advisory lock's key (SQL); an
 * instance of an older version took FOLD_LOCK itself, which tests pass to play one.
 */
export async function foldPostgresRollups(
  pool: PgPool,
  limit: number,
  wait = false,
  lockKey = FOLD_LOCK_KEY,
): Promise<number> {
  // Nothing past the watermark (an idle site): no lock taken, no writer paused.
  // max(id) is one step down the primary key, whatever the planner thinks of `id > subquery`.
  const pending = await pool.query(`SELECT coalesce(max(id), 0) > ${WATERMARK} AS pending FROM events`);
  if (!(pending.rows[0] as { pending: boolean }).pending) return 0;
  const bound = await settledBound(pool, wait);
  if (bound === null) return 0;
  return withTransaction(pool, async (client) => {
    const lock = await client.query(
      wait
        ? `SELECT pg_advisory_xact_lock(${lockKey}) IS NOT NULL AS locked`
        : `SELECT pg_try_advisory_xact_lock(${lockKey}) AS locked`,
    );
    if (!(lock.rows[0] as { locked: boolean }).locked) return 0;
    const from = await postgresWatermark(client);
    const result = await client.query(
      'SELECT max(id) AS upto FROM (SELECT id FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3) AS step',
      [from, bound, limit],
    );
    const upto = (result.rows[0] as { upto: string | null }).upto;
    if (upto === null) return 0;
    if (!(await moveWatermark(client, from, upto))) return 0;
    const folded = await client.query(FOLD_SQL, [from, upto]);
    const claims = await client.query(GOAL_FOLD_SQL, [from, upto]);
    await foldPostgresFunnels(client, claims.rows as ChangedClaims[], from);
    return Number((folded.rows[0] as { folded: string }).folded);
  });
}

/**
 * Claims the step (from, upto] by moving the watermark, first thing, only from where the step
 * read it: false, with nothing done, when a fold that the advisory lock did not keep out (an
 * instance of another version locks another key, during a rolling restart) moved it since. The
 * row lock holds a second fold at this statement until the first commits; under READ COMMITTED
 * it then re-reads the row, finds `folded_id` moved and updates nothing
 * (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED).
 */
async function moveWatermark(client: PgQueryable, from: number, upto: string): Promise<boolean> {
  const moved = await client.query('UPDATE rollup_watermark SET folded_id = $2 WHERE folded_id = $1', [
    from,
    upto,
  ]);
  return moved.rowCount === 1;
}

/** Waits for a fold in progress and keeps the next out until this transaction ends. */
export async function lockFold(client: PgQueryable): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK_KEY})`);
}

/** The last folded event id, in the caller's transaction. */
export async function postgresWatermark(db: PgQueryable): Promise<number> {
  const result = await db.query('SELECT folded_id FROM rollup_watermark');
  return Number((result.rows[0] as { folded_id: string }).folded_id);
}

/**
 * Deletes links' events after their link rows (so no insert can add one behind: it holds
 * FOR KEY SHARE on the row until it commits, and the DELETE of the row waited for it), taking
 * the folded ones' counts out of the site-level rollups (issue 13, finding 7; docs/stats.md).
 * Call after lockFold. Link events are clicks, previews and bots, which claim no visitor.
 */
export async function deletePostgresLinkEvents(
  client: PgQueryable,
  linkIds: readonly string[],
): Promise<void> {
  if (linkIds.length === 0) return;
  const parts = [
    `f AS MATERIALIZED (${flaggedEventsSql(`e.link_id = ANY($1::text[]) AND e.id <= ${WATERMARK}`)})`,
    ...SITE_LEVEL_ROLLUPS.map((table, index) => `r${index} AS (${foldIntoSql(table, 'f', -1)})`),
    'gone AS (DELETE FROM events WHERE link_id = ANY($1::text[]))',
  ];
  await client.query(`WITH ${parts.join(',\n')} SELECT 1`, [linkIds]);
}
