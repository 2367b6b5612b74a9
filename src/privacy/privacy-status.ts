import type { PrivacyMode, Site, Store } from '../store/store.js';

/**
 * Hours a daily salt lives before it is deleted (salts.ts, after Plausible's salts.ex): past
 * them, no visitor hash can be linked to another day's, nor brute-forced back to an address.
 */
export const SALT_HOURS = 48;

/** What a site's privacy settings do today, and what the retention job last did. */
export interface PrivacyStatus {
  siteId: string;
  domain: string;
  privacyMode: PrivacyMode;
  respectDnt: boolean;
  retentionMonths: number;
  saltHours: typeof SALT_HOURS;
  /** The retention job's last run on the site; null before its first. */
  retention: { lastRunAt: string; cutoffDay: string; deleted: number } | null;
  /** Months the audit log of administrative actions is kept (config). */
  auditRetentionMonths: number;
}

export async function privacyStatus(
  store: Pick<Store, 'getRetentionRun'>,
  site: Site,
  auditRetentionMonths: number,
): Promise<PrivacyStatus> {
  const run = await store.getRetentionRun(site.id);
  return {
    siteId: site.id,
    domain: site.domain,
    privacyMode: site.privacyMode,
    respectDnt: site.respectDnt,
    retentionMonths: site.retentionMonths,
    saltHours: SALT_HOURS,
    retention: run ? { lastRunAt: run.ranAt, cutoffDay: run.cutoffDay, deleted: run.deleted } : null,
    auditRetentionMonths,
  };
}
