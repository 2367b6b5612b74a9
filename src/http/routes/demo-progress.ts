import type { FastifyInstance } from 'fastify';
import type { DemoProgress } from '../../seed/demo-status.js';
import type { Services } from '../../services.js';
import { DEMO_DOMAIN } from '../../sites/demo-domain.js';
import { SITE_PARAM } from '../access.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

const progressSchema = {
  type: 'object',
  required: ['state', 'stored', 'total', 'startedAt', 'finishedAt'],
  properties: {
    state: {
      type: 'string',
      enum: ['idle', 'seeding', 'done', 'stopped', 'failed'],
      description:
        'idle: this process is not seeding this site (not the demo, or seeded before a restart); seeding: events are being written',
    },
    stored: { type: 'integer', description: 'Events written so far' },
    total: { type: 'integer', description: 'Events planned' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const IDLE: DemoProgress = { state: 'idle', stored: 0, total: 0, startedAt: null, finishedAt: null };

/**
 * `GET /api/sites/:id/demo-progress`: how far the background seeding of a fresh install's demo site
 * has got (issue 16: the dashboard shows it rather than "No data yet"). Any other site is `idle`.
 */
export function registerDemoProgressRoutes(api: FastifyInstance, services: Services): void {
  api.get<{ Params: { id: string } }>(
    '/api/sites/:id/demo-progress',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_PARAM },
      schema: {
        tags: ['sites'],
        summary: "Progress of the demo site's background seeding on a fresh install",
        params: idParams,
        response: { 200: progressSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await services.sites.find(request.params.id);
      if (!site) throw new ProblemError('site_not_found', `There is no site "${request.params.id}".`);
      return site.domain === DEMO_DOMAIN ? services.demo.snapshot() : IDLE;
    },
  );
}
