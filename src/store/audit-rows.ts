import type { AuditEntry, AuditQuery, RetentionRun } from './store.js';

/*
 * Rows of audit_log and retention_runs (migration 6), the same on both engines: every column is
 * text but `retention_runs.deleted` (bigint in PostgreSQL, so a string there).
 */

export const AUDIT_COLUMNS =
  'id, occurred_at, actor_kind, actor_id, actor_label, action, site_id, target, details';
export const RETENTION_RUN_COLUMNS = 'site_id, ran_at, cutoff_day, deleted';

export interface AuditRow {
  id: string;
  occurred_at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  site_id: string | null;
  target: string | null;
  details: string;
}

export interface RetentionRunRow {
  site_id: string;
  ran_at: string;
  cutoff_day: string;
  deleted: number | string;
}

/** The values of AUDIT_COLUMNS, in order. */
export function auditValues(entry: AuditEntry): (string | null)[] {
  if (entry.details === null || typeof entry.details !== 'object' || Array.isArray(entry.details)) {
    throw new TypeError('audit details must be an object');
  }
  return [
    entry.id,
    entry.occurredAt,
    entry.actorKind,
    entry.actorId,
    entry.actorLabel,
    entry.action,
    entry.siteId,
    entry.target,
    JSON.stringify(entry.details),
  ];
}

export function auditFromRow(row: AuditRow): AuditEntry {
  if (row.actor_kind !== 'user' && row.actor_kind !== 'token' && row.actor_kind !== 'cli') {
    throw new TypeError(`audit_log.actor_kind is not an actor kind: ${row.actor_kind}`);
  }
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    siteId: row.site_id,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function retentionRunFromRow(row: RetentionRunRow): RetentionRun {
  return { siteId: row.site_id, ranAt: row.ran_at, cutoffDay: row.cutoff_day, deleted: Number(row.deleted) };
}

/**
 * The WHERE clause of an audit listing and its parameters; `placeholder(n)` renders the n-th
 * (1-based) parameter in the engine's syntax.
 */
export function auditFilter(
  query: Pick<AuditQuery, 'siteId' | 'action'>,
  placeholder: (n: number) => string,
): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (query.siteId !== undefined) {
    params.push(query.siteId);
    clauses.push(`site_id = ${placeholder(params.length)}`);
  }
  if (query.action !== undefined) {
    params.push(query.action);
    clauses.push(`action = ${placeholder(params.length)}`);
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}
