import {
  aggregateSql,
  claimFromSql,
  FLAGGED_COLUMNS,
  FOLD_BASES,
  flaggedEventsSql,
  upsertAggregateSql,
} from '../rollups/rollup-fold-sql.js';
import type { SqliteStatement } from './sqlite-database.js';
import { CLAIMS, CREATE_VISITOR_SCRATCH, NEWCOMERS, newcomersSql } from './sqlite-fold-visitors.js';
import { foldSqliteFunnels } from './sqlite-funnel-rollup.js';
import { foldSqliteGoals } from './sqlite-goals.js';

type Prepare = (sql: string) => SqliteStatement;

/*
 * The fold on SQLite (rollup-fold-sql.ts), run in the caller's write transaction (BEGIN
 * IMMEDIATE): no other connection writes meanwhile, so every event up to the newest id is
 * committed and the watermark can move past it. The new visitors are found first
 * (sqlite-fold-visitors.ts), then the flagged events are computed once into a temporary table of
 * this connection (in memory: temp_store, sqlite-database.ts), and each claim and rollup table
 * reads it.
 */

export const SCRATCH = 'temp.rollup_fold';
export const CREATE_SCRATCH = `CREATE TEMP TABLE IF NOT EXISTS rollup_fold (id INTEGER PRIMARY KEY, ${FLAGGED_COLUMNS.slice(1).join(', ')})`;

/** Folds at most `limit` events past the watermark; returns how many it folded. */
export function foldSqliteRollups(sql: Prepare, limit: number): number {
  const from = sqliteWatermark(sql);
  const upto = stepEnd(sql, from, limit);
  if (upto === null) return 0;
  const step = 'e.id > ? AND e.id <= ?';
  for (const create of [CREATE_SCRATCH, ...CREATE_VISITOR_SCRATCH]) sql(create).run();
  for (const table of [SCRATCH, CLAIMS, NEWCOMERS]) sql(`DELETE FROM ${table}`).run();
  const [group, ...mark] = newcomersSql(step);
  sql(group as string).run(from, upto);
  for (const statement of mark) sql(statement).run();
  const folded = sql(`INSERT INTO ${SCRATCH} ${flaggedEventsSql(step, { newcomers: NEWCOMERS })}`).run(
    from,
    upto,
  ).changes;
  for (const claim of claimFromSql(SCRATCH)) sql(claim).run();
  for (const [base, targets] of FOLD_BASES) {
    const aggregate = `temp.fold_${base.name}`;
    sql(
      `CREATE TEMP TABLE IF NOT EXISTS fold_${base.name} (${[...base.keys, ...base.sums, ...base.mins].join(', ')})`,
    ).run();
    sql(`DELETE FROM ${aggregate}`).run();
    sql(`INSERT INTO ${aggregate} ${aggregateSql(base, SCRATCH)}`).run();
    for (const target of targets) sql(upsertAggregateSql(target, base, aggregate)).run();
    sql(`DELETE FROM ${aggregate}`).run();
  }
  // After the claims: a page view of this step credits the step's conversions after it.
  const claims = foldSqliteGoals(sql, 'e.id > ? AND e.id <= ?', '1 = 1', [from, upto], true);
  // After the goal claims: what this step's new claims add to the saved funnels.
  foldSqliteFunnels(sql, claims, from);
  sql('UPDATE rollup_watermark SET folded_id = ?').run(upto);
  for (const table of [SCRATCH, CLAIMS, NEWCOMERS]) sql(`DELETE FROM ${table}`).run();
  return folded;
}

/**
 * The id of the `limit`th event past `from`, or of the last one if fewer wait; null if none.
 * OFFSET steps over the ids in the primary key without reading them out (10× cheaper than
 * `max(id)` of the first `limit` ids, measured); `ORDER BY id DESC LIMIT 1` is one seek.
 */
function stepEnd(sql: Prepare, from: number, limit: number): number | null {
  if (limit === 0) return null;
  const row = sql(
    `SELECT coalesce((SELECT id FROM events WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?),
      (SELECT id FROM events WHERE id > ? ORDER BY id DESC LIMIT 1)) AS upto`,
  ).get(from, limit - 1, from) as { upto: number | null };
  return row.upto;
}

/**
 * Whether any event waits past the watermark: a plain read, so a caller that only needs the
 * rollups complete (exports, erasures, retention on the request thread) takes no write lock — and
 * waits on no writer — when there is nothing to fold.
 */
export function sqliteFoldPending(sql: Prepare): boolean {
  const row = sql(
    'SELECT EXISTS (SELECT 1 FROM events WHERE id > (SELECT folded_id FROM rollup_watermark)) AS pending',
  ).get() as { pending: number };
  return row.pending === 1;
}

/** The last event id counted in the rollups. */
export function sqliteWatermark(sql: Prepare): number {
  return (sql('SELECT folded_id FROM rollup_watermark').get() as { folded_id: number }).folded_id;
}
