import type { FastifyRequest, RouteOptions } from 'fastify';
import { roleOnSite, type SiteAccess } from '../accounts/site-access.js';
import type { ApiToken, Session, TokenScope, User, UserRole } from '../store/store.js';
import { ProblemError } from './errors.js';

/**
 * Where a route finds the one site it acts on, so that site-guard.ts can check the principal's
 * role *there*, and answer 404 to a principal confined to other sites (docs/access.md):
 * - `none`: not about sites (one's own password);
 * - `installation`: about the whole installation (users, tokens, new sites): only principals
 *   with a role on every site;
 * - `listed`: lists every site's data; the handler keeps what `canSeeSite` allows;
 * - a reference: the site (`of: 'site'`, id or domain) or a link of it (`of: 'link'`, by id) in
 *   the route's params, query string or body. Where the schema lets it be left out (the default
 *   site, or every site), a confined principal must name one (`site_required`).
 */
export type SiteLocator =
  | 'none'
  | 'installation'
  | 'listed'
  | { in: 'params' | 'query' | 'body'; key: string; of: 'site' | 'link' };

/** The common locators: `/…/sites/:id`, `/api/links/:id`, `?site=` and a body's `site`. */
export const SITE_PARAM: SiteLocator = Object.freeze({ in: 'params', key: 'id', of: 'site' });
export const LINK_PARAM: SiteLocator = Object.freeze({ in: 'params', key: 'id', of: 'link' });
export const SITE_QUERY: SiteLocator = Object.freeze({ in: 'query', key: 'site', of: 'site' });
export const SITE_BODY: SiteLocator = Object.freeze({ in: 'body', key: 'site', of: 'site' });

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The least role an authenticated route needs: `viewer` reads, `editor` also writes links,
     * sites and public links, `owner` may do anything. Every route behind `authenticate` declares
     * one (app.ts checks it at start-up); a route without one would need `owner`.
     */
    access?: UserRole;
    /** The scope an API token needs for the route (src/auth/token-scopes.ts). Declared by every route. */
    scope?: TokenScope;
    /** Where the route's site is (see SiteLocator). Declared by every route. */
    site?: SiteLocator;
    /** A POST that only reads (the stats query): no CSRF token needed with a session. */
    readOnly?: boolean;
  }
}

/** Who is making an authenticated request, and which sites they may reach. */
export type Principal =
  | {
      kind: 'token';
      role: 'owner';
      tokenId: string;
      tokenName: string;
      scopes: ApiToken['scopes'];
      access: SiteAccess;
    }
  | { kind: 'session'; role: UserRole; user: User; session: Session; access: SiteAccess };

const principals = new WeakMap<FastifyRequest, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The principal `authenticate` found; only for routes behind it. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (principal === undefined) throw new Error('principalOf: the route is not behind authenticate');
  return principal;
}

/** The signed-in user; an API token has no user of its own (403 `forbidden`). */
export function sessionOf(request: FastifyRequest): Extract<Principal, { kind: 'session' }> {
  const principal = principalOf(request);
  if (principal.kind !== 'session') {
    throw new ProblemError('forbidden', 'Only a signed-in user can do that, not an API token.');
  }
  return principal;
}

/** For `listed` routes: whether the request's principal may see this site at all. */
export function canSeeSite(request: FastifyRequest, siteId: string): boolean {
  return roleOnSite(principalOf(request).access, siteId) !== undefined;
}

/**
 * Start-up check of every management route (app.ts `onRoute`): a route that forgets to say
 * which role, token scope and site it needs does not start, so none is left open by omission.
 */
export function assertAccessDeclared(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  const config = route.config as { access?: unknown; scope?: unknown; site?: unknown } | undefined;
  for (const key of ['access', 'scope', 'site'] as const) {
    if (config?.[key] === undefined) {
      throw new Error(
        `${String(route.method)} ${route.url} declares no ${key} (config.${key}, src/http/access.ts)`,
      );
    }
  }
}
