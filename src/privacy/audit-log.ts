import { randomUUID } from 'node:crypto';
import type { AuditEntry, Store } from '../store/store.js';

/**
 * Who did an administrative action: a signed-in user, an API token, or the command line (the
 * person at the server's shell; the hourly retention job also signs as `cli`).
 */
export type AuditActor =
  | { kind: 'user'; id: string; label: string }
  | { kind: 'token'; id: string; label: string }
  | { kind: 'cli'; label: string };

/** The administrative actions the audit log records (never a visitor's event). */
export type AuditAction =
  | 'site.create'
  | 'site.update'
  | 'site.privacy'
  | 'site.delete'
  | 'token.create'
  | 'token.delete'
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'user.erase'
  | 'public_link.create'
  | 'public_link.revoke'
  | 'data.export'
  | 'data.erase'
  | 'retention.run'
  | 'webhook.create'
  | 'webhook.delete'
  | 'recipient.add'
  | 'recipient.remove'
  | 'alert_rule.create'
  | 'alert_rule.delete'
  | 'goal.create'
  | 'goal.rename'
  | 'goal.delete'
  | 'funnel.create'
  | 'funnel.update'
  | 'funnel.delete';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'site.create',
  'site.update',
  'site.privacy',
  'site.delete',
  'token.create',
  'token.delete',
  'user.create',
  'user.update',
  'user.delete',
  'user.erase',
  'public_link.create',
  'public_link.revoke',
  'data.export',
  'data.erase',
  'retention.run',
  'webhook.create',
  'webhook.delete',
  'recipient.add',
  'recipient.remove',
  'alert_rule.create',
  'alert_rule.delete',
  'goal.create',
  'goal.rename',
  'goal.delete',
  'funnel.create',
  'funnel.update',
  'funnel.delete',
];

export interface AuditEntryInput {
  actor: AuditActor;
  action: AuditAction;
  /** The site the action is about; kept after the site is deleted (no foreign key). */
  siteId?: string | null;
  /** What the action is about: a token's, user's or public link's id. Never a secret. */
  target?: string | null;
  /** Before/after values and the like; never a secret, a password or a hash. */
  details?: Record<string, unknown>;
}

/** The actor label an erased user's audit entries get instead of their email (GDPR Art. 17). */
export const ERASED_USER_LABEL = 'erased user';

/**
 * Whoever runs a `penumbra` command on the server. No shell login name is recorded: it would be
 * personal data outside the reach of a user's erasure.
 */
export const CLI_ACTOR: AuditActor = Object.freeze({ kind: 'cli', label: 'command line' });

/** The demo site a fresh `penumbra serve` creates and fills (src/seed/start-demo.ts). */
export const DEMO_ACTOR: AuditActor = Object.freeze({ kind: 'cli', label: 'demo data' });

/** The hourly retention job (src/privacy/retention-job.ts). */
export const RETENTION_JOB_ACTOR: AuditActor = Object.freeze({ kind: 'cli', label: 'retention job' });

/**
 * The audit trail of administrative actions (GDPR Art. 5(2) accountability, Art. 30 records):
 * who changed which site's privacy settings, who made a token or a user. Entries are kept for
 * a limited time only (config `auditRetentionMonths`; CNIL délibération 2021-122 recommends
 * six months to a year for such logs) and pruned by the hourly retention job.
 */
export class AuditLog {
  readonly #store: Pick<Store, 'appendAuditEntry'>;
  readonly #now: () => number;

  constructor(store: Pick<Store, 'appendAuditEntry'>, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  async record(entry: AuditEntryInput): Promise<void> {
    await this.#store.appendAuditEntry(this.#toEntry(entry));
  }

  #toEntry(entry: AuditEntryInput): AuditEntry {
    const { actor } = entry;
    return {
      id: randomUUID(),
      occurredAt: new Date(this.#now()).toISOString(),
      actorKind: actor.kind,
      actorId: actor.kind === 'cli' ? null : actor.id,
      actorLabel: actor.label,
      action: entry.action,
      siteId: entry.siteId ?? null,
      target: entry.target ?? null,
      details: entry.details ?? {},
    };
  }
}
