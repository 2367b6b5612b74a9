import type { Services } from '../services.js';
import type { Site } from '../store/store.js';
import { ProblemError } from './errors.js';

/**
 * The site a `/api/sites/:id/…` path names (its id or its domain), or `404 not_found`: the
 * lookup the site-scoped routes (webhooks, reports, public links, alerts) each begin with.
 */
export async function siteOf(services: Pick<Services, 'sites'>, reference: string): Promise<Site> {
  const found = await services.sites.find(reference);
  if (!found) throw new ProblemError('not_found', `There is no site "${reference}".`);
  return found;
}
