import type { FastifyInstance } from 'fastify';
import { privacyStatus } from '../../privacy/privacy-status.js';
import type { Services } from '../../services.js';
import { SITE_PARAM } from '../access.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

const statusSchema = {
  type: 'object',
  required: [
    'siteId',
    'domain',
    'privacyMode',
    'respectDnt',
    'retentionMonths',
    'saltHours',
    'retention',
    'auditRetentionMonths',
  ],
  properties: {
    siteId: { type: 'string' },
    domain: { type: 'string' },
    privacyMode: { type: 'string', enum: ['anonymous', 'consented', 'strict'] },
    respectDnt: { type: 'boolean' },
    retentionMonths: { type: 'integer' },
    saltHours: { type: 'integer', description: 'Daily salts are deleted once this old' },
    retention: {
      type: ['object', 'null'],
      description: "The retention job's last run on the site; null before its first",
      properties: {
        lastRunAt: { type: 'string' },
        cutoffDay: { type: 'string', description: 'Raw data of days before this one was deleted' },
        deleted: { type: 'integer', description: 'Raw events that run deleted' },
      },
    },
    auditRetentionMonths: { type: 'integer', description: 'Months the audit log is kept' },
  },
} as const;

/** `GET /api/sites/:id/privacy/status`: the site's privacy settings and its last retention run. */
export function registerPrivacyStatusRoutes(api: FastifyInstance, services: Services): void {
  api.get<{ Params: { id: string } }>(
    '/api/sites/:id/privacy/status',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_PARAM },
      schema: {
        tags: ['privacy'],
        summary: "A site's privacy mode, DNT, retention, and the retention job's last run",
        params: idParams,
        response: { 200: statusSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await services.sites.find(request.params.id);
      if (!site) throw new ProblemError('site_not_found', `There is no site "${request.params.id}".`);
      return privacyStatus(services.store, site, services.config.auditRetentionMonths);
    },
  );
}
