import { csvText } from '../stats/stats-csv.js';
import { columnsOf, scopeRollupTable, scopeRollupTables, scopeTables } from '../store/data-scope.js';
import type { Link, PublicLink, ScopeRow, Site, Store, StoredEvent } from '../store/store.js';
import { DataRequestError } from './data-request-error.js';
import { type DataTarget, viewOf } from './data-target.js';

/*
 * Everything stored for a site, a link, a campaign or a tag (GDPR Art. 15 access and Art. 20
 * portability; issue #7), streamed: as one JSON document, or as one CSV per table. Rows are read
 * in keyset pages (Store.listScopeEvents, listScopeRows), so a site of millions of events never
 * sits in memory. Secrets are never exported: a public link's token hash stays out, and users,
 * sessions and API tokens belong to no site.
 */

/** Rows read per page. */
export const EXPORT_PAGE = 1_000;

/** A public link without its token hash: the hash opens the site's dashboard, so it is a secret. */
type PublicLinkView = Omit<PublicLink, 'tokenHash'>;

/* Field lists typed as Records over the record's keys: a field added to the type but not here fails to compile. */
const SITE_FIELDS = keysOf<Site>({
  id: 1,
  domain: 1,
  name: 1,
  timezone: 1,
  fallbackUrl: 1,
  privacyMode: 1,
  landingPaths: 1,
  respectDnt: 1,
  retentionMonths: 1,
  extraOrigins: 1,
  queryParams: 1,
  createdAt: 1,
});
const LINK_FIELDS = keysOf<Link>({
  id: 1,
  siteId: 1,
  parentId: 1,
  channel: 1,
  slug: 1,
  url: 1,
  title: 1,
  description: 1,
  image: 1,
  utm: 1,
  tags: 1,
  expiresAt: 1,
  maxClicks: 1,
  disabled: 1,
  createdAt: 1,
  updatedAt: 1,
});
const EVENT_FIELDS = keysOf<StoredEvent>({
  id: 1,
  siteId: 1,
  linkId: 1,
  type: 1,
  kind: 1,
  channel: 1,
  medium: 1,
  source: 1,
  evidence: 1,
  confidence: 1,
  occurredAt: 1,
  path: 1,
  visitorHash: 1,
  country: 1,
  device: 1,
  browser: 1,
  generation: 1,
  shareId: 1,
  parentShareId: 1,
  originChannel: 1,
  name: 1,
  props: 1,
  value: 1,
  revenue: 1,
  currency: 1,
  dedupeKey: 1,
});
const PUBLIC_LINK_FIELDS = keysOf<PublicLinkView>({ id: 1, siteId: 1, createdAt: 1, revokedAt: 1 });

function keysOf<T>(fields: Record<keyof T, 1>): (keyof T & string)[] {
  return Object.keys(fields) as (keyof T & string)[];
}

/** The CSV tables of an export: the target's own rows, then its rollup and visitor rows. */
export function exportTables(target: DataTarget): string[] {
  return scopeTables(target.scope);
}

/**
 * `{ exportedAt, scope, site, publicLinks? (a whole site), links, events, rollups }`, in chunks:
 * `rollups` maps each rollup or visitor table the target has rows in to its rows.
 */
export async function* exportJson(
  store: Store,
  target: DataTarget,
  now = new Date(),
): AsyncGenerator<string> {
  yield `{"exportedAt":${JSON.stringify(now.toISOString())},"scope":${JSON.stringify(viewOf(target))}`;
  yield `,"site":${JSON.stringify(target.site)}`;
  if (target.kind === 'site') yield `,"publicLinks":${JSON.stringify(await publicLinks(store, target))}`;
  yield ',"links":';
  yield* jsonArray(linkPages(store, target));
  yield ',"events":';
  yield* jsonArray(eventPages(store, target));
  yield ',"rollups":{';
  for (const [index, table] of scopeRollupTables(target.scope).entries()) {
    yield `${index === 0 ? '' : ','}${JSON.stringify(table.name)}:`;
    yield* jsonArray(rollupPages(store, target, table.name));
  }
  yield '}}\n';
}

/**
 * One table of the target as CSV (RFC 4180, CRLF), with the database's column names. Text cells
 * are defused against formula injection as the stats CSV does (csvText); arrays and objects are
 * written as JSON text. A DataRequestError for a table the target has no rows in.
 */
export async function* exportCsv(store: Store, target: DataTarget, table: string): AsyncGenerator<string> {
  if (!exportTables(target).includes(table)) {
    throw new DataRequestError(
      'table_unknown',
      `"${table}" is not a table of this export: ${exportTables(target).join(', ')}.`,
    );
  }
  switch (table) {
    case 'sites':
      yield* csvRows(SITE_FIELDS, onePage([target.site]));
      return;
    case 'links':
      yield* csvRows(LINK_FIELDS, linkPages(store, target));
      return;
    case 'events':
      yield* csvRows(EVENT_FIELDS, eventPages(store, target));
      return;
    case 'public_links':
      yield* csvRows(PUBLIC_LINK_FIELDS, onePage(await publicLinks(store, target)));
      return;
  }
  yield* csvRows(columnsOf(scopeRollupTable(target.scope, table)), rollupPages(store, target, table));
}

async function publicLinks(store: Store, target: DataTarget): Promise<PublicLinkView[]> {
  return (await store.listPublicLinks(target.site.id)).map(({ id, siteId, createdAt, revokedAt }) => ({
    id,
    siteId,
    createdAt,
    revokedAt,
  }));
}

async function* onePage<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

async function* linkPages(store: Store, target: DataTarget): AsyncGenerator<Link[]> {
  if (target.kind !== 'site') {
    yield target.links;
    return;
  }
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await store.listLinks({ siteId: target.site.id, limit: EXPORT_PAGE, offset });
    yield page.items;
    if (page.items.length < EXPORT_PAGE) return;
  }
}

async function* eventPages(store: Store, target: DataTarget): AsyncGenerator<StoredEvent[]> {
  let after: StoredEvent | undefined;
  for (;;) {
    const page = await store.listScopeEvents(target.scope, after, EXPORT_PAGE);
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE) return;
    after = page.at(-1);
  }
}

async function* rollupPages(store: Store, target: DataTarget, table: string): AsyncGenerator<ScopeRow[]> {
  let after: ScopeRow | undefined;
  for (;;) {
    const page = await store.listScopeRows(target.scope, table, after, EXPORT_PAGE);
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE) return;
    after = page.at(-1);
  }
}

async function* jsonArray(pages: AsyncIterable<readonly unknown[]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '' : ','}${page.map((row) => JSON.stringify(row)).join(',')}`;
    first = false;
  }
  yield ']';
}

const LINE_END = '\r\n';

/** `occurredAt` → `occurred_at`: the database's own column names. */
function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  return csvText(typeof value === 'string' ? value : JSON.stringify(value));
}

async function* csvRows<T extends object>(
  fields: readonly (keyof T & string)[],
  pages: AsyncIterable<readonly T[]>,
): AsyncGenerator<string> {
  yield `${fields.map((field) => csvText(columnName(field))).join(',')}${LINE_END}`;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield page.map((row) => fields.map((field) => csvCell(row[field])).join(',') + LINE_END).join('');
  }
}
