import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { WEBHOOK_EVENT_TYPES } from '../../store/outbox-store.js';
import type { Site } from '../../store/store.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, itemParams, problemResponses } from '../schemas.js';
import { siteOf } from '../site-of.js';

const tags = ['webhooks'];

const nullableString = { type: ['string', 'null'] } as const;
export const endpointSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
    createdAt: { type: 'string' },
    failingSince: {
      ...nullableString,
      description: 'When deliveries last ran out of retries; null once one lands',
    },
    failing: { type: 'boolean' },
  },
} as const;

const deliveryProperties = {
  id: { type: 'string' },
  siteId: { type: 'string' },
  channel: { type: 'string', enum: ['webhook', 'slack', 'email'] },
  targetId: { type: 'string' },
  eventType: { type: 'string' },
  dedupeKey: nullableString,
  status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
  attempts: { type: 'integer' },
  nextAttemptAt: { type: 'integer', description: 'ms since the epoch' },
  giveUpAt: { type: 'integer', description: 'ms since the epoch' },
  lastStatusCode: { type: ['integer', 'null'] },
  lastError: nullableString,
  createdAt: { type: 'string' },
  deliveredAt: nullableString,
} as const;
const deliverySchema = { type: 'object', properties: deliveryProperties } as const;

type SiteParams = { Params: { id: string } };
type ItemParams = { Params: { id: string; item: string } };

/**
 * `/api/sites/:id/webhooks` and `/api/sites/:id/deliveries` (issue 14, docs/webhooks.md): a site's
 * signed webhook endpoints, and the log of everything its outbox sent (webhooks, Slack, e-mail)
 * with each attempt, and replays. Owners only, like the site's other delivery settings: an
 * endpoint receives the site's figures.
 */
export function registerWebhookRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'owner', scope: 'admin', site: SITE_PARAM } as const;
  const { webhooks } = services.delivery;
  const site = (reference: string): Promise<Site> => siteOf(services, reference);

  api.get<SiteParams>(
    '/api/sites/:id/webhooks',
    {
      config,
      schema: {
        tags,
        summary: "List the site's webhook endpoints (never their secrets)",
        params: idParams,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: endpointSchema } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({ items: await webhooks.list((await site(request.params.id)).id) }),
  );

  api.post<SiteParams & { Body: { url: string; events?: string[]; description?: string } }>(
    '/api/sites/:id/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Add a webhook endpoint; its signing secret is in the answer, once',
        params: idParams,
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', maxLength: 2048 },
            events: {
              type: 'array',
              maxItems: WEBHOOK_EVENT_TYPES.length,
              items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
              description: 'Every event type when left out',
            },
            description: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              endpoint: endpointSchema,
              secret: { type: 'string', description: 'Shown once: keep it to verify Penumbra-Signature' },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      const created = await webhooks.create(target, request.body);
      await services.audit.record({
        actor: actorOf(request),
        action: 'webhook.create',
        siteId: target.id,
        target: created.endpoint.id,
        details: { host: new URL(created.endpoint.url).host, events: created.endpoint.events },
      });
      return reply.code(201).send(created);
    },
  );

  api.delete<ItemParams>(
    '/api/sites/:id/webhooks/:item',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a webhook endpoint',
        params: itemParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      if (!(await webhooks.remove(target.id, request.params.item))) {
        throw new ProblemError('not_found', 'The site has no such webhook endpoint.');
      }
      await services.audit.record({
        actor: actorOf(request),
        action: 'webhook.delete',
        siteId: target.id,
        target: request.params.item,
        details: {},
      });
      return reply.code(204).send();
    },
  );

  api.post<ItemParams>(
    '/api/sites/:id/webhooks/:item/test',
    {
      config,
      schema: {
        tags,
        summary: 'Queue a signed `test` delivery to the endpoint',
        params: itemParams,
        response: { 202: deliverySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const delivery = await webhooks.ping(await site(request.params.id), request.params.item);
      if (!delivery) throw new ProblemError('not_found', 'The site has no such webhook endpoint.');
      return reply.code(202).send(delivery);
    },
  );

  api.get<SiteParams & { Querystring: { limit?: number; offset?: number; target?: string } }>(
    '/api/sites/:id/deliveries',
    {
      config,
      schema: {
        tags,
        summary: "The site's delivery log (webhooks, Slack and e-mail), newest first",
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            target: { type: 'string', maxLength: 100, description: 'One endpoint or recipient id' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: deliverySchema }, total: { type: 'integer' } },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { limit = 50, offset = 0, target } = request.query;
      return webhooks.deliveries((await site(request.params.id)).id, {
        limit,
        offset,
        ...(target ? { targetId: target } : {}),
      });
    },
  );

  api.get<ItemParams>(
    '/api/sites/:id/deliveries/:item',
    {
      config,
      schema: {
        tags,
        summary: 'One delivery: what was sent, and each attempt',
        params: itemParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...deliveryProperties,
              payload: { type: 'string' },
              log: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    attempt: { type: 'integer' },
                    at: { type: 'string' },
                    statusCode: { type: ['integer', 'null'] },
                    error: nullableString,
                    durationMs: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const delivery = await webhooks.delivery((await site(request.params.id)).id, request.params.item);
      if (!delivery) throw new ProblemError('not_found', 'The site has no such delivery.');
      return delivery;
    },
  );

  api.post<ItemParams>(
    '/api/sites/:id/deliveries/:item/replay',
    {
      config,
      schema: {
        tags,
        summary: 'Send a delivery again, now, with a fresh 24 h of retries',
        params: itemParams,
        response: { 202: deliverySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const delivery = await webhooks.replay((await site(request.params.id)).id, request.params.item);
      if (!delivery) throw new ProblemError('not_found', 'The site has no such delivery.');
      return reply.code(202).send(delivery);
    },
  );
}
