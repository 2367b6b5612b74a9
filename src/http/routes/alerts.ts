import type { FastifyInstance } from 'fastify';
import type { AlertCandidate } from '../../alerts/alert-candidate.js';
import type { AlertRuleInput } from '../../alerts/alert-service.js';
import type { Services } from '../../services.js';
import { ALERT_RULE_KINDS } from '../../store/alert-store.js';
import type { Site } from '../../store/store.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, itemParams, problemResponses } from '../schemas.js';

const tags = ['alerts'];
const hour = { type: ['integer', 'null'], minimum: 0, maximum: 23 } as const;

const ruleSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    kind: { type: 'string', enum: [...ALERT_RULE_KINDS] },
    windowMinutes: { type: 'integer', enum: [15, 30] },
    minCount: { type: 'integer' },
    factor: { type: 'number' },
    cooldownHours: { type: 'number' },
    quietStart: hour,
    quietEnd: hour,
    dailyCap: { type: 'integer' },
    recipientIds: { type: ['array', 'null'], items: { type: 'string' } },
    goalId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
  },
} as const;

const candidateSchema = {
  type: 'object',
  properties: {
    rule: { type: 'string' },
    ruleId: { type: 'string' },
    subject: {
      type: 'object',
      properties: { kind: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' } },
    },
    window: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    count: { type: 'number' },
    baseline: { type: 'number' },
    apps: {
      type: 'array',
      items: {
        type: 'object',
        properties: { source: { type: 'string' }, medium: { type: 'string' }, share: { type: 'number' } },
      },
    },
    dashboardUrl: { type: 'string' },
    roundedTo: { type: 'integer' },
    held: { type: 'string', enum: ['cooldown', 'quiet-hours', 'daily-cap'] },
  },
} as const;

/** A candidate as the API and CLI show it: the webhook's data, and why it is held if it is. */
export function candidateView(candidate: AlertCandidate) {
  return {
    rule: candidate.rule.kind,
    ruleId: candidate.rule.id,
    subject: candidate.subject,
    window: {
      from: new Date(candidate.window.from).toISOString(),
      to: new Date(candidate.window.to).toISOString(),
    },
    count: candidate.count,
    baseline: candidate.baseline,
    apps: candidate.apps,
    dashboardUrl: candidate.dashboardUrl,
    ...(candidate.roundedTo === undefined ? {} : { roundedTo: candidate.roundedTo }),
    ...(candidate.held === undefined ? {} : { held: candidate.held }),
  };
}

/**
 * `/api/sites/:id/alerts` (issue 14, docs/alerts.md): the site's "spreading privately" rules,
 * edited like other site settings (owners and editors), and a test that evaluates them now.
 */
export function registerAlertRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'editor', scope: 'admin', site: SITE_PARAM } as const;
  const { alerts } = services.delivery;
  const site = async (reference: string): Promise<Site> => {
    const found = await services.sites.find(reference);
    if (!found) throw new ProblemError('not_found', `There is no site "${reference}".`);
    return found;
  };

  api.get<{ Params: { id: string } }>(
    '/api/sites/:id/alerts',
    {
      config,
      schema: {
        tags,
        summary: "The site's alert rules",
        params: idParams,
        response: {
          200: { type: 'object', properties: { rules: { type: 'array', items: ruleSchema } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({ rules: await alerts.list((await site(request.params.id)).id) }),
  );

  api.post<{ Params: { id: string }; Body: AlertRuleInput }>(
    '/api/sites/:id/alerts',
    {
      config,
      schema: {
        tags,
        summary: 'Add an alert rule (unset settings take the defaults of docs/alerts.md)',
        params: idParams,
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...ALERT_RULE_KINDS] },
            windowMinutes: { type: 'integer', enum: [15, 30] },
            minCount: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            factor: { type: 'number', minimum: 1, maximum: 1000 },
            cooldownHours: { type: 'number', minimum: 0, maximum: 720 },
            quietStart: hour,
            quietEnd: hour,
            dailyCap: { type: 'integer', minimum: 1, maximum: 1000 },
            recipientIds: {
              type: ['array', 'null'],
              maxItems: 100,
              items: { type: 'string', maxLength: 100 },
            },
            // goal-dark-social only: the goal's id (GET /api/sites/:id/goals).
            goalId: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
        response: { 201: ruleSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      const rule = await alerts.add(target, request.body);
      await services.audit.record({
        actor: actorOf(request),
        action: 'alert_rule.create',
        siteId: target.id,
        target: rule.id,
        details: {
          kind: rule.kind,
          minCount: rule.minCount,
          factor: rule.factor,
          windowMinutes: rule.windowMinutes,
          ...(rule.goalId === null ? {} : { goalId: rule.goalId }),
        },
      });
      return reply.code(201).send(rule);
    },
  );

  api.delete<{ Params: { id: string; item: string } }>(
    '/api/sites/:id/alerts/:item',
    {
      config,
      schema: {
        tags,
        summary: 'Remove an alert rule',
        params: itemParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      if (!(await alerts.remove(target.id, request.params.item))) {
        throw new ProblemError('not_found', 'There is no such alert rule on this site.');
      }
      await services.audit.record({
        actor: actorOf(request),
        action: 'alert_rule.delete',
        siteId: target.id,
        target: request.params.item,
        details: {},
      });
      return reply.code(204).send();
    },
  );

  api.post<{ Params: { id: string } }>(
    '/api/sites/:id/alerts/test',
    {
      config,
      schema: {
        tags,
        summary:
          "Evaluate the site's rules now: what would fire, and what the quiet rules hold (nothing is sent)",
        params: idParams,
        response: {
          200: { type: 'object', properties: { alerts: { type: 'array', items: candidateSchema } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      alerts: (await alerts.evaluate(await site(request.params.id))).map(candidateView),
    }),
  );
}
