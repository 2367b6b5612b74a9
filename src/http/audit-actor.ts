import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../privacy/audit-log.js';
import { principalOf } from './access.js';

/**
 * The audit log's actor for an authenticated request: the signed-in user (labelled by email) or
 * the API token (labelled by its name, never its secret). Only for routes behind `authenticate`.
 */
export function actorOf(request: FastifyRequest): AuditActor {
  const principal = principalOf(request);
  if (principal.kind === 'session') {
    return { kind: 'user', id: principal.user.id, label: principal.user.email };
  }
  return { kind: 'token', id: principal.tokenId, label: principal.tokenName };
}
