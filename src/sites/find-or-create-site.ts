import type { AuditActor, AuditLog } from '../privacy/audit-log.js';
import { siteCreated } from '../privacy/site-changes.js';
import type { Site } from '../store/store.js';
import type { SiteService } from './site-service.js';

/**
 * The site named `domain`, created if there is none — with its `site.create` audit entry, as
 * the API and `penumbra sites add` write one (GDPR Art. 5(2)): `penumbra seed`, `import-log`
 * and the demo data create sites too.
 */
export async function findOrCreateSite(
  services: { sites: Pick<SiteService, 'find' | 'create'>; audit: Pick<AuditLog, 'record'> },
  actor: AuditActor,
  input: { domain: string; name?: string | undefined },
): Promise<Site> {
  const existing = await services.sites.find(input.domain);
  if (existing) return existing;
  const site = await services.sites.create(input);
  await services.audit.record({ actor, siteId: site.id, ...siteCreated(site) });
  return site;
}
