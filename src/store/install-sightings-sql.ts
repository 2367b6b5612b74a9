import { INSTALL_SIGHTINGS_KEPT, type InstallSighting, type InstallSightingWrite } from './install-store.js';

/*
 * The install check's table (migration 9): the same SQL on SQLite and PostgreSQL, written with
 * `?` placeholders and every value given in order; `numbered` turns them into PostgreSQL's `$N`.
 */

/** `?` placeholders numbered `$1`, `$2`… in order, for PostgreSQL (these statements hold no other `?`). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export const INSTALL_SIGHTING_COLUMNS = 'site_id, outcome, origin, reason, first_at, last_at, count';

/** Adds a batch to its row; nothing when the site was deleted meanwhile (no row to point at). */
export const UPSERT_INSTALL_SIGHTING = `
  INSERT INTO install_sightings (${INSTALL_SIGHTING_COLUMNS})
  SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?)
  ON CONFLICT (site_id, outcome, origin) DO UPDATE
  SET reason = excluded.reason, last_at = excluded.last_at, count = install_sightings.count + excluded.count`;

/** Keeps the newest rows of one outcome: any page may send any Origin header, so the table stays bounded. */
export const PRUNE_INSTALL_SIGHTINGS = `
  DELETE FROM install_sightings WHERE site_id = ? AND outcome = ? AND origin NOT IN (
    SELECT origin FROM install_sightings WHERE site_id = ? AND outcome = ?
    ORDER BY last_at DESC, origin LIMIT ${INSTALL_SIGHTINGS_KEPT})`;

export const LIST_INSTALL_SIGHTINGS = `
  SELECT ${INSTALL_SIGHTING_COLUMNS} FROM install_sightings WHERE site_id = ?
  ORDER BY last_at DESC, outcome, origin`;

export function upsertParams(sighting: InstallSightingWrite): unknown[] {
  const { siteId, outcome, origin, reason, lastAt, count } = sighting;
  return [siteId, outcome, origin, reason, lastAt, lastAt, count, siteId];
}

export function pruneParams(sighting: Pick<InstallSightingWrite, 'siteId' | 'outcome'>): unknown[] {
  return [sighting.siteId, sighting.outcome, sighting.siteId, sighting.outcome];
}

export interface InstallSightingRow {
  site_id: string;
  outcome: string;
  origin: string;
  reason: string | null;
  /** PostgreSQL's bigint arrives as text. */
  first_at: number | string;
  last_at: number | string;
  count: number | string;
}

export function installSightingFromRow(row: InstallSightingRow): InstallSighting {
  return {
    siteId: row.site_id,
    outcome: row.outcome as InstallSighting['outcome'],
    origin: row.origin,
    reason: row.reason as InstallSighting['reason'],
    firstAt: Number(row.first_at),
    lastAt: Number(row.last_at),
    count: Number(row.count),
  };
}
