import type { Config } from '../../config.js';
import { trustedCountryHeaders } from '../country.js';
import type { InstallationFacts } from './document-facts.js';

/**
 * The installation's side of the documents, read from its configuration. The ingestion reads a
 * CDN's country header only behind a trusted proxy (`PENUMBRA_TRUST_PROXY`, src/privacy/country.ts),
 * and looks the address up in a MaxMind database only when `PENUMBRA_GEOIP_DB` names one.
 */
function countrySource(cdn: boolean, maxmind: boolean): InstallationFacts['country'] {
  if (cdn) return maxmind ? 'cdn-and-maxmind' : 'cdn';
  return maxmind ? 'maxmind' : 'none';
}

export function installationFacts(
  config: Pick<
    Config,
    | 'baseUrl'
    | 'databaseUrl'
    | 'geoIpDatabase'
    | 'trustProxy'
    | 'eventRate'
    | 'eventBurst'
    | 'auditRetentionMonths'
  >,
): InstallationFacts {
  return {
    baseUrl: config.baseUrl,
    database: config.databaseUrl ? 'postgresql' : 'sqlite',
    country: countrySource(
      trustedCountryHeaders(config.trustProxy).length > 0,
      Boolean(config.geoIpDatabase),
    ),
    eventRate: config.eventRate,
    eventBurst: config.eventBurst,
    auditRetentionMonths: config.auditRetentionMonths,
  };
}
