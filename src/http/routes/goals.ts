import type { FastifyInstance } from 'fastify';
import {
  GOAL_EVENT_MAX,
  GOAL_NAME_MAX,
  GOAL_PATH_MAX,
  GOAL_PROP_KEY_MAX,
  GOAL_PROP_VALUE_MAX,
  type GoalInput,
} from '../../goals/goal-rules.js';
import type { Services } from '../../services.js';
import { GOAL_KINDS, type Goal, SHARE_GOAL_WAYS } from '../../store/goal-store.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, itemParams, problemResponses } from '../schemas.js';
import { siteOf } from '../site-of.js';

const tags = ['goals'];
const nullableString = { type: ['string', 'null'] } as const;

export const goalSchema = {
  type: 'object',
  required: ['id', 'siteId', 'name', 'kind', 'createdAt'],
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    name: {
      type: 'string',
      description: 'Unique per site (whatever the case); the stats API finds goals by it',
    },
    kind: { type: 'string', enum: [...GOAL_KINDS] },
    pathPattern: { ...nullableString, description: 'page goals: a path where `*` stands for any characters' },
    eventName: { ...nullableString, description: "event goals: the custom event's name, exactly" },
    propKey: { ...nullableString, description: 'event goals, optional: a property the event must carry…' },
    propValue: { ...nullableString, description: '…with this value, compared as text' },
    shareWay: { type: ['string', 'null'], enum: [...SHARE_GOAL_WAYS, null] },
    createdAt: { type: 'string' },
  },
} as const;

const text = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

type SiteParams = { Params: { id: string } };
type ItemParams = { Params: { id: string; item: string } };

/** What the audit log keeps of a goal: its definition, never anything a visitor sent. */
function definitionOf(goal: Goal): Record<string, unknown> {
  return {
    name: goal.name,
    kind: goal.kind,
    ...(goal.pathPattern === null ? {} : { pathPattern: goal.pathPattern }),
    ...(goal.eventName === null ? {} : { eventName: goal.eventName }),
    ...(goal.propKey === null ? {} : { propKey: goal.propKey, propValue: goal.propValue }),
    ...(goal.shareWay === null ? {} : { shareWay: goal.shareWay }),
  };
}

/**
 * `/api/sites/:id/goals` (issue 14, docs/goals.md): a site's goals, read by anyone who may read
 * its stats (the Goals view lists them) and added, renamed and deleted by its editors and owners
 * like its other settings, each change in the audit log. Conversions are asked of the stats API.
 */
export function registerGoalRoutes(api: FastifyInstance, services: Services): void {
  const read = { access: 'viewer', scope: 'stats:read', site: SITE_PARAM } as const;
  const write = { access: 'editor', scope: 'admin', site: SITE_PARAM } as const;
  const { goals } = services;
  const notFound = () => new ProblemError('not_found', 'There is no such goal on this site.');

  api.get<SiteParams>(
    '/api/sites/:id/goals',
    {
      config: read,
      schema: {
        tags,
        summary: "The site's goals, oldest first",
        params: idParams,
        response: {
          200: { type: 'object', properties: { goals: { type: 'array', items: goalSchema } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({ goals: await goals.list((await siteOf(services, request.params.id)).id) }),
  );

  api.post<SiteParams & { Body: GoalInput }>(
    '/api/sites/:id/goals',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a goal: a page (path with * wildcards), a custom event (and property) or a share',
        params: idParams,
        body: {
          type: 'object',
          required: ['name', 'kind'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: GOAL_NAME_MAX * 4 },
            kind: { type: 'string', enum: [...GOAL_KINDS] },
            pathPattern: text(GOAL_PATH_MAX * 4),
            eventName: text(GOAL_EVENT_MAX * 4),
            propKey: text(GOAL_PROP_KEY_MAX * 4),
            propValue: text(GOAL_PROP_VALUE_MAX * 4),
            shareWay: { type: ['string', 'null'], enum: [...SHARE_GOAL_WAYS, null] },
          },
        },
        response: { 201: goalSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = await siteOf(services, request.params.id);
      const goal = await goals.create(site.id, request.body);
      await services.audit.record({
        actor: actorOf(request),
        action: 'goal.create',
        siteId: site.id,
        target: goal.id,
        details: definitionOf(goal),
      });
      return reply.code(201).send(goal);
    },
  );

  api.patch<ItemParams & { Body: { name: string } }>(
    '/api/sites/:id/goals/:item',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rename a goal (its definition never changes: add a new goal for another one)',
        params: itemParams,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: GOAL_NAME_MAX * 4 } },
        },
        response: { 200: goalSchema, ...problemResponses },
      },
    },
    async (request) => {
      const site = await siteOf(services, request.params.id);
      const before = await goals.get(site.id, request.params.item);
      const goal = before && (await goals.rename(site.id, before.id, request.body.name));
      if (!before || !goal) throw notFound();
      if (goal.name !== before.name) {
        await services.audit.record({
          actor: actorOf(request),
          action: 'goal.rename',
          siteId: site.id,
          target: goal.id,
          details: { from: before.name, to: goal.name },
        });
      }
      return goal;
    },
  );

  api.delete<ItemParams>(
    '/api/sites/:id/goals/:item',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a goal with its conversions',
        params: itemParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = await siteOf(services, request.params.id);
      const goal = await goals.get(site.id, request.params.item);
      if (!goal || !(await goals.remove(site.id, goal.id))) throw notFound();
      await services.audit.record({
        actor: actorOf(request),
        action: 'goal.delete',
        siteId: site.id,
        target: goal.id,
        details: definitionOf(goal),
      });
      return reply.code(204).send();
    },
  );
}
