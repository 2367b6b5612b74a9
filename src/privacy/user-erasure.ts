import type { UserService } from '../accounts/user-service.js';
import type { Store } from '../store/store.js';
import { type AuditActor, type AuditLog, ERASED_USER_LABEL } from './audit-log.js';

export interface UserErasureDeps {
  users: Pick<UserService, 'delete'>;
  store: Pick<Store, 'relabelAuditActor'>;
  audit: Pick<AuditLog, 'record'>;
}

/**
 * Erases a dashboard user (GDPR Art. 17): deletes the account and its sessions — never the last
 * owner's (`last_owner`) — then replaces the email the audit log labels their actions with by a
 * neutral label. The entries themselves stay: what was done, and when, is still accountable
 * (Art. 5(2)); by whom is no longer a person. The audit log never holds a user's email or name
 * anywhere else (src/privacy/audit-log.ts). False when there is no such user.
 */
export async function eraseUser(deps: UserErasureDeps, userId: string, actor: AuditActor): Promise<boolean> {
  if (!(await deps.users.delete(userId))) return false;
  // Recorded before relabelling, so that a user erasing themselves is relabelled here too.
  await deps.audit.record({ actor, action: 'user.erase', target: userId });
  await deps.store.relabelAuditActor(userId, ERASED_USER_LABEL);
  return true;
}
