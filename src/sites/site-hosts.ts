import type { Site } from '../store/store.js';
import { normaliseDomain } from './normalise-domain.js';

/**
 * Whether a URL, origin or host belongs to the site: its domain (and `www.`, which
 * `normaliseDomain` folds in) or one of its extra origins. Used for the tracker's `Origin` check
 * and for the opt-out page's return link, which must never lead off the site (no open redirect).
 */
export function isSiteHost(
  site: Pick<Site, 'domain' | 'extraOrigins'>,
  urlOrHost: string | undefined,
): boolean {
  if (!urlOrHost) return false;
  let host: string;
  try {
    host = normaliseDomain(urlOrHost);
  } catch {
    return false;
  }
  return host === site.domain || site.extraOrigins.some((extra) => normaliseDomain(extra) === host);
}
