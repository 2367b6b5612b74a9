import {
  addCount,
  identifiedRecord,
  isLinkScope,
  pageAcrossLinks,
  scopeRollupTable,
  scopeRollupTables,
  scopeRowFrom,
  scopeRowsParams,
  scopeRowsSql,
  scopeTables,
} from '../data-scope.js';
import { doomedLinksSql } from '../link-deletions.js';
import {
  dayWindow,
  type IdentifiedRecord,
  planRetraction,
  visitorDaysOf,
} from '../rollups/rollup-retraction.js';
import type { ClaimTable, RollupTable } from '../rollups/rollup-tables.js';
import { SQLITE_ROLLUP_ROWS_PER_STATEMENT, sqliteUpsertSql } from '../rollups/rollup-write-sql.js';
import type {
  DataScope,
  EraseScopeOptions,
  ScopeErasure,
  ScopeRow,
  StoredEvent,
  TableCounts,
} from '../store.js';
import { EVENT_SELECT, type EventRow, eventFromRow, type LinkDeletionRow } from '../store-rows.js';
import type { SqliteStatement } from './sqlite-database.js';
import { sqliteWatermark } from './sqlite-fold.js';

/*
 * Data requests on SQLite (GDPR Art. 15, 17, 20): keyset pages of a scope's rows, its counts,
 * and its erasure one bounded step at a time. The erasure runs inside the store's write
 * transaction (BEGIN IMMEDIATE), so no event can be written between reading and erasing.
 */

type Prepare = (sql: string) => SqliteStatement;

/** `IN (SELECT value FROM json_each(?))`: any number of ids in one parameter. */
const IN_LIST = 'IN (SELECT value FROM json_each(?))';

type EventWithHour = EventRow & { local_hour: string };

export async function listSqliteScopeEvents(
  sql: Prepare,
  scope: DataScope,
  after: StoredEvent | undefined,
  limit: number,
): Promise<StoredEvent[]> {
  if (!isLinkScope(scope)) {
    // (site_id, occurred_at) is indexed and SQLite's indexes end with the rowid: one seek a page.
    const rows = sql(
      `SELECT ${EVENT_SELECT} FROM events WHERE site_id = ? AND (occurred_at, id) > (?, ?)
       ORDER BY occurred_at, id LIMIT ?`,
    ).all(scope.siteId, after?.occurredAt ?? Number.MIN_SAFE_INTEGER, after?.id ?? 0, limit) as EventRow[];
    return rows.map(eventFromRow);
  }
  // (link_id, type) is indexed, rowid last: ordered by type then id, a page is one seek.
  return pageAcrossLinks(scope.linkIds, after?.linkId ?? undefined, limit, (linkId, resume, remaining) => {
    const rows = sql(
      `SELECT ${EVENT_SELECT} FROM events WHERE link_id = ? AND (type, id) > (?, ?)
       ORDER BY type, id LIMIT ?`,
    ).all(linkId, resume ? after?.type : '', resume ? after?.id : 0, remaining) as EventRow[];
    return rows.map(eventFromRow);
  });
}

export async function listSqliteScopeRows(
  sql: Prepare,
  scope: DataScope,
  name: string,
  after: ScopeRow | undefined,
  limit: number,
): Promise<ScopeRow[]> {
  const table = scopeRollupTable(scope, name);
  const page = (linkId: string | undefined, resume: boolean, remaining: number) => {
    const cursor = resume ? after : undefined;
    const rows = sql(scopeRowsSql(table, scope, cursor !== undefined)).all(
      scopeRowsParams(table, scope, linkId, cursor, remaining),
    ) as Record<string, unknown>[];
    return rows.map((row) => scopeRowFrom(table, row));
  };
  if (!isLinkScope(scope)) return page(undefined, after !== undefined, limit);
  const afterLink = after === undefined ? undefined : String(after.link_id);
  return pageAcrossLinks(scope.linkIds, afterLink, limit, page);
}

export function countSqliteScope(sql: Prepare, scope: DataScope): TableCounts {
  const count = (table: string, condition: string, value: string): number =>
    (sql(`SELECT count(*) AS total FROM ${table} WHERE ${condition}`).get(value) as { total: number }).total;
  const counts: TableCounts = {};
  if (isLinkScope(scope)) {
    const ids = JSON.stringify(scope.linkIds);
    for (const table of scopeTables(scope)) {
      counts[table] = count(table, `${table === 'links' ? 'id' : 'link_id'} ${IN_LIST}`, ids);
    }
    return counts;
  }
  for (const table of scopeTables(scope)) {
    counts[table] = count(table, `${table === 'sites' ? 'id' : 'site_id'} = ?`, scope.siteId);
  }
  return counts;
}

/**
 * One step of an erasure, in the caller's write transaction. `recordErasure` writes the
 * anonymous deletion record (link clock) before the links go.
 */
export function eraseSqliteScope(
  sql: Prepare,
  scope: DataScope,
  options: EraseScopeOptions,
  recordErasure: () => void,
): ScopeErasure {
  return isLinkScope(scope)
    ? eraseLinks(sql, scope, options, recordErasure)
    : eraseSite(sql, scope.siteId, options.limit, recordErasure);
}

