import type { Site } from '../../store/store.js';
import { type ModePolicy, modePolicy } from '../modes.js';

/** What of a site the documents describe: its privacy settings and where it is measured. */
export type SiteFacts = Pick<
  Site,
  'domain' | 'name' | 'privacyMode' | 'respectDnt' | 'retentionMonths' | 'extraOrigins' | 'timezone'
>;

/**
 * Where a visit's country comes from (src/privacy/country.ts, read in src/events/ingest-service.ts):
 * a CDN header, a MaxMind database on the server, the first then the second, or nowhere.
 */
export type CountrySource = 'cdn-and-maxmind' | 'cdn' | 'maxmind' | 'none';

/** What of the installation (src/config.ts) the documents describe: the same for every site. */
export interface InstallationFacts {
  /** The public origin: short links and the opt-out page are served there. */
  baseUrl: string;
  database: 'postgresql' | 'sqlite';
  country: CountrySource;
  /** Tracker events per second per client, and burst (the in-memory rate limiter). */
  eventRate: number;
  eventBurst: number;
  /** How long the audit log of administrative actions is kept. */
  auditRetentionMonths: number;
}

/** Everything a document's text depends on, worked out once. */
export interface DocumentFacts {
  site: SiteFacts;
  installation: InstallationFacts;
  /** What the site's mode lets measurement keep (src/privacy/modes.ts). */
  policy: Readonly<ModePolicy>;
  /** The page where a visitor opts out (served by Penumbra). */
  optOutUrl: string;
  /** The hosts whose pages are measured: the domain, its www., the extra origins. */
  measuredHosts: string[];
  /** ISO 8601 time the documents were generated at. */
  generatedAt: string;
}

export function documentFacts(
  site: SiteFacts,
  installation: InstallationFacts,
  generatedAt: string,
): DocumentFacts {
  return {
    site,
    installation,
    policy: modePolicy(site.privacyMode),
    optOutUrl: `${installation.baseUrl}/opt-out?site=${encodeURIComponent(site.domain)}`,
    measuredHosts: [site.domain, `www.${site.domain}`, ...site.extraOrigins],
    generatedAt,
  };
}
