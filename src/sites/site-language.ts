import type { Site } from '../store/store.js';

export type PageLanguage = 'en' | 'fr';

/**
 * Time zones of France and its overseas departments and territories
 * (https://www.iana.org/time-zones, zone1970.tab); the demo's news language follows the same rule.
 */
const FRENCH_ZONES = new Set([
  'Europe/Paris',
  'America/Cayenne',
  'America/Guadeloupe',
  'America/Martinique',
  'Indian/Reunion',
  'Indian/Mayotte',
  'Pacific/Noumea',
  'Pacific/Tahiti',
]);

/**
 * The language of a site's public pages (preview pages of its short links). Sites have no
 * language setting: a `.fr` domain or a French time zone is French, any other site English —
 * the rule the demo's headlines follow too.
 */
export function siteLanguage(site: Pick<Site, 'domain' | 'timezone'>): PageLanguage {
  return site.domain.endsWith('.fr') || FRENCH_ZONES.has(site.timezone) ? 'fr' : 'en';
}

/**
 * The language a link's target says it is in, if it says: a `.fr` host, or a path starting with
 * `/fr/` or `/en/` (`/fr-be/`…), the usual forms of a multilingual site's URLs.
 */
export function targetLanguage(url: string): PageLanguage | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const first = /^\/(en|fr)(?:[-_][a-z]{2})?(?:\/|$)/i.exec(parsed.pathname)?.[1]?.toLowerCase();
  if (first === 'fr' || first === 'en') return first;
  return parsed.hostname.endsWith('.fr') ? 'fr' : undefined;
}
