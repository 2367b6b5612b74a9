import { GA4_DIRECT_EVIDENCE, TYPE_COUNTER } from './rollup-deltas.js';
import {
  PAGE_VISITOR_DAYS,
  ROLLUP_BROWSERS,
  ROLLUP_BROWSERS_MONTHLY,
  ROLLUP_DAILY,
  ROLLUP_GENERATIONS,
  ROLLUP_GENERATIONS_MONTHLY,
  ROLLUP_GEO,
  ROLLUP_GEO_MONTHLY,
  ROLLUP_HOURLY,
  ROLLUP_LINKS,
  ROLLUP_LINKS_MONTHLY,
  ROLLUP_MONTHLY,
  ROLLUP_PAGE_TOTALS,
  ROLLUP_PAGE_TOTALS_MONTHLY,
  ROLLUP_PAGES,
  ROLLUP_PAGES_MONTHLY,
  type RollupTable,
  VISITOR_DAYS,
} from './rollup-tables.js';

/*
 * Rollups folded from the raw events in SQL (issue 12): the events past the watermark
 * (`rollup_watermark.folded_id`, the last event id already counted) are grouped into each rollup
 * table with one `INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE`, the way continuous
 * aggregates work elsewhere, instead of rows built in JS per batch. The same per-event
 * projection serves reads: a read adds the unfolded tail's rows to the folded ones
 * (`tailSource`), so answers stay exact between folds.
 *
 * The definitions mirror rollup-deltas.ts (which erasure still runs backwards): a visit is a
 * page view not from `internal`; a visitor counts on the first page view of their local day, by
 * id order, that finds no row of theirs in visitor_days yet (per page: page_visitor_days).
 * Every statement reads a relation `f` of "flagged" events (flaggedEventsSql): the event's
 * columns, its local day and month, and 0/1 columns `visit`, `ga4`, `nv` (new visitor of the
 * site's day) and `npv` (new visitor of the page's day).
 */

const flag = (condition: string): string => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
const quoted = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

const CLAIMING = "e.type = 'pageview' AND e.visitor_hash <> ''";
const DAY = 'substr(e.local_hour, 1, 10)';

/**
 * The events matching `where` (an SQL condition on `e`, the events table) with their flags.
 * "First by id" is taken within the selected events: callers select whole id ranges past the
 * watermark, where every earlier event of a visitor's day has already claimed them in visitor_days.
 * With `{ newcomers }` the visitor flags are read from a table of the new visitors' ids (`id`,
 * `nv`, `npv`) that the caller filled first (SQLite: sqlite-fold-visitors.ts): a window sorts whole
 * rows, a GROUP BY only keys and ids.
 */
export function flaggedEventsSql(
  where: string,
  visitors: 'window' | { newcomers: string } = 'window',
): string {
  const visit = "e.type = 'pageview' AND e.channel <> 'internal'";
  const firstOfDay = `min(CASE WHEN ${CLAIMING} THEN e.id END) OVER (PARTITION BY e.site_id, ${DAY}, e.visitor_hash)`;
  const firstOfPage = `min(CASE WHEN ${CLAIMING} AND e.path IS NOT NULL THEN e.id END)
      OVER (PARTITION BY e.site_id, ${DAY}, e.path, e.visitor_hash)`;
  const claimed = (table: string, path: string) =>
    `EXISTS (SELECT 1 FROM ${table} AS c WHERE c.site_id = e.site_id AND c.day = ${DAY}${path} AND c.visitor_hash = e.visitor_hash)`;
  return `SELECT e.id, e.site_id, e.link_id, e.type, e.channel, e.medium, e.source, e.confidence,
      e.occurred_at, e.path, e.country, e.device, e.browser, e.generation, e.local_hour, e.visitor_hash,
      ${DAY} AS day, substr(e.local_hour, 1, 7) AS month,
      ${flag(visit)} AS visit,
      ${flag(`${visit} AND e.evidence IN (${quoted([...GA4_DIRECT_EVIDENCE])})`)} AS ga4,
      ${visitorFlags(visitors, flag(`${CLAIMING} AND e.id = ${firstOfDay} AND NOT ${claimed(VISITOR_DAYS.name, '')}`), 'nv')} AS nv,
      ${visitorFlags(visitors, flag(`${CLAIMING} AND e.path IS NOT NULL AND e.id = ${firstOfPage} AND NOT ${claimed(PAGE_VISITOR_DAYS.name, ' AND c.path = e.path')}`), 'npv')} AS npv
    FROM events AS e${typeof visitors === 'object' ? ` LEFT JOIN ${visitors.newcomers} AS n ON n.id = e.id` : ''} WHERE ${where}`;
}

