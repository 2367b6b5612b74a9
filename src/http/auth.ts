import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyApiToken } from '../auth/api-tokens.js';
import type { Store } from '../store/store.js';
import { ProblemError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * `Authorization: Bearer <token>` (RFC 6750) for the management API. Tokens come from
 * `penumbra token create`; only their SHA-256 is stored.
 */
export function requireApiToken(store: Store) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const secret = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const token = secret ? await verifyApiToken(store, secret) : undefined;
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="penumbra"');
      throw new ProblemError(
        'unauthorized',
        'Send "Authorization: Bearer <token>"; create one with "penumbra token create".',
      );
    }
  };
}
