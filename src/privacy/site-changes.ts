import type { Site } from '../store/store.js';
import type { AuditEntryInput } from './audit-log.js';

/**
 * The settings that decide what is measured and kept (docs/privacy.md): their own audit action.
 * `queryParams` is one: each name listed widens what a stored page path may hold.
 */
const PRIVACY_FIELDS = ['privacyMode', 'respectDnt', 'retentionMonths', 'queryParams'] as const;
const OTHER_FIELDS = ['name', 'timezone', 'fallbackUrl', 'landingPaths', 'extraOrigins'] as const;

type Field = (typeof PRIVACY_FIELDS)[number] | (typeof OTHER_FIELDS)[number];
type Change = Pick<AuditEntryInput, 'action' | 'details'>;

function changed(before: Site, after: Site, fields: readonly Field[]): Change['details'] | undefined {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    was[field] = before[field];
    now[field] = after[field];
  }
  return Object.keys(now).length === 0 ? undefined : { before: was, after: now };
}

/**
 * What a site change means for the audit log: a `site.privacy` entry with the before and after
 * values of the privacy settings that changed (GDPR Art. 5(2): show when and by whom measurement
 * was widened or retention lengthened), a `site.update` entry for the other settings. Nothing
 * for a change that changed nothing.
 */
export function siteChanges(before: Site, after: Site): Change[] {
  const changes: Change[] = [];
  const privacy = changed(before, after, PRIVACY_FIELDS);
  if (privacy) changes.push({ action: 'site.privacy', details: privacy });
  const other = changed(before, after, OTHER_FIELDS);
  if (other) changes.push({ action: 'site.update', details: other });
  return changes;
}

/** The settings of a new site worth finding in the audit log. */
export function siteCreated(site: Site): Change {
  return {
    action: 'site.create',
    details: {
      domain: site.domain,
      privacyMode: site.privacyMode,
      respectDnt: site.respectDnt,
      retentionMonths: site.retentionMonths,
    },
  };
}
