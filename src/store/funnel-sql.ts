/**
 * The SQL of funnel-store.ts, shared by both engines with `?` placeholders (PostgreSQL numbers
 * them with numberedSql). Steps are a JSON array of goal ids, as text on both engines.
 */
import type { FunnelPatch, SavedFunnel } from './funnel-store.js';
import { StoreConflictError } from './store.js';

const COLUMNS = 'id, site_id, name, steps, created_at';

export const INSERT_FUNNEL = `INSERT INTO funnels (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`;
export const GET_FUNNEL = `SELECT ${COLUMNS} FROM funnels WHERE site_id = ? AND id = ?`;
export const LIST_FUNNELS = `SELECT ${COLUMNS} FROM funnels WHERE site_id = ? ORDER BY created_at, id`;
/** A null parameter keeps the column as it is. */
export const UPDATE_FUNNEL = `UPDATE funnels SET name = coalesce(?, name), steps = coalesce(?, steps)
  WHERE site_id = ? AND id = ? RETURNING ${COLUMNS}`;
export const DELETE_FUNNEL = 'DELETE FROM funnels WHERE site_id = ? AND id = ?';

export interface FunnelRow {
  id: string;
  site_id: string;
  name: string;
  steps: string;
  created_at: string;
}

export function funnelFromRow(row: FunnelRow): SavedFunnel {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    steps: JSON.parse(row.steps) as string[],
    createdAt: row.created_at,
  };
}

/**
 * Whether a change gave the funnel other steps (or the same in another order): only then is its
 * rollup counted again, which drops the days older than the claims kept (docs/funnels.md).
 */
export function stepsChanged(before: Pick<SavedFunnel, 'steps'>, after: Pick<SavedFunnel, 'steps'>): boolean {
  return JSON.stringify(before.steps) !== JSON.stringify(after.steps);
}

export function funnelParams(funnel: SavedFunnel): unknown[] {
  return [funnel.id, funnel.siteId, funnel.name, JSON.stringify(funnel.steps), funnel.createdAt];
}

/** UPDATE_FUNNEL's parameters: what the patch leaves out stays as it is (null). */
export function funnelPatchParams(siteId: string, id: string, patch: FunnelPatch): unknown[] {
  const steps = patch.steps === undefined ? null : JSON.stringify(patch.steps);
  return [patch.name ?? null, steps, siteId, id];
}

/**
 * A taken name on the site becomes the store's conflict error; any other error is returned as
 * it is. `isUniqueViolation` is the engine's test (sqlite-conflict.ts, postgres-conflict.ts).
 */
export function funnelConflict(
  error: unknown,
  name: string | undefined,
  isUniqueViolation: (error: unknown, table: string, column: string) => boolean,
): unknown {
  return name !== undefined && isUniqueViolation(error, 'funnels', 'name')
    ? new StoreConflictError('name', name)
    : error;
}
