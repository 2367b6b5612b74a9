import type { Role, User } from './types';

const ORDER: readonly Role[] = ['viewer', 'editor', 'owner'];

/**
 * The user's role on one site, as the server decides it (src/accounts/site-access.ts,
 * docs/access.md): the installation-wide role unless confined, raised by a role on that site.
 * Without a site: the installation-wide role only (adding a site needs it).
 */
export function roleOn(user: User, siteId: string | undefined): Role | undefined {
  const everywhere = user.allSites === false ? undefined : user.role;
  const onSite =
    siteId === undefined ? undefined : user.sites?.find((grant) => grant.siteId === siteId)?.role;
  if (everywhere === undefined) return onSite;
  if (onSite === undefined) return everywhere;
  return ORDER.indexOf(everywhere) >= ORDER.indexOf(onSite) ? everywhere : onSite;
}

/** Whether the user may change links and settings of a site (editor or owner there). */
export function canEditOn(user: User, siteId: string | undefined): boolean {
  const role = roleOn(user, siteId);
  return role === 'editor' || role === 'owner';
}
