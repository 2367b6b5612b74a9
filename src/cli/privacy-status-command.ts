import { type PrivacyStatus, privacyStatus } from '../privacy/privacy-status.js';
import type { Services } from '../services.js';
import type { PrivacyMode, Site } from '../store/store.js';
import { parseOptions } from './parse-options.js';
import { requireSite } from './require-site.js';
import type { SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const USAGE = `  status [--site DOMAIN] [--json]
      For each site (or one): its privacy mode and what it means, Do Not Track, how long raw
      events are kept, the retention job's last run and the oldest raw event left.`;

/** One line per mode: what measurement keeps (src/privacy/modes.ts, docs/privacy.md). */
const MODE_MEANING: Readonly<Record<PrivacyMode, string>> = {
  anonymous: 'aggregate share tokens, campaign parameters kept, no identifier of a person (default)',
  consented: 'per-page-view share tokens once the visitor consents, aggregate ones until then',
  strict: 'referrer host only, no campaign parameters, no share tokens, reports rounded',
};

type SiteStatus = PrivacyStatus & { oldestEventAt: string | null };

async function siteStatus(services: Services, site: Site): Promise<SiteStatus> {
  const status = await privacyStatus(services.store, site, services.config.auditRetentionMonths);
  const oldest = await services.store.oldestEventAt(site.id);
  return { ...status, oldestEventAt: oldest === undefined ? null : new Date(oldest).toISOString() };
}

function describe(status: SiteStatus): string {
  const run = status.retention;
  return [
    `${status.domain} (${status.siteId})`,
    `  mode:              ${status.privacyMode}: ${MODE_MEANING[status.privacyMode]}`,
    `  Do Not Track/GPC:  ${status.respectDnt ? 'respected (events dropped)' : 'not honoured'}`,
    `  raw events kept:   ${status.retentionMonths} months (daily salts deleted after ${status.saltHours} h)`,
    `  last retention:    ${
      run ? `${run.lastRunAt}, data before ${run.cutoffDay} deleted, ${run.deleted} events` : 'never run yet'
    }`,
    `  oldest raw event:  ${status.oldestEventAt ?? 'none'}`,
  ].join('\n');
}

/** `penumbra privacy status`: what each site's privacy settings do, and what retention last did. */
export const privacyStatusCommand: SubCommand = {
  name: 'status',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, { site: { type: 'string' }, json: { type: 'boolean' } });
    const reference = values.site as string | undefined;
    return withServices(io, async (services) => {
      const one = reference === undefined ? undefined : await requireSite(services, reference);
      const sites = one ? [one] : await services.sites.list();
      const statuses = await Promise.all(sites.map((site) => siteStatus(services, site)));
      if (values.json) {
        io.stdout.write(`${JSON.stringify(statuses)}\n`);
        return 0;
      }
      const blocks =
        statuses.length === 0
          ? ['No sites yet: add one with "penumbra sites add DOMAIN".']
          : statuses.map(describe);
      const footer = `Audit log of administrative actions kept ${services.config.auditRetentionMonths} months.`;
      io.stdout.write(`${[...blocks, footer].join('\n\n')}\n`);
      return 0;
    });
  },
};
