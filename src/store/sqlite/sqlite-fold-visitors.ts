import { PAGE_VISITOR_DAYS, VISITOR_DAYS } from '../rollups/rollup-tables.js';

/*
 * The fold's new visitors on SQLite (issue 12), found before the step's events are copied into
 * the scratch table (sqlite-fold.ts) so that the copy carries its flags: marking them afterwards
 * (an UPDATE of each new visitor's row, the whole row rewritten) cost more than finding them.
 *
 * The step's claiming page views go, in id order, into `fold_claims`, whose unique key (site, day,
 * visitor, page) keeps only the first of each: each visitor's page's first view, a new visitor of
 * the page's day unless page_visitor_days has them. The same index, its rows carrying their id,
 * hands each visitor's day's views together, so the first of the day is found without a sort —
 * one B-tree of the claiming views instead of two sorts (GROUP BY) of them. A view without a page
 * is kept too (NULLs are distinct in a UNIQUE index): it may be its visitor's day's first.
 * The ids of the new visitors go to `fold_newcomers`, which the copy joins on.
 */

export const CLAIMS = 'temp.fold_claims';
export const NEWCOMERS = 'temp.fold_newcomers';

const CLAIMING = "e.type = 'pageview' AND e.visitor_hash <> ''";

export const CREATE_VISITOR_SCRATCH = [
  // No NOT NULL: OR IGNORE would skip such a row silently; the claim's insert refuses it, as before.
  `CREATE TEMP TABLE IF NOT EXISTS fold_claims (id INTEGER PRIMARY KEY, site_id TEXT, day TEXT,
    visitor_hash TEXT, path TEXT, UNIQUE (site_id, day, visitor_hash, path))`,
  'CREATE TEMP TABLE IF NOT EXISTS fold_newcomers (id INTEGER PRIMARY KEY, nv INTEGER NOT NULL, npv INTEGER NOT NULL)',
];

/**
 * The statements that fill `fold_newcomers` with the new visitors among the events matching
 * `where` (an SQL condition on `e`, the events table, with its parameters): the first claiming
 * page view of each visitor's day, by id, whose visitor has no row in visitor_days yet (`nv`),
 * and of each visitor's page and day with no row in page_visitor_days (`npv`) — the definitions
 * of flaggedEventsSql (rollup-fold-sql.ts). Only the first statement takes `where`'s parameters.
 */
export function newcomersSql(where: string): string[] {
  return [
    // In id order, so that OR IGNORE keeps each key's first (https://sqlite.org/lang_conflict.html).
    `INSERT OR IGNORE INTO ${CLAIMS} (id, site_id, day, visitor_hash, path)
      SELECT e.id, e.site_id, substr(e.local_hour, 1, 10), e.visitor_hash, e.path FROM events AS e
      WHERE (${where}) AND ${CLAIMING} ORDER BY e.id`,
    `INSERT INTO ${NEWCOMERS} (id, nv, npv)
      SELECT min(f.id), 1, 0 FROM ${CLAIMS} AS f GROUP BY f.site_id, f.day, f.visitor_hash
      HAVING NOT EXISTS (SELECT 1 FROM ${VISITOR_DAYS.name} AS c
        WHERE c.site_id = f.site_id AND c.day = f.day AND c.visitor_hash = f.visitor_hash)`,
    `INSERT INTO ${NEWCOMERS} (id, nv, npv)
      SELECT f.id, 0, 1 FROM ${CLAIMS} AS f WHERE f.path IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${PAGE_VISITOR_DAYS.name} AS c
          WHERE c.site_id = f.site_id AND c.day = f.day AND c.path = f.path AND c.visitor_hash = f.visitor_hash)
      ON CONFLICT (id) DO UPDATE SET npv = 1`,
  ];
}
