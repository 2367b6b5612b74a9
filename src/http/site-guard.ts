import type { FastifyRequest } from 'fastify';
import { roleAtLeast } from '../accounts/roles.js';
import { isConfined, roleOnSite, type SiteAccess } from '../accounts/site-access.js';
import type { SiteService } from '../sites/site-service.js';
import type { Store, UserRole } from '../store/store.js';
import { principalOf, type SiteLocator } from './access.js';
import { ProblemError } from './errors.js';

export interface SiteGuardDeps {
  store: Store;
  sites: SiteService;
}

type Reference = Exclude<SiteLocator, string>;

/**
 * The answer a confined principal gets for a site or link out of its reach: exactly what it
 * gets for one that does not exist, so it cannot learn that another site is there (issue 13,
 * finding 15).
 */
function unknown(of: Reference['of'], reference: string): ProblemError {
  return new ProblemError('not_found', `There is no ${of} "${reference}".`);
}

function readReference(request: FastifyRequest, locator: Reference): string | undefined {
  const source = request[locator.in] as Record<string, unknown> | undefined;
  const value = source?.[locator.key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function siteIdOf(
  deps: SiteGuardDeps,
  of: Reference['of'],
  reference: string,
): Promise<string | undefined> {
  if (of === 'link') return (await deps.store.getLink(reference))?.siteId;
  return (await deps.sites.find(reference))?.id;
}

/** For what belongs to no one site, or a left-out site (the default one, or all): every site. */
function requireEverywhere(access: SiteAccess, needed: UserRole, locator: SiteLocator): void {
  if (typeof locator !== 'string' && isConfined(access)) {
    throw new ProblemError(
      'site_required',
      `Name the ${locator.of} (${locator.key}): you may use only some sites.`,
    );
  }
  if (!roleAtLeast(access.everywhere, needed)) {
    throw new ProblemError('forbidden', `This needs the ${needed} role on every site.`);
  }
}

/**
 * `preHandler` of the management API, after `authenticate` and the schema: checks the
 * principal's role on the site the route acts on (its `config.site`). A confined principal (a
 * user with chosen sites only, a token limited to some sites) gets 404 for any site or link
 * beyond them, the same as for one that does not exist; a principal with every site keeps the
 * route's own answers for unknown ones.
 */
export function siteGuard(deps: SiteGuardDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const { site: locator = 'installation', access: needed = 'owner' } = request.routeOptions.config;
    const { access } = principalOf(request);
    if (locator === 'none' || locator === 'listed') return;
    const reference = locator === 'installation' ? undefined : readReference(request, locator);
    if (locator === 'installation' || reference === undefined) {
      requireEverywhere(access, needed, locator);
      return;
    }
    const siteId = await siteIdOf(deps, locator.of, reference);
    const role = siteId === undefined ? undefined : roleOnSite(access, siteId);
    if (role === undefined) {
      if (isConfined(access)) throw unknown(locator.of, reference);
      return; // no such site or link: the route answers as it always did
    }
    if (!roleAtLeast(role, needed)) {
      throw new ProblemError('forbidden', `This needs the ${needed} role on this site; you are ${role}.`);
    }
  };
}
