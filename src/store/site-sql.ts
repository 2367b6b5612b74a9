/**
 * The SQL of the site methods of `Store` (sqlite-sites.ts, postgres-sites.ts): sites, their
 * public dashboard links and their last retention run. Written once with `?` placeholders,
 * bound in the order they appear; PostgreSQL numbers them once, at load (`numberedSql`). What
 * stays per engine: how a site is read (PostgreSQL selects its jsonb arrays as text) and
 * updated, and the locks and announcements around a site's change or deletion.
 */
import { RETENTION_RUN_COLUMNS } from './audit-rows.js';
import type { PublicLink, RetentionRun } from './store.js';
import { PUBLIC_LINK_COLUMNS, SITE_COLUMNS } from './store-rows.js';

export const INSERT_SITE = `INSERT INTO sites (${SITE_COLUMNS}) VALUES (${SITE_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;
export const DELETE_SITE = 'DELETE FROM sites WHERE id = ?';
/** Events have no foreign key (schema version 8): a site's deletion deletes them itself. */
export const DELETE_SITE_EVENTS = 'DELETE FROM events WHERE site_id = ?';

export const INSERT_PUBLIC_LINK = `INSERT INTO public_links (${PUBLIC_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?)`;
export const PUBLIC_LINK_BY_HASH = `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE token_hash = ?`;
export const LIST_PUBLIC_LINKS = `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE site_id = ? ORDER BY created_at, id`;
/** The first revocation time stays. */
export const REVOKE_PUBLIC_LINK =
  'UPDATE public_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND site_id = ?';

/** A site deleted while the job ran has no run to keep (and no row to point at). */
export const RECORD_RETENTION_RUN = `INSERT INTO retention_runs (${RETENTION_RUN_COLUMNS})
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?)
       ON CONFLICT (site_id) DO UPDATE
       SET ran_at = excluded.ran_at, cutoff_day = excluded.cutoff_day, deleted = excluded.deleted`;
export const GET_RETENTION_RUN = `SELECT ${RETENTION_RUN_COLUMNS} FROM retention_runs WHERE site_id = ?`;

/** INSERT_PUBLIC_LINK's values. */
export function publicLinkValues(link: PublicLink): unknown[] {
  return [link.id, link.tokenHash, link.siteId, link.createdAt, link.revokedAt];
}

/** RECORD_RETENTION_RUN's values: the site's id twice, for the row and for the check. */
export function retentionRunValues(run: RetentionRun): unknown[] {
  return [run.siteId, run.ranAt, run.cutoffDay, run.deleted, run.siteId];
}
