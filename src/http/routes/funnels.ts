import type { FastifyInstance } from 'fastify';
import type { FunnelInput } from '../../funnels/funnel-view.js';
import type { Services } from '../../services.js';
import { DATE_PRESETS, type DateRangeInput } from '../../stats/query-model.js';
import { readStatsQuery } from '../../stats/stats-query-schema.js';
import { FUNNEL_MAX_STEPS, FUNNEL_MIN_STEPS } from '../../store/funnel-store.js';
import { SITE_BODY, SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, itemParams, problemResponses } from '../schemas.js';
import { siteOf } from '../site-of.js';
import { type DarkSocialQuerystring, fixedSiteDarkSocialQuerySchema, readDateRange } from './stats.js';

const tags = ['funnels'];

const stepsSchema = {
  type: 'array',
  minItems: FUNNEL_MIN_STEPS,
  maxItems: FUNNEL_MAX_STEPS,
  description: 'Goal ids in order: each a page or event goal of the site',
  items: { type: 'string', minLength: 1, maxLength: 100 },
} as const;

const funnelSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    name: { type: 'string' },
    steps: { type: 'array', items: { type: 'string' } },
    missingSteps: {
      type: 'array',
      items: { type: 'integer' },
      description:
        '0-based steps whose goal was deleted since: the funnel cannot be counted until they are replaced',
    },
    createdAt: { type: 'string' },
  },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;
const resultSchema = {
  type: 'object',
  properties: {
    funnel: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
    range: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          step: { type: 'integer' },
          goalId: { type: 'string' },
          name: { type: 'string' },
          kind: { type: 'string' },
          visitors: { type: 'integer' },
          dropOff: {
            type: ['object', 'null'],
            description: 'Lost since the previous step (null for the first)',
            properties: { visitors: { type: 'integer' }, rate: nullableNumber },
          },
          conversionRate: { ...nullableNumber, description: "This step's visitors ÷ the first step's" },
        },
      },
    },
    byChannel: {
      type: 'array',
      description: 'Visitors per step by channel, dark social split by app where known',
      items: {
        type: 'object',
        properties: {
          channel: { type: 'string' },
          source: { type: 'string' },
          visitors: { type: 'array', items: { type: 'integer' } },
          conversionRate: nullableNumber,
        },
      },
    },
    roundedTo: { type: 'integer' },
  },
} as const;

const dateRangeBody = {
  description: "A preset ending today in the site's time zone, or two inclusive days `[from, to]`",
  anyOf: [
    { type: 'string', enum: [...DATE_PRESETS] },
    {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    },
  ],
} as const;

type SiteParams = { Params: { id: string } };
type ItemParams = { Params: { id: string; item: string } };

/**
 * `/api/sites/:id/funnels` (issue 14, docs/funnels.md): a site's saved funnels, read by anyone
 * who may read its stats and edited by its editors and owners, each with its result over a date
 * range; and `POST /api/stats/funnel`, the result of steps not saved (the dashboard's preview).
 */
export function registerFunnelRoutes(api: FastifyInstance, services: Services): void {
  const read = { access: 'viewer', scope: 'stats:read', site: SITE_PARAM } as const;
  const write = { access: 'editor', scope: 'admin', site: SITE_PARAM } as const;
  const { funnels } = services;
  const notFound = () => new ProblemError('not_found', 'There is no such funnel on this site.');

  api.get<SiteParams>(
    '/api/sites/:id/funnels',
    {
      config: read,
      schema: {
        tags,
        summary: "The site's saved funnels",
        params: idParams,
        response: {
          200: { type: 'object', properties: { funnels: { type: 'array', items: funnelSchema } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({ funnels: await funnels.list((await siteOf(services, request.params.id)).id) }),
  );

  api.post<SiteParams & { Body: FunnelInput }>(
    '/api/sites/:id/funnels',
    {
      config: write,
      schema: {
        tags,
        summary: 'Save a funnel: a name and 2–8 page or event goals in order',
        params: idParams,
        body: {
          type: 'object',
          required: ['name', 'steps'],
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, steps: stepsSchema },
        },
        response: { 201: funnelSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = await siteOf(services, request.params.id);
      const funnel = await funnels.create(site, request.body);
      await services.audit.record({
        actor: actorOf(request),
        action: 'funnel.create',
        siteId: site.id,
        target: funnel.id,
        details: { name: funnel.name, steps: funnel.steps.length },
      });
      return reply.code(201).send(funnel);
    },
  );

  api.patch<ItemParams & { Body: Partial<FunnelInput> }>(
    '/api/sites/:id/funnels/:item',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rename a funnel, or replace its steps',
        params: itemParams,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, steps: stepsSchema },
        },
        response: { 200: funnelSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await siteOf(services, request.params.id);
      const funnel = await funnels.update(site, request.params.item, request.body);
      if (!funnel) throw notFound();
      await services.audit.record({
        actor: actorOf(request),
        action: 'funnel.update',
        siteId: site.id,
        target: funnel.id,
        details: {
          ...(request.body.name === undefined ? {} : { name: funnel.name }),
          ...(request.body.steps === undefined ? {} : { steps: funnel.steps.length }),
        },
      });
      return funnel;
    },
  );

  api.delete<ItemParams>(
    '/api/sites/:id/funnels/:item',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a saved funnel (its goals stay)',
        params: itemParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = await siteOf(services, request.params.id);
      if (!(await funnels.remove(site.id, request.params.item))) throw notFound();
      await services.audit.record({
        actor: actorOf(request),
        action: 'funnel.delete',
        siteId: site.id,
        target: request.params.item,
        details: {},
      });
      return reply.code(204).send();
    },
  );

  api.get<ItemParams & { Querystring: Omit<DarkSocialQuerystring, 'site'> }>(
    '/api/sites/:id/funnels/:item/result',
    {
      config: read,
      schema: {
        tags,
        summary: "A saved funnel's visitors per step, by channel, with the drop-off between steps",
        description:
          'Steps count visitors who reached them in order on the same local day of the site (docs/funnels.md). A funnel whose goal was deleted answers 409 `funnel_goal_missing` naming the steps. On a strict site every count is rounded to the nearest 10 (`roundedTo`) and rates are made of the rounded counts.',
        params: itemParams,
        querystring: fixedSiteDarkSocialQuerySchema,
        response: { 200: resultSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await siteOf(services, request.params.id);
      const funnel = await funnels.get(site.id, request.params.item);
      if (!funnel) throw notFound();
      return funnels.result(site, { funnel }, readDateRange(site.id, request.query));
    },
  );

  api.post<{ Body: { site: string; steps: string[]; date_range?: DateRangeInput } }>(
    '/api/stats/funnel',
    {
      // Asking changes nothing: a viewer may, and no CSRF token is needed (as the stats query).
      config: { access: 'viewer', scope: 'stats:read', site: SITE_BODY, readOnly: true },
      schema: {
        tags,
        summary: 'The result of funnel steps not saved (a preview)',
        description:
          'The same answer as a saved funnel’s result, for goal ids given in order. `date_range` defaults to `30d`.',
        body: {
          type: 'object',
          required: ['site', 'steps'],
          additionalProperties: false,
          properties: {
            site: { type: 'string', minLength: 1, maxLength: 300, description: 'Domain or id' },
            steps: stepsSchema,
            date_range: dateRangeBody,
          },
        },
        response: { 200: resultSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await services.stats.site(request.body.site);
      const range = readStatsQuery({
        site: site.id,
        metrics: ['visits'],
        date_range: request.body.date_range ?? '30d',
      }).date_range;
      return funnels.result(site, { steps: request.body.steps }, range);
    },
  );
}
