import type { AuditActor, AuditLog } from './audit-log.js';
import type { DataTarget } from './data-target.js';

/** Who asks for a data request, and where it is written down. */
export interface DataRequestAudit {
  log: Pick<AuditLog, 'record'>;
  actor: AuditActor;
}

/**
 * The audit entry of an export or an erasure (GDPR Art. 5(2) accountability): who, when, which
 * site and the kind of target — never the link, slug or tag itself, which an erasure must not
 * leave behind.
 */
export function recordDataRequest(
  audit: DataRequestAudit,
  action: 'data.export' | 'data.erase',
  target: DataTarget,
  details: Record<string, unknown>,
): Promise<void> {
  return audit.log.record({
    actor: audit.actor,
    action,
    siteId: target.site.id,
    target: target.kind,
    details,
  });
}
