import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../accounts/session-service.js';

/*
 * The dashboard's session cookie. It is an authentication cookie of the admin app, set only when a
 * person signs in, never on visitors of measured sites: not a tracker. Such cookies are "strictly
 * necessary" for a service the user asked for, so exempt from consent under ePrivacy Directive
 * art. 5(3) (CNIL, "Cookies et autres traceurs", deliberation 2020-091, art. 2: authentication
 * cookies are among those exempted; EDPB/WP29 Opinion 04/2012, "user-input" and "authentication"
 * cookies).
 *
 * HttpOnly (no script reads it), Secure (HTTPS only; browsers also accept it on http://localhost
 * and 127.0.0.1), SameSite=Lax (not sent with cross-site POSTs), Path=/, 30 days.
 */

export const SESSION_COOKIE = 'penumbra_session';
const ATTRIBUTES = 'HttpOnly; Secure; SameSite=Lax; Path=/';
const MAX_AGE_SECONDS = Math.round(SESSION_TTL_MS / 1000);

/** The session secret the request's cookie holds, if any. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, secret: string): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${secret}; ${ATTRIBUTES}; Max-Age=${MAX_AGE_SECONDS}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${ATTRIBUTES}; Max-Age=0`);
}
