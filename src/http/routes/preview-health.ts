import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { previewHealth } from '../../stats/preview-health.js';
import { SITE_QUERY } from '../access.js';
import { ProblemError } from '../errors.js';
import { problemResponses } from '../schemas.js';

const failure = {
  type: 'object',
  properties: { status: { type: 'integer' }, fetches: { type: 'integer' }, pages: { type: 'integer' } },
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    siteId: { type: 'string' },
    days: { type: 'integer' },
    since: { type: 'string' },
    roundedTo: { type: 'integer', description: 'Strict mode: every count rounded to this' },
    apps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          source: { type: 'string' },
          shares: { type: 'integer' },
          shortLinkShares: { type: 'integer' },
          loggedFetches: { type: 'integer' },
          lastFetchedAt: { type: 'string' },
          lastStatus: { type: 'integer' },
          failures: { type: 'array', items: failure },
          failing: { type: 'boolean' },
        },
      },
    },
  },
} as const;

/** `GET /api/previews/health?site=DOMAIN&days=7`: each app's real preview fetches (issue 15). */
export function registerPreviewHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { site: string; days: number } }>(
    '/api/previews/health',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        tags: ['previews'],
        summary:
          'Preview health: per app, its last fetch, the status it got, its shares, and whether it fails',
        description:
          "From the preview fetches Penumbra records: short links' (answered 200) and imported access logs' (with the site's status). An app is failing when its newest fetch got 400 or more, or a fifth of its logged fetches did (judged on the exact counts). On a strict site every count is rounded to the nearest 10 (`roundedTo`).",
        querystring: {
          type: 'object',
          required: ['site'],
          additionalProperties: false,
          properties: {
            site: { type: 'string', minLength: 1, maxLength: 300, description: 'Domain or id' },
            days: { type: 'integer', minimum: 1, maximum: 400, default: 7 },
          },
        },
        response: { 200: reportSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await services.sites.find(request.query.site);
      if (!site) throw new ProblemError('site_not_found', `There is no site "${request.query.site}".`);
      return previewHealth(services.store, site, request.query.days);
    },
  );
}
