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
import { type ClaimTable, INTEGER_KEYS, type RollupTable } from '../rollups/rollup-tables.js';
import { pgUpsertSql } from '../rollups/rollup-write-sql.js';
import type {
  DataScope,
  EraseScopeOptions,
  ScopeErasure,
  ScopeRow,
  StoredEvent,
  TableCounts,
} from '../store.js';
import { EVENT_SELECT, type EventRow, eventFromRow, type LinkDeletionRow } from '../store-rows.js';
import { postgresWatermark } from './postgres-fold.js';
import type { PgQueryable } from './postgres-pool.js';

/*
 * Data requests on PostgreSQL (GDPR Art. 15, 17, 20): keyset pages of a scope's rows, its
 * counts, and its erasure one bounded step at a time, in the caller's transaction.
 */

type EventWithHour = EventRow & { local_hour: string };

async function rows<R>(db: PgQueryable, sql: string, params: unknown[]): Promise<R[]> {
  return (await db.query(sql, params)).rows as R[];
}

/** `?` placeholders numbered `$1`, `$2`… (the shared builders of data-scope.ts write `?`). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function listPostgresScopeEvents(
  db: PgQueryable,
  scope: DataScope,
  after: StoredEvent | undefined,
  limit: number,
): Promise<StoredEvent[]> {
  if (!isLinkScope(scope)) {
    // The plain bound on occurred_at lets the (site_id, occurred_at) index start at the cursor.
    const found = await rows<EventRow>(
      db,
      `SELECT ${EVENT_SELECT} FROM events
       WHERE site_id = $1 AND occurred_at >= $2 AND (occurred_at, id) > ($2, $3)
       ORDER BY occurred_at, id LIMIT $4`,
      [scope.siteId, after?.occurredAt ?? Number.MIN_SAFE_INTEGER, after?.id ?? 0, limit],
    );
    return found.map(eventFromRow);
  }
  // (link_id, type) is indexed; PostgreSQL sorts a type's rows by id, so a page costs at most
  // the rows of one link and type, never the site's.
  return pageAcrossLinks(
    scope.linkIds,
    after?.linkId ?? undefined,
    limit,
    async (linkId, resume, remaining) => {
      const type = resume ? (after?.type ?? '') : '';
      const found = await rows<EventRow>(
        db,
        `SELECT ${EVENT_SELECT} FROM events
       WHERE link_id = $1 AND type >= $2 AND (type, id) > ($2, $3)
       ORDER BY type, id LIMIT $4`,
        [linkId, type, resume ? (after?.id ?? 0) : 0, remaining],
      );
      return found.map(eventFromRow);
    },
  );
}

export async function listPostgresScopeRows(
  db: PgQueryable,
  scope: DataScope,
  name: string,
  after: ScopeRow | undefined,
  limit: number,
): Promise<ScopeRow[]> {
  const table = scopeRollupTable(scope, name);
  const page = async (linkId: string | undefined, resume: boolean, remaining: number) => {
    const cursor = resume ? after : undefined;
    const found = await rows<Record<string, unknown>>(
      db,
      numbered(scopeRowsSql(table, scope, cursor !== undefined)),
      scopeRowsParams(table, scope, linkId, cursor, remaining),
    );
    return found.map((row) => scopeRowFrom(table, row));
  };
  if (!isLinkScope(scope)) return page(undefined, after !== undefined, limit);
  const afterLink = after === undefined ? undefined : String(after.link_id);
  return pageAcrossLinks(scope.linkIds, afterLink, limit, page);
}

export async function countPostgresScope(db: PgQueryable, scope: DataScope): Promise<TableCounts> {
  const counts: TableCounts = {};
  const linkScope = isLinkScope(scope);
  for (const table of scopeTables(scope)) {
    const condition = linkScope
      ? `${table === 'links' ? 'id' : 'link_id'} = ANY($1::text[])`
      : `${table === 'sites' ? 'id' : 'site_id'} = $1`;
    const [row] = await rows<{ total: string }>(
      db,
      `SELECT count(*) AS total FROM ${table} WHERE ${condition}`,
      [linkScope ? scope.linkIds : scope.siteId],
    );
    counts[table] = Number(row?.total ?? 0);
  }
  return counts;
}

/**
 * One step of an erasure, in the caller's transaction, which holds the link clock's lock already
 * (taken before any row lock, as every link write does). `recordErasure` writes the anonymous
 * deletion record before the links go.
 */
