import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import type { CustomEventsReport } from '../../stats/custom-events-report.js';
import type { DarkSocialReport } from '../../stats/dark-social-report.js';
import { DATE_PRESETS } from '../../stats/query-model.js';
import { CASCADE_MAX_TREES, CASCADE_TREE_LIMIT, type ShareCascades } from '../../stats/share-cascades.js';
import { statsToCsv } from '../../stats/stats-csv.js';
import { readStatsQuery } from '../../stats/stats-query-schema.js';
import { SITE_BODY, SITE_QUERY } from '../access.js';

/** `Accept: text/csv` (and only an explicit ask) gets CSV; everything else JSON. */
function wantsCsv(accept: string | undefined): boolean {
  return /\btext\/csv\b/i.test(accept ?? '');
}

/** A file name a browser saves the CSV under: the site and the range, nothing a header could choke on. */
function csvFileName(site: string, from: string, to: string): string {
  return `${site.replace(/[^a-z0-9.-]/gi, '_')}_${from}_${to}.csv`;
}

/** The query string of the dark-social report; `site` is left out where the route fixes it. */
export type DarkSocialQuerystring = {
  site: string;
  date_range?: (typeof DATE_PRESETS)[number];
  from?: string;
  to?: string;
};

const dateRangeProperties = {
  date_range: { type: 'string', enum: [...DATE_PRESETS], default: '30d' },
  from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
} as const;

export const darkSocialQuerySchema = {
  type: 'object',
  required: ['site'],
  additionalProperties: false,
  properties: {
    site: { type: 'string', minLength: 1, maxLength: 300, description: 'Domain or id' },
    ...dateRangeProperties,
  },
} as const;

/** The same, for a route that fixes the site itself: a `site` sent anyway is ignored. */
export const fixedSiteDarkSocialQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site: { type: 'string', maxLength: 300, description: 'Ignored: the route fixes the site' },
    ...dateRangeProperties,
  },
} as const;

/** The query string of the share cascades: the dark-social report's, a page and a number of trees. */
export type CascadesQuerystring = DarkSocialQuerystring & { page?: string; limit?: number };

const cascadeProperties = {
  page: {
    type: 'string',
    maxLength: 300,
    description: 'Only trees whose first page view’s path contains this (case-insensitive)',
  },
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: CASCADE_MAX_TREES,
    default: CASCADE_TREE_LIMIT,
    description: 'Trees in the answer, the largest first',
  },
} as const;

export const cascadesQuerySchema = {
  ...darkSocialQuerySchema,
  properties: { ...darkSocialQuerySchema.properties, ...cascadeProperties },
} as const;

/** The same, for a route that fixes the site itself. */
export const fixedSiteCascadesQuerySchema = {
  ...fixedSiteDarkSocialQuerySchema,
  properties: { ...fixedSiteDarkSocialQuerySchema.properties, ...cascadeProperties },
} as const;

/** The query string of the custom-events report: the dark-social report's and an event name. */
export type CustomEventsQuerystring = DarkSocialQuerystring & { event?: string };

export const customEventsQuerySchema = {
  ...darkSocialQuerySchema,
  properties: {
    ...darkSocialQuerySchema.properties,
    event: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'An event name: the answer adds its properties’ values with counts',
    },
  },
} as const;

/** Answers a stats question's body: JSON, or CSV when the client asks for it. */
export async function answerStatsQuery(
  services: Pick<Services, 'stats'>,
  body: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const result = await services.stats.query(readStatsQuery(body));
  if (!wantsCsv(request.headers.accept)) return result;
  const { from, to } = result.meta.date_range;
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csvFileName(result.query.site, from, to)}"`)
    .send(statsToCsv(result));
}

/** The query string's date range, checked as the stats query checks it (problem details if wrong). */
export function readDateRange(site: string, query: Omit<DarkSocialQuerystring, 'site'>) {
  const { date_range: preset = '30d', from, to } = query;
  return readStatsQuery({
    site,
    metrics: ['visits'],
    date_range: from && to ? [from, to] : preset,
  }).date_range;
}