/** A visitor flag: computed by a window, or read from a table of new visitors' ids. */
function visitorFlags(visitors: 'window' | { newcomers: string }, window: string, column: string): string {
  return visitors === 'window' ? window : `coalesce(n.${column}, 0)`;
}

/** The columns of a flagged relation, in flaggedEventsSql's order (for SQLite's temp table). */
export const FLAGGED_COLUMNS = [
  'id',
  'site_id',
  'link_id',
  'type',
  'channel',
  'medium',
  'source',
  'confidence',
  'occurred_at',
  'path',
  'country',
  'device',
  'browser',
  'generation',
  'local_hour',
  'visitor_hash',
  'day',
  'month',
  'visit',
  'ga4',
  'nv',
  'npv',
] as const;

/** How one rollup table is made of flagged events: an expression per column, and which events count. */
interface Projection {
  keys: readonly string[];
  sums: readonly string[];
  mins: readonly string[];
  where: string;
}

const TYPE_OF_COUNTER: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TYPE_COUNTER).map(([type, counter]) => [counter, type]),
);

function sumExpression(column: string, pageLevel: boolean): string {
  if (column === 'visitors') return pageLevel ? 'f.npv' : 'f.nv';
  if (column === 'visits') return 'f.visit';
  if (column === 'ga4_direct_visits') return 'f.ga4';
  if (column === 'dark_visits') return flag("f.visit = 1 AND f.channel = 'dark-social'");
  if (column === 'hits') return '1';
  const type = TYPE_OF_COUNTER[column];
  if (type === undefined) throw new Error(`no fold for counter ${column}`);
  return flag(`f.type = '${type}'`);
}

function keyExpression(column: string, table: RollupTable): string {
  if (column === 'hour') return 'f.local_hour';
  if (column === 'country' || column === 'device' || column === 'browser') return `COALESCE(f.${column}, '')`;
  if (column === 'generation') return 'COALESCE(f.generation, 0)';
  // A page view without a path still counts in the site's share chains, under the page ''.
  if (column === 'path' && GENERATION_TABLES.has(table)) return "COALESCE(f.path, '')";
  return `f.${column}`;
}

const GENERATION_TABLES: ReadonlySet<RollupTable> = new Set([ROLLUP_GENERATIONS, ROLLUP_GENERATIONS_MONTHLY]);
const PAGE_TABLES: ReadonlySet<RollupTable> = new Set([
  ROLLUP_PAGES,
  ROLLUP_PAGES_MONTHLY,
  ROLLUP_PAGE_TOTALS,
  ROLLUP_PAGE_TOTALS_MONTHLY,
]);
/**
 * Not a table: the fold's grouping of page views by country, device, browser and channel, from
 * which both rollup_geo and rollup_browsers are regrouped — one sort of the step's events for
 * both, instead of a second (FOLD_BASES).
 */
const GEO_BROWSERS: RollupTable = {
  name: 'rollup_geo_browsers',
  keys: ['site_id', 'day', 'country', 'device', 'browser', 'channel'],
  sums: ROLLUP_GEO.sums,
  mins: [],
};
/**
 * Not a table either: the fold's grouping of page views and of the events with a page, by page,
 * channel and generation, from which both the page tables (the rows with a page) and
 * rollup_generations (the rows with page views; no page counts as '') are regrouped — one sort
 * of the step's events for both, instead of two (FOLD_BASES). Its counters are the page tables':
 * a page view with no page adds to `visits` and `pageviews` only, which is all the generations take.
 */
const PAGES_GENERATIONS: RollupTable = {
  name: 'rollup_pages_generations',
  keys: ['site_id', 'day', 'path', 'channel', 'generation'],
  sums: ROLLUP_PAGES.sums,
  mins: [],
};
const PAGEVIEW_TABLES: ReadonlySet<RollupTable> = new Set([
  ROLLUP_GEO,
  ROLLUP_GEO_MONTHLY,
  ROLLUP_BROWSERS,
  ROLLUP_BROWSERS_MONTHLY,
  GEO_BROWSERS,
  ...GENERATION_TABLES,
]);
const LINK_TABLES: ReadonlySet<RollupTable> = new Set([ROLLUP_LINKS, ROLLUP_LINKS_MONTHLY]);
const TRAFFIC_TABLES: ReadonlySet<RollupTable> = new Set([ROLLUP_HOURLY, ROLLUP_DAILY, ROLLUP_MONTHLY]);

