import type { EventRecord } from '../records.js';
import { claimKey, prepareRollups } from '../rollups/rollup-deltas.js';
import {
  POSTGRES_DIALECT,
  type RollupQuery,
  type RollupResultRow,
  renderRollupQuery,
  rollupResultRows,
} from '../rollups/rollup-query.js';
import {
  GOAL_TABLES,
  PAGE_VISITOR_DAYS,
  ROLLUP_LINKS,
  ROLLUP_TABLES,
  VISITOR_DAYS,
} from '../rollups/rollup-tables.js';
import { pgClaimSql, pgUpsertSql } from '../rollups/rollup-write-sql.js';
import { postgresWatermark } from './postgres-fold.js';
import type { PgQueryable } from './postgres-pool.js';

/** Rows turned column-wise: one array parameter per column, as `unnest` takes them. */
function columnWise(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}

/**
 * Adds a batch of stored events to the rollups, on the batch's transaction. Claim rows and
 * rollup rows go in key order (prepareRollups sorts them), so two instances writing at once
 * lock shared rows in the same order and cannot deadlock.
 */
export async function addPostgresRollups(client: PgQueryable, stored: readonly EventRecord[]): Promise<void> {
  if (stored.length === 0) return;
  const prepared = prepareRollups(stored);
  const fresh = new Map<string, Set<string>>();
  for (const [table, rows] of prepared.claims) {
    const claimed = new Set<string>();
    if (rows.length > 0) {
      const sorted = [...rows].sort((a, b) => (claimKey(a) < claimKey(b) ? -1 : 1));
      const result = await client.query(pgClaimSql(table), columnWise(sorted, table.keys.length));
      for (const row of result.rows as Record<string, string>[]) {
        claimed.add(claimKey(table.keys.map((key) => row[key] as string)));
      }
    }
    fresh.set(table.name, claimed);
  }
  for (const [table, rows] of prepared.deltas(fresh)) {
    const width = table.keys.length + table.sums.length + table.mins.length;
    const flat = rows.map((row) => [...row.keys, ...row.sums, ...row.mins]);
    await client.query(pgUpsertSql(table), columnWise(flat, width));
  }
}

export async function queryPostgresRollup(pool: PgQueryable, query: RollupQuery): Promise<RollupResultRow[]> {
  const { sql, params } = renderRollupQuery(query, POSTGRES_DIALECT, await postgresWatermark(pool));
  const result = await pool.query(sql, params);
  return rollupResultRows(result.rows as Record<string, unknown>[], query);
}

export async function deletePostgresSiteRollups(client: PgQueryable, siteId: string): Promise<void> {
  for (const table of [...ROLLUP_TABLES, VISITOR_DAYS, PAGE_VISITOR_DAYS, ...GOAL_TABLES]) {
    await client.query(`DELETE FROM ${table.name} WHERE site_id = $1`, [siteId]);
  }
}

export async function deletePostgresLinkRollups(
  client: PgQueryable,
  linkIds: readonly string[],
): Promise<void> {
  await client.query(`DELETE FROM ${ROLLUP_LINKS.name} WHERE link_id = ANY($1::text[])`, [linkIds]);
}
