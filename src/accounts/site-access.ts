import type { ApiToken, SiteRole, User, UserRole } from '../store/store.js';
import { higherRole } from './roles.js';

/**
 * Which sites a principal (a user or an API token) may reach, and with which role (issue 13,
 * finding 15; docs/access.md). `everywhere` is the role on every site and on what belongs to
 * no one site (users, tokens, the whole audit log); a principal without it is *confined* to the
 * sites of `sites` and may not see the others exist.
 */
export interface SiteAccess {
  everywhere: UserRole | undefined;
  /** Roles on chosen sites, by site id: they raise `everywhere`, or are all a confined principal has. */
  sites: ReadonlyMap<string, UserRole>;
}

/** The role on one site, or `undefined` when the site is out of reach. */
export function roleOnSite(access: SiteAccess, siteId: string): UserRole | undefined {
  return higherRole(access.everywhere, access.sites.get(siteId));
}

/** The highest role anywhere: whether a route could be allowed at all, before its site is known. */
export function highestRole(access: SiteAccess): UserRole | undefined {
  let highest = access.everywhere;
  for (const role of access.sites.values()) highest = higherRole(highest, role);
  return highest;
}

export function isConfined(access: SiteAccess): boolean {
  return access.everywhere === undefined;
}

/** A user's access: their role everywhere unless confined, raised or replaced by their site roles. */
export function userAccess(user: User, siteRoles: readonly SiteRole[]): SiteAccess {
  return {
    everywhere: user.allSites ? user.role : undefined,
    sites: new Map(siteRoles.map(({ siteId, role }) => [siteId, role])),
  };
}

/**
 * A token acts as an owner, narrowed by its scopes (the route's `scope`) rather than by a role,
 * on every site or only on its `siteIds`.
 */
export function tokenAccess(token: ApiToken): SiteAccess {
  if (token.siteIds === null) return { everywhere: 'owner', sites: new Map() };
  return { everywhere: undefined, sites: new Map(token.siteIds.map((siteId) => [siteId, 'owner'])) };
}