function projectionOf(table: RollupTable): Projection {
  let where = '1 = 1';
  if (table === PAGES_GENERATIONS) where = "(f.path IS NOT NULL OR f.type = 'pageview')";
  else if (PAGE_TABLES.has(table)) where = 'f.path IS NOT NULL';
  else if (PAGEVIEW_TABLES.has(table)) where = "f.type = 'pageview'";
  else if (LINK_TABLES.has(table)) where = 'f.link_id IS NOT NULL';
  else if (!TRAFFIC_TABLES.has(table)) throw new Error(`no fold for ${table.name}`);
  return {
    keys: table.keys.map((column) => keyExpression(column, table)),
    sums: table.sums.map((column) =>
      sumExpression(column, PAGE_TABLES.has(table) || table === PAGES_GENERATIONS),
    ),
    mins: table.mins.map(() => 'f.occurred_at'),
    where,
  };
}

function columnsOf(table: RollupTable): string[] {
  return [...table.keys, ...table.sums, ...table.mins];
}

/**
 * Adds the flagged events of `source` (a relation name or parenthesised SELECT) into `table`,
 * one row per key. `sign` -1 takes them back out (a deleted link's events). Groups are unique,
 * so PostgreSQL's ON CONFLICT never meets a key twice in one statement.
 */
