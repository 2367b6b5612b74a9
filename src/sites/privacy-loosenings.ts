import type { PrivacyMode } from '../privacy/index.js';
import type { Site } from '../store/store.js';
import type { SiteSettingsInput } from './site-settings.js';

/**
 * How much a mode keeps from visitors, least first: consented keeps per-view share ids (with the
 * visitor's consent), anonymous keeps daily hashes and campaign data, strict keeps neither.
 */
const PROTECTION: Record<PrivacyMode, number> = { consented: 0, anonymous: 1, strict: 2 };

const isMode = (value: string | undefined): value is PrivacyMode =>
  value !== undefined && Object.hasOwn(PROTECTION, value);

/**
 * The settings of `patch` that would make Penumbra keep more about the site's visitors than it
 * does now: a less protective mode, a longer retention, Do Not Track no longer honoured, a new
 * query parameter kept in stored paths. Deciding those is the data controller's call, so only an
 * owner may (review of issue 13's access model: an editor could otherwise undo a DPO's choice).
 */
export function privacyLoosenings(site: Site, patch: SiteSettingsInput): string[] {
  const loosened: string[] = [];
  if (isMode(patch.privacyMode) && PROTECTION[patch.privacyMode] < PROTECTION[site.privacyMode]) {
    loosened.push('privacyMode');
  }
  if (patch.retentionMonths !== undefined && patch.retentionMonths > site.retentionMonths) {
    loosened.push('retentionMonths');
  }
  if (patch.respectDnt === false && site.respectDnt) loosened.push('respectDnt');
  if (patch.queryParams?.some((name) => !site.queryParams.includes(name))) loosened.push('queryParams');
  return loosened;
}
