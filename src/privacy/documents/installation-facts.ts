import type { Config } from '../../config.js';
import type { InstallationFacts } from './document-facts.js';

/**
 * The installation's side of the documents, read from its configuration. The ingestion always
 * reads a CDN's country header when one is present (src/events/ingest-service.ts), and looks
 * the address up in a MaxMind database only when `PENUMBRA_GEOIP_DB` names one.
 */
export function installationFacts(
  config: Pick<
    Config,
    'baseUrl' | 'databaseUrl' | 'geoIpDatabase' | 'eventRate' | 'eventBurst' | 'auditRetentionMonths'
  >,
): InstallationFacts {
  return {
    baseUrl: config.baseUrl,
    database: config.databaseUrl ? 'postgresql' : 'sqlite',
    country: config.geoIpDatabase ? 'cdn-and-maxmind' : 'cdn',
    eventRate: config.eventRate,
    eventBurst: config.eventBurst,
    auditRetentionMonths: config.auditRetentionMonths,
  };
}
