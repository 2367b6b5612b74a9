import { CLI_ACTOR } from '../privacy/audit-log.js';
import type { Services } from '../services.js';
import { findOrCreateSite } from '../sites/find-or-create-site.js';
import type { Site } from '../store/store.js';

/**
 * `--site` names a site that does not exist: the command stops with exit status 2 and lists the
 * sites there are (issue 16: a typo in `--site` silently created a new site and filled it).
 */
export class UnknownSiteError extends Error {
  constructor(
    readonly reference: string,
    readonly known: readonly string[],
    /** The option that would create it, for the commands that can (`--create-site`). */
    readonly createOption?: string,
  ) {
    const list = known.length === 0 ? 'There is no site yet.' : `Known sites: ${known.join(', ')}.`;
    const create = createOption ? `, or pass ${createOption} to create it` : '';
    super(`there is no site "${reference}". ${list} Add it with "penumbra sites add DOMAIN"${create}.`);
    this.name = 'UnknownSiteError';
  }
}

/** The site `--site` names (id or domain); created only when `create` says so (`--create-site`). */
export async function requireSite(
  services: Pick<Services, 'sites' | 'audit'>,
  reference: string,
  options: { create?: boolean; createOption?: string } = {},
): Promise<Site> {
  if (options.create) return findOrCreateSite(services, CLI_ACTOR, { domain: reference });
  const site = await services.sites.find(reference);
  if (site) return site;
  const known = (await services.sites.list()).map((candidate) => candidate.domain);
  throw new UnknownSiteError(reference, known, options.createOption);
}
