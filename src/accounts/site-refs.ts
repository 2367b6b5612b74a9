import type { SiteService } from '../sites/site-service.js';
import { AccessInputError } from './access-input-error.js';

/**
 * Site ids for references by id or domain, in order, once each; an unknown one is refused
 * (`site_unknown`) rather than kept, so a grant never names a site that is not there.
 */
export async function resolveSiteRefs(
  sites: Pick<SiteService, 'find'>,
  references: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const reference of references) {
    const site = await sites.find(reference.trim());
    if (!site) throw new AccessInputError('site_unknown', `There is no site "${reference}".`, 'sites');
    if (!ids.includes(site.id)) ids.push(site.id);
  }
  return ids;
}
