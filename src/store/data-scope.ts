import type { IdentifiedRecord } from './rollups/rollup-retraction.js';
import {
  type ClaimTable,
  GOAL_TABLES,
  INTEGER_KEYS,
  PAGE_VISITOR_DAYS,
  ROLLUP_LINKS,
  ROLLUP_LINKS_MONTHLY,
  ROLLUP_TABLES,
  type RollupTable,
  VISITOR_DAYS,
} from './rollups/rollup-tables.js';
import type { DataScope, ScopeRow } from './store.js';
import { type EventRow, eventFromRow } from './store-rows.js';

/*
 * Which tables a data request (GDPR Art. 15, 17, 20) reads and erases, the same on both
 * engines: a whole site has rows everywhere; links have their events and the link rollups
 * (visitor rows and site-level rollups name no link).
 */

/** A rollup table or a visitor (claim) table: both have keys; only rollups have counters. */
export type ScopeTable = RollupTable | ClaimTable;

const SITE_ROLLUPS: readonly ScopeTable[] = [
  ...ROLLUP_TABLES,
  VISITOR_DAYS,
  PAGE_VISITOR_DAYS,
  ...GOAL_TABLES,
];
const LINK_ROLLUPS: readonly ScopeTable[] = [ROLLUP_LINKS, ROLLUP_LINKS_MONTHLY];

/** The rollups an erasure of links with `rollups: true` takes their events' counts out of. */
export const SITE_LEVEL_ROLLUPS: readonly RollupTable[] = ROLLUP_TABLES.filter(
  (table) => !LINK_ROLLUPS.includes(table),
);

/** An erasure step's limit: a positive whole number, else a RangeError (a zero would never end). */
export function assertErasureLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
}

/** A scope of links (a link, a kit, a tag), not a whole site. */
export function isLinkScope(scope: DataScope): scope is DataScope & { linkIds: readonly string[] } {
  return scope.linkIds !== undefined;
}

/** The rollup and visitor tables the scope has rows in. */
export function scopeRollupTables(scope: DataScope): readonly ScopeTable[] {
  return isLinkScope(scope) ? LINK_ROLLUPS : SITE_ROLLUPS;
}

/** One of the scope's rollup or visitor tables by name; a RangeError for any other name. */
export function scopeRollupTable(scope: DataScope, name: string): ScopeTable {
  const table = scopeRollupTables(scope).find((candidate) => candidate.name === name);
  if (table === undefined) throw new RangeError(`${name} is not a rollup or visitor table of this scope`);
  return table;
}

/** Every table the scope has rows in, as countScope counts them. */
export function scopeTables(scope: DataScope): string[] {
  const own = isLinkScope(scope) ? ['links', 'events'] : ['sites', 'links', 'events', 'public_links'];
  return [...own, ...scopeRollupTables(scope).map((table) => table.name)];
}

/** The key columns a keyset page walks: those after the ones the scope fixes (site, link). */
export function pageKeys(table: ScopeTable, scope: DataScope): readonly string[] {
  return table.keys.slice(isLinkScope(scope) ? 2 : 1);
}

/** A table's columns in table order: keys, then counters and first times. */
export function columnsOf(table: ScopeTable): string[] {
  return 'sums' in table ? [...table.keys, ...table.sums, ...table.mins] : [...table.keys];
}

/** A row as the driver returns it, with its numbers as numbers (PostgreSQL returns bigint as text). */
export function scopeRowFrom(table: ScopeTable, row: Record<string, unknown>): ScopeRow {
  const numeric = new Set<string>('sums' in table ? [...table.sums, ...table.mins] : []);
  const out: ScopeRow = {};
  for (const column of columnsOf(table)) {
    const value = row[column];
    out[column] = numeric.has(column) || INTEGER_KEYS.has(column) ? Number(value) : String(value);
  }
  return out;
}

/**
 * The SELECT of a keyset page of a scope's rollup or visitor table, with `?` placeholders: the
 * site (and link) it is fixed to, then with `resume` the previous page's last key, then the limit.
 * Row values compare as the ORDER BY sorts, on both engines.
 */
export function scopeRowsSql(table: ScopeTable, scope: DataScope, resume: boolean): string {
  const fixed = isLinkScope(scope) ? ['site_id', 'link_id'] : ['site_id'];
  const keys = pageKeys(table, scope);
  const where = fixed.map((column) => `${column} = ?`);
  if (resume) where.push(`(${keys.join(', ')}) > (${keys.map(() => '?').join(', ')})`);
  return `SELECT ${columnsOf(table).join(', ')} FROM ${table.name}
    WHERE ${where.join(' AND ')} ORDER BY ${keys.join(', ')} LIMIT ?`;
}

/** The parameters of scopeRowsSql, in its order. */
export function scopeRowsParams(
  table: ScopeTable,
  scope: DataScope,
  linkId: string | undefined,
  after: ScopeRow | undefined,
  limit: number,
): unknown[] {
  const fixed = linkId === undefined ? [scope.siteId] : [scope.siteId, linkId];
  const cursor = after === undefined ? [] : pageKeys(table, scope).map((key) => after[key]);
  return [...fixed, ...cursor, limit];
}

/**
 * Keyset pages across several links: the rest of the link the previous page ended in
 * (`resume`), then the next links in sorted order, until `limit` rows.
 */
export async function pageAcrossLinks<T>(
  linkIds: readonly string[],
  afterLinkId: string | undefined,
  limit: number,
  page: (linkId: string, resume: boolean, remaining: number) => Promise<T[]> | T[],
): Promise<T[]> {
  const rows: T[] = [];
  for (const linkId of [...linkIds].sort()) {
    if (rows.length >= limit) break;
    if (afterLinkId !== undefined && linkId < afterLinkId) continue;
    rows.push(...(await page(linkId, linkId === afterLinkId, limit - rows.length)));
  }
  return rows;
}

/** A stored event with the local hour bucket the events table holds for it. */
export function identifiedRecord(row: EventRow & { local_hour: string }): IdentifiedRecord {
  return { ...eventFromRow(row), localHour: row.local_hour };
}

/** Adds `count` rows of `table` to `counts`, leaving out tables with none. */
export function addCount(counts: Record<string, number>, table: string, count: number): void {
  if (count > 0) counts[table] = (counts[table] ?? 0) + count;
}
