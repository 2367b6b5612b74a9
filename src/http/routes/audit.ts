import type { FastifyInstance } from 'fastify';
import { AUDIT_ACTIONS } from '../../privacy/audit-log.js';
import type { Services } from '../../services.js';
import { SITE_QUERY } from '../access.js';
import { problemResponses } from '../schemas.js';

const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site: { type: 'string', maxLength: 300, description: 'Site id or domain' },
    action: { type: 'string', enum: AUDIT_ACTIONS },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    occurredAt: { type: 'string' },
    actor: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['user', 'token', 'cli'] },
        id: { type: ['string', 'null'] },
        label: { type: 'string' },
      },
    },
    action: { type: 'string' },
    siteId: { type: ['string', 'null'] },
    target: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

type AuditQuerystring = { site?: string; action?: string; limit: number; offset: number };

/**
 * `GET /api/audit`: the audit log of administrative actions, newest first (owners only: it names
 * who did what). A deleted site's entries are still found by its id.
 */
export function registerAuditRoutes(api: FastifyInstance, services: Services): void {
  api.get<{ Querystring: AuditQuerystring }>(
    '/api/audit',
    {
      config: { access: 'owner', scope: 'admin', site: SITE_QUERY },
      schema: {
        tags: ['privacy'],
        summary: 'The audit log of administrative actions, newest first',
        querystring: auditQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: entrySchema },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { site, action, limit, offset } = request.query;
      const siteId = site === undefined ? undefined : ((await services.sites.find(site))?.id ?? site);
      const { items, total } = await services.store.listAuditEntries({
        ...(siteId === undefined ? {} : { siteId }),
        ...(action === undefined ? {} : { action }),
        limit,
        offset,
      });
      const entries = items.map(({ actorKind, actorId, actorLabel, ...entry }) => ({
        ...entry,
        actor: { kind: actorKind, id: actorId, label: actorLabel },
      }));
      return { items: entries, total, limit, offset };
    },
  );
}
