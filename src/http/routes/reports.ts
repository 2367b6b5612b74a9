import type { FastifyInstance } from 'fastify';
import { type RecipientInput, recipientView } from '../../reports/recipient-service.js';
import type { Services } from '../../services.js';
import type { Site } from '../../store/store.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, itemParams, problemResponses } from '../schemas.js';
import { siteOf } from '../site-of.js';

const tags = ['reports'];

const recipientSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    kind: { type: 'string', enum: ['email', 'slack'] },
    address: {
      type: 'string',
      description: "The e-mail address, or only the Slack URL's origin (it is a secret)",
    },
    language: { type: 'string', enum: ['en', 'fr'] },
    schedule: { type: 'string', enum: ['weekly', 'monthly', 'both'] },
    createdAt: { type: 'string' },
  },
} as const;

/**
 * `/api/sites/:id/reports`: who receives the site's weekly and monthly digests (issue 14,
 * docs/reports.md), and whether mail can be sent at all (PENUMBRA_SMTP_URL). Owners only.
 */
export function registerReportRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'owner', scope: 'admin', site: SITE_PARAM } as const;
  const { recipients, reports } = services.delivery;
  const site = (reference: string): Promise<Site> => siteOf(services, reference);

  api.get<{ Params: { id: string } }>(
    '/api/sites/:id/reports',
    {
      config,
      schema: {
        tags,
        summary: "The site's digest recipients, and whether mail is configured",
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              mailConfigured: {
                type: 'boolean',
                description: 'False when PENUMBRA_SMTP_URL is unset: no mail is sent',
              },
              recipients: { type: 'array', items: recipientSchema },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      mailConfigured: reports.mailConfigured,
      recipients: (await recipients.list((await site(request.params.id)).id)).map(recipientView),
    }),
  );

  api.post<{ Params: { id: string }; Body: RecipientInput }>(
    '/api/sites/:id/reports/recipients',
    {
      config,
      schema: {
        tags,
        summary: 'Add a digest recipient: an e-mail address or a Slack incoming-webhook URL',
        params: idParams,
        body: {
          type: 'object',
          required: ['kind', 'address'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['email', 'slack'] },
            address: { type: 'string', maxLength: 2048 },
            language: { type: 'string', enum: ['en', 'fr'], default: 'en' },
            schedule: { type: 'string', enum: ['weekly', 'monthly', 'both'], default: 'weekly' },
          },
        },
        response: { 201: recipientSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      const recipient = await recipients.add(target, request.body);
      await services.audit.record({
        actor: actorOf(request),
        action: 'recipient.add',
        siteId: target.id,
        target: recipient.id,
        details: { kind: recipient.kind, language: recipient.language, schedule: recipient.schedule },
      });
      return reply.code(201).send(recipientView(recipient));
    },
  );

  api.delete<{ Params: { id: string; item: string } }>(
    '/api/sites/:id/reports/recipients/:item',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a digest recipient',
        params: itemParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const target = await site(request.params.id);
      if (!(await recipients.remove(target.id, request.params.item))) {
        throw new ProblemError('not_found', 'The site has no such recipient.');
      }
      await services.audit.record({
        actor: actorOf(request),
        action: 'recipient.remove',
        siteId: target.id,
        target: request.params.item,
        details: {},
      });
      return reply.code(204).send();
    },
  );
}