/** The dark-social report of `site` for the query string's date range. */
export function answerDarkSocial(
  services: Pick<Services, 'stats'>,
  site: string,
  query: Omit<DarkSocialQuerystring, 'site'>,
): Promise<DarkSocialReport> {
  return services.stats.darkSocial(site, readDateRange(site, query));
}

/** The share cascades of `site` for the query string's date range, page and number of trees. */
export function answerCascades(
  services: Pick<Services, 'stats'>,
  site: string,
  query: Omit<CascadesQuerystring, 'site'>,
): Promise<ShareCascades> {
  const page = query.page?.trim();
  return services.stats.cascades(site, readDateRange(site, query), {
    ...(page ? { page } : {}),
    limit: query.limit ?? CASCADE_TREE_LIMIT,
  });
}

/** The custom-events report of `site` for the query string's date range (and one event's properties). */
export function answerCustomEvents(
  services: Pick<Services, 'stats'>,
  site: string,
  query: Omit<CustomEventsQuerystring, 'site'>,
): Promise<CustomEventsReport> {
  return services.stats.customEvents(site, readDateRange(site, query), {
    ...(query.event ? { event: query.event } : {}),
  });
}

/**
 * `POST /api/stats/query` (issue #5): one question in the Plausible v2 shape, answered from the
 * rollups; `GET /api/stats/dark-social`: the dark-social report; `GET /api/stats/cascades`: share
 * cascades as anonymous trees (consented sites), from raw page views. The body is validated by the
 * stats query's own JSON Schema 2020-12 (draft-07 Ajv inside Fastify cannot read `prefixItems`),
 * which the route schema references so the OpenAPI document shows it.
 */
export function registerStatsRoutes(api: FastifyInstance, services: Services): void {
  api.post(
    '/api/stats/query',
    {
      // Asking a question changes nothing: a viewer may, and no CSRF token is needed.
      config: { access: 'viewer', scope: 'stats:read', site: SITE_BODY, readOnly: true },
      validatorCompiler: () => (value) => ({ value }),
      schema: {
        summary: 'Ask a stats question',
        description:
          'Metrics × dimensions × filters over a date range in the site’s time zone, optionally compared with the previous period. `Accept: text/csv` answers CSV.',
        body: { $ref: 'StatsQuery#' },
      },
    },
    async (request, reply) => answerStatsQuery(services, request.body, request, reply),
  );

  api.get<{ Querystring: DarkSocialQuerystring }>(
    '/api/stats/dark-social',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        summary: 'The dark-social report',
        description:
          'The dark social index by confidence, what GA4 would call Direct, top pages by dark visits, the share funnel per link of each kit (its previews beside its own clicks, and the apps that drew the previews), and share generations. On a strict site every count is rounded to the nearest 10 (`roundedTo`); ratios are not.',
        querystring: darkSocialQuerySchema,
      },
    },
    async (request) => answerDarkSocial(services, request.query.site, request.query),
  );
  api.get<{ Querystring: CascadesQuerystring }>(
    '/api/stats/cascades',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        summary: 'Share cascades as anonymous trees',
        description:
          'In `consented` mode, page views linked by the share token they arrived with, drawn as trees (the largest first, at most 500 views each), from the raw page views of the range. Nodes are numbered per answer: no stored id is shown. Other modes answer `{mode, reason, trees: []}`.',
        querystring: cascadesQuerySchema,
      },
    },
    async (request) => answerCascades(services, request.query.site, request.query),
  );
  api.get<{ Querystring: CustomEventsQuerystring }>(
    '/api/stats/events',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        summary: 'Custom events and their properties',
        description:
          "Custom events (`penumbra('event', name, props)`) by name with their counts and visitors, and with `event` that event’s property values with counts, read from the raw events of the range (the rollups keep no event names). No visitor hash or id is shown; on a strict site every count is rounded to the nearest 10 (`roundedTo`) and what rounds to 0 is left out.",
        querystring: customEventsQuerySchema,
      },
    },
    async (request) => answerCustomEvents(services, request.query.site, request.query),
  );
}
