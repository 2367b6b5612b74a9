import { LINK_DELETION_RETENTION_MS } from './store.js';

/*
 * Deletion records (`link_deletions`): what `listLinksDeletedSince` returns, so that another
 * process drops a deleted slug from its redirect cache. Written in the transaction that deletes
 * the links, stamped by the link clock (link-clock.ts), pruned as new ones are written.
 */

/**
 * The newest stamp the link clock has handed out: link writes (`links.updated_at`) and deletions
 * (`link_deletions.deleted_at`) share one clock. Reading deletions too keeps the clock from going
 * back when the most recently written link is deleted. Both maxima come from an index.
 */
export const LATEST_LINK_STAMP = `
  SELECT max(stamp) AS latest FROM (
    SELECT max(updated_at) AS stamp FROM links
    UNION ALL
    SELECT max(deleted_at) AS stamp FROM link_deletions
  ) AS stamps`;

/**
 * The links a delete will remove, with everything their ON DELETE CASCADE takes along: the links
 * matching `seed` (a condition on `links` with one parameter) and, recursively, their variants.
 * UNION (not UNION ALL) ends the recursion even if a link were its own ancestor. Oldest first,
 * so a kit's main link is recorded before its variants.
 */
export function doomedLinksSql(seed: string): string {
  return `
    WITH RECURSIVE doomed (id) AS (
      SELECT id FROM links WHERE ${seed}
      UNION
      SELECT links.id FROM links JOIN doomed ON links.parent_id = doomed.id
    )
    SELECT links.id, links.slug FROM links JOIN doomed ON doomed.id = links.id
    ORDER BY links.created_at, links.id`;
}

/**
 * Records older than this may be deleted once a record stamped `newest` is written: 7 days back
 * from the newest record, not from the wall clock, so the newest record always stays (and with it
 * the clock's floor) however the wall clock moves.
 */
export function deletionPruneCutoff(newest: string): string {
  return new Date(Date.parse(newest) - LINK_DELETION_RETENTION_MS).toISOString();
}