export function erasePostgresScope(
  db: PgQueryable,
  scope: DataScope,
  options: EraseScopeOptions,
  recordErasure: () => Promise<void>,
): Promise<ScopeErasure> {
  return isLinkScope(scope)
    ? eraseLinks(db, scope, options, recordErasure)
    : eraseSite(db, scope.siteId, options.limit, recordErasure);
}

async function eraseSite(
  db: PgQueryable,
  siteId: string,
  limit: number,
  recordErasure: () => Promise<void>,
): Promise<ScopeErasure> {
  const erased: TableCounts = {};
  // The site row's lock (after the link clock's, which the caller holds): an event insert holds
  // KEY SHARE on it, so none can commit rows this step would miss (READ COMMITTED).
  await db.query('SELECT 1 FROM sites WHERE id = $1 FOR UPDATE', [siteId]);
  let budget = limit;
  const take = async (table: string, sql: string) => {
    const count = (await db.query(sql, [siteId, budget])).rowCount ?? 0;
    addCount(erased, table, count);
    budget -= count;
  };
  await take('events', 'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE site_id = $1 LIMIT $2)');
  for (const table of scopeRollupTables({ siteId })) {
    if (budget <= 0) return { erased, done: false };
    const keys = table.keys.join(', ');
    await take(
      table.name,
      `DELETE FROM ${table.name} WHERE (${keys}) IN (SELECT ${keys} FROM ${table.name} WHERE site_id = $1 LIMIT $2)`,
    );
  }
  if (budget <= 0) return { erased, done: false };
  // What is left is small: the links (their events are gone), the public links, the site row.
  const links = await rows<LinkDeletionRow>(db, doomedLinksSql('site_id = $1'), [siteId]);
  if (links.length > 0) await recordErasure();
  const [publicLinks] = await rows<{ total: string }>(
    db,
    'SELECT count(*) AS total FROM public_links WHERE site_id = $1',
    [siteId],
  );
  // Links and public links go by ON DELETE CASCADE; events have no foreign key (schema version
  // 8), and the site row's lock held since the start kept any new one out.
  const sites = (await db.query('DELETE FROM sites WHERE id = $1', [siteId])).rowCount ?? 0;
  await db.query('DELETE FROM events WHERE site_id = $1', [siteId]);
  addCount(erased, 'links', sites > 0 ? links.length : 0);
  addCount(erased, 'public_links', sites > 0 ? Number(publicLinks?.total ?? 0) : 0);
  addCount(erased, 'sites', sites);
  return { erased, done: true };
}

