import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast } from '../accounts/roles.js';
import { sameSecret } from '../accounts/secrets.js';
import type { SessionService, SignedIn } from '../accounts/session-service.js';
import { highestRole, tokenAccess, userAccess } from '../accounts/site-access.js';
import { verifyApiToken } from '../auth/api-tokens.js';
import { scopeAllows } from '../auth/token-scopes.js';
import type { Session, Store } from '../store/store.js';
import { type Principal, setPrincipal } from './access.js';
import { ProblemError } from './errors.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';

const BEARER = /^Bearer\s+(\S+)$/i;
/** Methods that change nothing (RFC 9110 §9.2.1): no CSRF token needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthDeps {
  store: Store;
  sessions: SessionService;
}

function unauthorized(reply: FastifyReply): ProblemError {
  reply.header('www-authenticate', 'Bearer realm="penumbra"');
  return new ProblemError(
    'unauthorized',
    'Sign in, or send "Authorization: Bearer <token>" (create one with "penumbra token create").',
  );
}

/**
 * The session a request's cookie opens, if any; a cookie that opens none is cleared, and the
 * cookie is sent again when the session's expiry slid forward.
 */
export async function readSession(
  request: FastifyRequest,
  reply: FastifyReply,
  sessions: SessionService,
): Promise<SignedIn | undefined> {
  const secret = readSessionCookie(request);
  if (secret === undefined) return undefined;
  const signedIn = await sessions.resolve(secret);
  if (signedIn === undefined) clearSessionCookie(reply);
  else if (signedIn.renewed) setSessionCookie(reply, secret);
  return signedIn;
}

/**
 * A cookie is sent by the browser whoever made the page: a request that changes something must
 * also prove it comes from our own pages, with the session's CSRF token in `X-CSRF-Token`
 * (OWASP CSRF Prevention Cheat Sheet, "synchronizer token"). SameSite=Lax already keeps the cookie
 * off cross-site POSTs; this covers the rest (same-site subdomains, older browsers).
 */
export function checkCsrf(request: FastifyRequest, session: Session): void {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
    throw new ProblemError('csrf_failed', `Send the session's CSRF token in the ${CSRF_HEADER} header.`);
  }
}

async function identify(request: FastifyRequest, reply: FastifyReply, deps: AuthDeps): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const secret = BEARER.exec(authorization)?.[1];
    const token = secret ? await verifyApiToken(deps.store, secret) : undefined;
    if (!token) throw unauthorized(reply);
    return {
      kind: 'token',
      role: 'owner',
      tokenId: token.id,
      tokenName: token.name,
      scopes: token.scopes,
      access: tokenAccess(token),
    };
  }
  const signedIn = await readSession(request, reply, deps.sessions);
  if (signedIn === undefined) throw unauthorized(reply);
  const { session, user } = signedIn;
  if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.readOnly !== true) {
    checkCsrf(request, session);
  }
  const access = userAccess(user, await deps.store.getUserSiteRoles(user.id));
  return { kind: 'session', role: user.role, user, session, access };
}

/**
 * The one authentication hook of the management API (`onRequest`). Either
 * `Authorization: Bearer <api token>` (RFC 6750; tokens from `penumbra token create` or
 * `POST /api/tokens`, only their SHA-256 stored), which acts as an owner within its scopes and
 * sites and needs no CSRF token, or the dashboard's session cookie, whose state-changing
 * requests must carry `X-CSRF-Token`. Then the route's `scope` (tokens) and `access` (access.ts)
 * are checked against the principal's highest role anywhere; site-guard.ts checks the role on
 * the route's own site once the request is parsed.
 */
export function authenticate(deps: AuthDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = await identify(request, reply, deps);
    const { access: needed = 'owner', scope = 'admin' } = request.routeOptions.config;
    if (principal.kind === 'token' && !scopeAllows(principal.scopes, scope)) {
      throw new ProblemError('forbidden', `This needs a token with the ${scope} scope.`);
    }
    const role = highestRole(principal.access);
    if (!roleAtLeast(role, needed)) {
      throw new ProblemError(
        'forbidden',
        `This needs the ${needed} role; you are ${role ?? 'without a role'}.`,
      );
    }
    setPrincipal(request, principal);
  };
}
