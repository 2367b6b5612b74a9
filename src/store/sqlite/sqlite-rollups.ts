import type { EventRecord } from '../records.js';
import { claimKey, prepareRollups } from '../rollups/rollup-deltas.js';
import {
  type RollupQuery,
  type RollupResultRow,
  renderRollupQuery,
  rollupResultRows,
  SQLITE_DIALECT,
} from '../rollups/rollup-query.js';
import {
  GOAL_TABLES,
  PAGE_VISITOR_DAYS,
  ROLLUP_LINKS,
  ROLLUP_TABLES,
  VISITOR_DAYS,
} from '../rollups/rollup-tables.js';
import {
  SQLITE_ROLLUP_ROWS_PER_STATEMENT,
  sqliteClaimSql,
  sqliteUpsertSql,
} from '../rollups/rollup-write-sql.js';
import type { SqliteStatement } from './sqlite-database.js';

type Prepare = (sql: string) => SqliteStatement;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += SQLITE_ROLLUP_ROWS_PER_STATEMENT) {
    out.push(rows.slice(start, start + SQLITE_ROLLUP_ROWS_PER_STATEMENT));
  }
  return out;
}

/**
 * Adds a batch of stored events to the rollups; runs inside the batch's write transaction, so
 * events and rollups commit together or not at all.
 */
export function addSqliteRollups(sql: Prepare, stored: readonly EventRecord[]): void {
  if (stored.length === 0) return;
  const prepared = prepareRollups(stored);
  const fresh = new Map<string, Set<string>>();
  for (const [table, rows] of prepared.claims) {
    const claimed = new Set<string>();
    for (const chunk of chunks(rows)) {
      const returned = sql(sqliteClaimSql(table, chunk.length)).all(chunk.flat()) as Record<string, string>[];
      for (const row of returned) claimed.add(claimKey(table.keys.map((key) => row[key] as string)));
    }
    fresh.set(table.name, claimed);
  }
  for (const [table, rows] of prepared.deltas(fresh)) {
    for (const chunk of chunks(rows)) {
      sql(sqliteUpsertSql(table, chunk.length)).run(
        chunk.flatMap((row) => [...row.keys, ...row.sums, ...row.mins]),
      );
    }
  }
}

export function querySqliteRollup(sql: Prepare, query: RollupQuery): RollupResultRow[] {
  const { sql: text, params } = renderRollupQuery(query, SQLITE_DIALECT);
  return rollupResultRows(sql(text).all(params) as Record<string, unknown>[], query);
}

/** Every rollup and visitor row of a site (the site is being deleted). */
export function deleteSqliteSiteRollups(sql: Prepare, siteId: string): void {
  for (const table of [...ROLLUP_TABLES, VISITOR_DAYS, PAGE_VISITOR_DAYS, ...GOAL_TABLES]) {
    sql(`DELETE FROM ${table.name} WHERE site_id = ?`).run(siteId);
  }
}

/** The link rows of deleted links: their events are gone, so their counts go too. */
export function deleteSqliteLinkRollups(sql: Prepare, linkIds: readonly string[]): void {
  const remove = sql(`DELETE FROM ${ROLLUP_LINKS.name} WHERE link_id = ?`);
  for (const id of linkIds) remove.run(id);
}