async function eraseLinks(
  db: PgQueryable,
  scope: DataScope & { linkIds: readonly string[] },
  options: EraseScopeOptions,
  recordErasure: () => Promise<void>,
): Promise<ScopeErasure> {
  const erased: TableCounts = {};
  const ids = [...scope.linkIds];
  // The links' locks (after the link clock's, which the caller holds), in id order as event
  // inserts take theirs: clicks being written for them wait, instead of adding rows behind this step.
  await db.query('SELECT 1 FROM links WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
  let count: number;
  if (options.rollups) {
    const batch = (
      await rows<EventWithHour>(
        db,
        `SELECT ${EVENT_SELECT}, local_hour FROM events WHERE link_id = ANY($1::text[]) LIMIT $2`,
        [ids, options.limit],
      )
    ).map(identifiedRecord);
    await retract(db, scope.siteId, batch, erased);
    await db.query('DELETE FROM events WHERE id = ANY($1::bigint[])', [batch.map((event) => event.id)]);
    count = batch.length;
  } else {
    const result = await db.query(
      'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE link_id = ANY($1::text[]) LIMIT $2)',
      [ids, options.limit],
    );
    count = result.rowCount ?? 0;
  }
  addCount(erased, 'events', count);
  if (count >= options.limit) return { erased, done: false };
  // The links themselves, with any variant made since the scope was listed (its events go
  // with no rollup adjustment: a race the caller's listing makes rare).
  const doomed = await rows<LinkDeletionRow>(db, doomedLinksSql('id = ANY($1::text[])'), [ids]);
  if (doomed.length === 0) return { erased, done: true };
  await recordErasure();
  const doomedIds = doomed.map((link) => link.id);
  for (const table of scopeRollupTables(scope)) {
    const result = await db.query(`DELETE FROM ${table.name} WHERE link_id = ANY($1::text[])`, [doomedIds]);
    addCount(erased, table.name, result.rowCount ?? 0);
  }
  // Variants in the list may already be gone by cascade when their row comes: count the list.
  await db.query('DELETE FROM links WHERE id = ANY($1::text[])', [doomedIds]);
  await db.query('DELETE FROM events WHERE link_id = ANY($1::text[])', [doomedIds]);
  addCount(erased, 'links', doomed.length);
  return { erased, done: true };
}

/** Rows turned column-wise: one array parameter per column, as `unnest` takes them. */
function columnWise(values: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => values.map((row) => row[column]));
}

function keyArrays(keys: readonly string[]): string {
  return keys.map((key, i) => `$${i + 1}::${INTEGER_KEYS.has(key) ? 'integer[]' : 'text[]'}`).join(', ');
}

/** Takes `batch` out of the site-level rollups and releases the visitor rows nobody holds now. */
async function retract(
  db: PgQueryable,
  siteId: string,
  batch: readonly IdentifiedRecord[],
  erased: TableCounts,
): Promise<void> {
  if (batch.length === 0) return;
  const candidates: IdentifiedRecord[] = [];
  for (const [day, hashes] of visitorDaysOf(batch)) {
    const { from, to } = dayWindow(day);
    const found = await rows<EventWithHour>(
      db,
      `SELECT ${EVENT_SELECT}, local_hour FROM events
       WHERE site_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = 'pageview'
         AND substr(local_hour, 1, 10) = $4 AND visitor_hash = ANY($5::text[])`,
      [siteId, from, to, day, hashes],
    );
    candidates.push(...found.map(identifiedRecord));
  }
  const plan = planRetraction(batch, candidates, await postgresWatermark(db));
  for (const [table, deltas] of plan.deltas) {
    const width = table.keys.length + table.sums.length;
    await db.query(
      pgUpsertSql(table),
      columnWise(
        deltas.map((row) => [...row.keys, ...row.sums]),
        width,
      ),
    );
    // A row that counts nothing any more goes: no empty row of an erased page or source stays.
    const result = await db.query(
      emptyRowsSql(table),
      columnWise(
        deltas.map((row) => row.keys),
        table.keys.length,
      ),
    );
    addCount(erased, table.name, result.rowCount ?? 0);
  }
  for (const [table, released] of plan.released) {
    if (released.length === 0) continue;
    const result = await db.query(claimRowsSql(table), columnWise(released, table.keys.length));
    addCount(erased, table.name, result.rowCount ?? 0);
  }
}

function emptyRowsSql(table: RollupTable): string {
  return `DELETE FROM ${table.name} WHERE (${table.keys.join(', ')}) IN (SELECT * FROM unnest(${keyArrays(table.keys)}))
    AND ${table.sums.map((sum) => `${sum} = 0`).join(' AND ')}`;
}

function claimRowsSql(table: ClaimTable): string {
  return `DELETE FROM ${table.name} WHERE (${table.keys.join(', ')}) IN (SELECT * FROM unnest(${keyArrays(table.keys)}))`;
}
