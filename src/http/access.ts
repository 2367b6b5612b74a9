import type { FastifyRequest } from 'fastify';
import type { Session, User, UserRole } from '../store/store.js';
import { ProblemError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The least role an authenticated route needs: `viewer` reads, `editor` also writes links,
     * sites and public links, `owner` may do anything. Every route behind `authenticate` declares
     * one (app.ts checks it at start-up); a route without one would need `owner`.
     */
    access?: UserRole;
    /** A POST that only reads (the stats query): no CSRF token needed with a session. */
    readOnly?: boolean;
  }
}

/** Who is making an authenticated request: an API token (acts as an owner) or a signed-in user. */
export type Principal =
  | { kind: 'token'; role: 'owner'; tokenId: string; tokenName: string }
  | { kind: 'session'; role: UserRole; user: User; session: Session };

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