function eraseSite(sql: Prepare, siteId: string, limit: number, recordErasure: () => void): ScopeErasure {
  const erased: TableCounts = {};
  let budget = limit;
  const take = (table: string, count: number) => {
    addCount(erased, table, count);
    budget -= count;
  };
  take(
    'events',
    sql('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE site_id = ? LIMIT ?)').run(
      siteId,
      budget,
    ).changes,
  );
  for (const table of scopeRollupTables({ siteId })) {
    if (budget <= 0) return { erased, done: false };
    const keys = table.keys.join(', ');
    take(
      table.name,
      sql(
        `DELETE FROM ${table.name} WHERE (${keys}) IN (SELECT ${keys} FROM ${table.name} WHERE site_id = ? LIMIT ?)`,
      ).run(siteId, budget).changes,
    );
  }
  if (budget <= 0) return { erased, done: false };
  // What is left is small: the links (their events are gone), the public links, the site row.
  const links = sql(doomedLinksSql('site_id = ?')).all(siteId) as LinkDeletionRow[];
  if (links.length > 0) recordErasure();
  const publicLinks = sql('SELECT count(*) AS total FROM public_links WHERE site_id = ?').get(siteId) as {
    total: number;
  };
  // Events have no foreign key (schema version 8): none can come in this transaction, but the
  // statement keeps the site's last step whole. Links and public links go by ON DELETE CASCADE.
  sql('DELETE FROM events WHERE site_id = ?').run(siteId);
  const sites = sql('DELETE FROM sites WHERE id = ?').run(siteId).changes;
  addCount(erased, 'links', sites > 0 ? links.length : 0);
  addCount(erased, 'public_links', sites > 0 ? publicLinks.total : 0);
  addCount(erased, 'sites', sites);
  return { erased, done: true };
}

function eraseLinks(
  sql: Prepare,
  scope: DataScope & { linkIds: readonly string[] },
  options: EraseScopeOptions,
  recordErasure: () => void,
): ScopeErasure {
  const erased: TableCounts = {};
  const ids = JSON.stringify(scope.linkIds);
  let count: number;
  if (options.rollups) {
    const batch = (
      sql(`SELECT ${EVENT_SELECT}, local_hour FROM events WHERE link_id ${IN_LIST} LIMIT ?`).all(
        ids,
        options.limit,
      ) as EventWithHour[]
    ).map(identifiedRecord);
    retract(sql, scope.siteId, batch, erased);
    sql(`DELETE FROM events WHERE id ${IN_LIST}`).run(JSON.stringify(batch.map((event) => event.id)));
    count = batch.length;
  } else {
    count = sql(
      `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE link_id ${IN_LIST} LIMIT ?)`,
    ).run(ids, options.limit).changes;
  }
  addCount(erased, 'events', count);
  if (count >= options.limit) return { erased, done: false };
  // The links themselves, with any variant made since the scope was listed (its events go
  // with no rollup adjustment: a race the caller's listing makes rare).
  const doomed = sql(doomedLinksSql(`id ${IN_LIST}`)).all(ids) as LinkDeletionRow[];
  if (doomed.length === 0) return { erased, done: true };
  recordErasure();
  const doomedIds = JSON.stringify(doomed.map((link) => link.id));
  sql(`DELETE FROM events WHERE link_id ${IN_LIST}`).run(doomedIds);
  for (const table of scopeRollupTables(scope)) {
    addCount(
      erased,
      table.name,
      sql(`DELETE FROM ${table.name} WHERE link_id ${IN_LIST}`).run(doomedIds).changes,
    );
  }
  // Variants in the list may already be gone by cascade when their row comes: count the list.
  sql(`DELETE FROM links WHERE id ${IN_LIST}`).run(doomedIds);
  addCount(erased, 'links', doomed.length);
  return { erased, done: true };
}

/** Takes `batch` out of the site-level rollups and releases the visitor rows nobody holds now. */
function retract(
  sql: Prepare,
  siteId: string,
  batch: readonly IdentifiedRecord[],
  erased: TableCounts,
): void {
  if (batch.length === 0) return;
  const candidates: IdentifiedRecord[] = [];
  for (const [day, hashes] of visitorDaysOf(batch)) {
    const { from, to } = dayWindow(day);
    const rows = sql(
      `SELECT ${EVENT_SELECT}, local_hour FROM events
       WHERE site_id = ? AND occurred_at >= ? AND occurred_at < ? AND type = 'pageview'
         AND substr(local_hour, 1, 10) = ? AND visitor_hash ${IN_LIST}`,
    ).all(siteId, from, to, day, JSON.stringify(hashes)) as EventWithHour[];
    candidates.push(...rows.map(identifiedRecord));
  }
  const plan = planRetraction(batch, candidates, sqliteWatermark(sql));
  for (const [table, rows] of plan.deltas) {
    for (let start = 0; start < rows.length; start += SQLITE_ROLLUP_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + SQLITE_ROLLUP_ROWS_PER_STATEMENT);
      sql(sqliteUpsertSql(table, chunk.length)).run(chunk.flatMap((row) => [...row.keys, ...row.sums]));
    }
    // A row that counts nothing any more goes: no empty row of an erased page or source stays.
    const removeEmpty = sql(emptyRowSql(table));
    for (const row of rows) addCount(erased, table.name, removeEmpty.run(...row.keys).changes);
  }
  for (const [table, rows] of plan.released) {
    const release = sql(claimRowSql(table));
    for (const row of rows) addCount(erased, table.name, release.run(...row).changes);
  }
}

function emptyRowSql(table: RollupTable): string {
  const conditions = [...table.keys.map((key) => `${key} = ?`), ...table.sums.map((sum) => `${sum} = 0`)];
  return `DELETE FROM ${table.name} WHERE ${conditions.join(' AND ')}`;
}

function claimRowSql(table: ClaimTable): string {
  return `DELETE FROM ${table.name} WHERE ${table.keys.map((key) => `${key} = ?`).join(' AND ')}`;
}
