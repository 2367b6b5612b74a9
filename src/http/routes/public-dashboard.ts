import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import type { Site } from '../../store/store.js';
import { ProblemError } from '../errors.js';
import {
  answerCascades,
  answerDarkSocial,
  answerStatsQuery,
  type CascadesQuerystring,
  type DarkSocialQuerystring,
  fixedSiteCascadesQuerySchema,
  fixedSiteDarkSocialQuerySchema,
} from './stats.js';

const tags = ['public dashboard'];
type TokenParams = { Params: { token: string } };
const tokenParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 100 } },
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `/api/public/:token/…`: the read API of a public dashboard link, with no other authentication.
 * It answers exactly like `/api/stats/query`, `/api/stats/dark-social` and `/api/stats/cascades`, but only for the
 * link's site: a `site` in the question is overridden. An unknown or revoked token is a 404.
 */
export function registerPublicDashboardRoutes(app: FastifyInstance, services: Services): void {
  const siteOf = async (token: string): Promise<Site> => {
    const site = await services.publicLinks.resolve(token);
    if (!site) throw new ProblemError('not_found', 'This link does not exist or was revoked.');
    return site;
  };

  app.get<TokenParams>(
    '/api/public/:token',
    {
      schema: {
        tags,
        summary: 'The site a public link shows',
        security: [],
        params: tokenParams,
        response: {
          200: {
            type: 'object',
            properties: {
              site: {
                type: 'object',
                properties: {
                  domain: { type: 'string' },
                  name: { type: 'string' },
                  timezone: { type: 'string' },
                },
              },
            },
          },
          404: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => {
      const { domain, name, timezone } = await siteOf(request.params.token);
      return { site: { domain, name, timezone } };
    },
  );

  app.post<TokenParams>(
    '/api/public/:token/stats/query',
    {
      // As /api/stats/query: the stats query's own JSON Schema validates the body (stats.ts).
      validatorCompiler: () => (value) => ({ value }),
      schema: {
        tags,
        summary: "Ask a stats question about the link's site",
        description: 'As `POST /api/stats/query`; `site` may be left out and is overridden anyway.',
        security: [],
        params: tokenParams,
      },
    },
    async (request, reply) => {
      const site = await siteOf(request.params.token);
      const body = isObject(request.body) ? { ...request.body, site: site.domain } : request.body;
      return answerStatsQuery(services, body, request, reply);
    },
  );

  app.get<TokenParams & { Querystring: Omit<DarkSocialQuerystring, 'site'> }>(
    '/api/public/:token/stats/dark-social',
    {
      schema: {
        tags,
        summary: "The dark-social report of the link's site",
        description: 'As `GET /api/stats/dark-social`; a `site` parameter is ignored.',
        security: [],
        params: tokenParams,
        querystring: fixedSiteDarkSocialQuerySchema,
      },
    },
    async (request) => {
      const site = await siteOf(request.params.token);
      return answerDarkSocial(services, site.domain, request.query);
    },
  );
  app.get<TokenParams & { Querystring: Omit<CascadesQuerystring, 'site'> }>(
    '/api/public/:token/stats/cascades',
    {
      schema: {
        tags,
        summary: "The share cascades of the link's site",
        description: 'As `GET /api/stats/cascades`; a `site` parameter is ignored.',
        security: [],
        params: tokenParams,
        querystring: fixedSiteCascadesQuerySchema,
      },
    },
    async (request) => {
      const site = await siteOf(request.params.token);
      return answerCascades(services, site.domain, request.query);
    },
  );
}