export function foldIntoSql(table: RollupTable, source: string, sign: 1 | -1 = 1): string {
  const projection = projectionOf(table);
  const minus = sign === -1 ? '-' : '';
  const select = [
    ...projection.keys,
    ...projection.sums.map((expression) => `${minus}SUM(${expression})`),
    ...projection.mins.map((expression) => `MIN(${expression})`),
  ];
  const updates = updateList(table);
  const groups = projection.keys.map((_, index) => index + 1).join(', ');
  // The WHERE is never left out: SQLite needs it to tell ON CONFLICT from a join's ON
  // (https://sqlite.org/lang_upsert.html, "Parsing Ambiguity").
  return `INSERT INTO ${table.name} AS ${table.name} (${columnsOf(table).join(', ')})
    SELECT ${select.join(', ')} FROM ${source} AS f WHERE ${projection.where} GROUP BY ${groups}
    ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/**
 * Each grouping of the events, with the tables folded from its rows by a coarser time
 * (hour → day → month) or fewer keys (a page's totals are its rows by channel summed, the dark
 * visits being the visits of the `dark-social` rows; pages and generations from one grouping by
 * both, countries and browsers likewise): the events are grouped four times, not fifteen —
 * grouping is a sort of the step's events, the bulk of a fold's cost (issue 12, measured) — and
 * the tables group the much smaller grouped rows (a grouping's own table takes them as they
 * are). Every rollup table appears once.
 */
export const FOLD_BASES: ReadonlyMap<RollupTable, readonly RollupTable[]> = new Map([
  [ROLLUP_HOURLY, [ROLLUP_HOURLY, ROLLUP_DAILY, ROLLUP_MONTHLY]],
  [
    PAGES_GENERATIONS,
    [
      ROLLUP_PAGES,
      ROLLUP_PAGES_MONTHLY,
      ROLLUP_PAGE_TOTALS,
      ROLLUP_PAGE_TOTALS_MONTHLY,
      ROLLUP_GENERATIONS,
      ROLLUP_GENERATIONS_MONTHLY,
    ],
  ],
  [GEO_BROWSERS, [ROLLUP_GEO, ROLLUP_GEO_MONTHLY, ROLLUP_BROWSERS, ROLLUP_BROWSERS_MONTHLY]],
  [ROLLUP_LINKS, [ROLLUP_LINKS, ROLLUP_LINKS_MONTHLY]],
]);

/** The flagged events of `source` grouped as `base`'s rows, with `base`'s column names. */
export function aggregateSql(base: RollupTable, source: string): string {
  const projection = projectionOf(base);
  const select = [
    ...projection.keys.map((expression, index) => `${expression} AS ${base.keys[index]}`),
    ...projection.sums.map((expression, index) => `SUM(${expression}) AS ${base.sums[index]}`),
    ...projection.mins.map((expression, index) => `MIN(${expression}) AS ${base.mins[index]}`),
  ];
  const groups = projection.keys.map((_, index) => index + 1).join(', ');
  return `SELECT ${select.join(', ')} FROM ${source} AS f WHERE ${projection.where} GROUP BY ${groups}`;
}

/**
 * The key `column` of `target` read from a row of `base`: the same, or a time cut to a day or
 * month (a generations table's page from PAGES_GENERATIONS: '' for none, as keyExpression).
 */
function derivedKey(column: string, target: RollupTable, base: RollupTable): string {
  if (column === 'path' && base === PAGES_GENERATIONS && GENERATION_TABLES.has(target))
    return "COALESCE(a.path, '')";
  if (base.keys.includes(column)) return `a.${column}`;
  const time = base.keys.includes('hour') ? 'a.hour' : 'a.day';
  if (column === 'day') return `substr(${time}, 1, 10)`;
  if (column === 'month') return `substr(${time}, 1, 7)`;
  throw new Error(`${column} cannot be derived from ${base.name}`);
}

/** A counter of `target` read from rows of `base`: the same counter, or the dark visits of its channel rows. */
function derivedSum(column: string, base: RollupTable): string {
  if (base.sums.includes(column)) return `SUM(a.${column})`;
  if (column === 'dark_visits' && base.keys.includes('channel') && base.sums.includes('visits')) {
    return "SUM(CASE WHEN a.channel = 'dark-social' THEN a.visits ELSE 0 END)";
  }
  throw new Error(`${column} cannot be derived from ${base.name}`);
}

/**
 * Adds `aggregate` (rows shaped as `base`, aggregateSql) into `target`, regrouped by its keys —
 * or, into `base` itself, as they are: its rows are already one per key, and regrouping them
 * sorted them once more for nothing.
 */
export function upsertAggregateSql(target: RollupTable, base: RollupTable, aggregate: string): string {
  const same = target === base;
  const select = [
    ...target.keys.map((column) => derivedKey(column, target, base)),
    ...target.sums.map((column) => (same ? `a.${column}` : derivedSum(column, base))),
    ...target.mins.map((column) => (same ? `a.${column}` : `MIN(a.${column})`)),
  ];
  const groups = same ? '' : ` GROUP BY ${target.keys.map((_, index) => index + 1).join(', ')}`;
  return `INSERT INTO ${target.name} AS ${target.name} (${columnsOf(target).join(', ')})
    SELECT ${select.join(', ')} FROM ${aggregate} AS a WHERE ${derivedWhere(target, base)}${groups}
    ON CONFLICT (${target.keys.join(', ')}) DO UPDATE SET ${updateList(target).join(', ')}`;
}

/** Which rows of `base` count in `target`: from PAGES_GENERATIONS, those with a page or with page views. */
function derivedWhere(target: RollupTable, base: RollupTable): string {
  if (base !== PAGES_GENERATIONS) return '1 = 1';
  return GENERATION_TABLES.has(target) ? 'a.pageviews > 0' : 'a.path IS NOT NULL';
}

function updateList(table: RollupTable): string[] {
  return [
    ...table.sums.map((column) => `${column} = ${table.name}.${column} + excluded.${column}`),
    ...table.mins.map(
      (column) =>
        `${column} = CASE WHEN excluded.${column} < ${table.name}.${column} THEN excluded.${column} ELSE ${table.name}.${column} END`,
    ),
  ];
}

/** The visitor rows the flagged events of `source` claim: each new visitor of a day (or page and day) once. */
export function claimFromSql(source: string): string[] {
  return [
    // With the attribution of the visitor's day (goal-sql.ts): this first page view's id and classification.
    `INSERT INTO ${VISITOR_DAYS.name} (site_id, day, visitor_hash, first_id, channel, medium, source, confidence, landing_path)
      SELECT f.site_id, f.day, f.visitor_hash, f.id, f.channel, f.medium, f.source, f.confidence, coalesce(f.path, '')
      FROM ${source} AS f WHERE f.nv = 1 ON CONFLICT DO NOTHING`,
    `INSERT INTO ${PAGE_VISITOR_DAYS.name} (site_id, day, path, visitor_hash)
      SELECT f.site_id, f.day, f.path, f.visitor_hash FROM ${source} AS f WHERE f.npv = 1 ON CONFLICT DO NOTHING`,
  ];
}

/** The watermark: events with an id up to it are counted in the rollups. */
export const WATERMARK = '(SELECT folded_id FROM rollup_watermark)';

/**
 * The unfolded part of a rollup table as a read sees it: one row per event of the tail (`tail`, a
 * condition on `e` selecting a site's events past the watermark), flagged against the visitor
 * rows, with the table's columns. Reads sum and take minimums, so a row per event adds up
 * exactly as a folded row would.
 */
export function tailSource(table: RollupTable, tail: string): string {
  const projection = projectionOf(table);
  const rows = [
    ...projection.keys.map((expression, index) => `${expression} AS ${table.keys[index]}`),
    ...projection.sums.map((expression, index) => `${expression} AS ${table.sums[index]}`),
    ...projection.mins.map((expression, index) => `${expression} AS ${table.mins[index]}`),
  ];
  return `(SELECT ${rows.join(', ')} FROM (${flaggedEventsSql(tail)}) AS f WHERE ${projection.where})`;
}
