import { addMonths } from '../stats/date-range.js';
import type { Store } from '../store/store.js';
import { type AuditLog, RETENTION_JOB_ACTOR } from './audit-log.js';
import { enforceRetention, type RetentionResult } from './retention.js';

export interface RetentionJobDeps {
  store: Pick<Store, 'listSites' | 'pruneEvents' | 'recordRetentionRun' | 'pruneAuditEntries'>;
  audit: Pick<AuditLog, 'record'>;
  /** Months the audit log is kept (config `auditRetentionMonths`). */
  auditRetentionMonths: number;
}

export interface RetentionJobResult {
  sites: RetentionResult[];
  /** Audit entries deleted for being older than the audit log's limit. */
  auditPruned: number;
}

/** Audit entries before this instant (ISO) go: the same UTC day `months` back, at midnight. */
export function auditCutoff(months: number, now: number): string {
  const today = new Date(now).toISOString().slice(0, 10);
  return `${addMonths(today, -months)}T00:00:00.000Z`;
}

/**
 * The hourly retention job: each site's raw events past its limit (retention.ts), each site's
 * run kept for `penumbra privacy status` and `GET /api/sites/:id/privacy/status`, an audit entry
 * for each run that deleted something, then the audit log's own old entries (CNIL délibération
 * 2021-122: such logs are kept six months to a year).
 */
export async function runRetentionJob(
  deps: RetentionJobDeps,
  now: number = Date.now(),
): Promise<RetentionJobResult> {
  const sites = await enforceRetention(deps.store, now);
  const ranAt = new Date(now).toISOString();
  for (const { siteId, deleted, cutoff } of sites) {
    await deps.store.recordRetentionRun({ siteId, ranAt, cutoffDay: cutoff.day, deleted });
    if (deleted === 0) continue;
    await deps.audit.record({
      actor: RETENTION_JOB_ACTOR,
      action: 'retention.run',
      siteId,
      details: { cutoffDay: cutoff.day, deleted },
    });
  }
  const auditPruned = await deps.store.pruneAuditEntries(auditCutoff(deps.auditRetentionMonths, now));
  return { sites, auditPruned };
}
