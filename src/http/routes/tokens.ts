import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../auth/api-tokens.js';
import type { Services } from '../../services.js';
import type { ApiToken } from '../../store/store.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

const tags = ['tokens'];
const tokenProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  createdAt: { type: 'string' },
} as const;

function tokenView(token: ApiToken): { id: string; name: string; createdAt: string } {
  return { id: token.id, name: token.name, createdAt: token.createdAt };
}

/**
 * `/api/tokens`: API tokens from the dashboard, the same as `penumbra token create` makes. The
 * secret is shown once, when created; only its SHA-256 is stored. Owners only.
 */
export function registerTokenRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'owner', scope: 'admin', site: 'installation' } as const;

  api.get(
    '/api/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'List API tokens (never their secrets)',
        response: {
          200: { type: 'array', items: { type: 'object', properties: tokenProperties } },
          ...problemResponses,
        },
      },
    },
    async () => (await services.store.listTokens()).map(tokenView),
  );

  api.post<{ Body: { name: string } }>(
    '/api/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API token; its secret is in this answer only',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              ...tokenProperties,
              secret: { type: 'string', description: 'Send as "Authorization: Bearer <secret>"' },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { token, secret } = await createApiToken(services.store, request.body.name.trim());
      // The token's name only: its secret is in the answer, never in the audit log.
      await services.audit.record({
        actor: actorOf(request),
        action: 'token.create',
        target: token.id,
        details: { name: token.name },
      });
      return reply.code(201).send({ ...tokenView(token), secret });
    },
  );

  api.delete<{ Params: { id: string } }>(
    '/api/tokens/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const token = (await services.store.listTokens()).find(({ id }) => id === request.params.id);
      if (!token || !(await services.store.deleteToken(token.id))) {
        throw new ProblemError('not_found', `There is no token "${request.params.id}".`);
      }
      await services.audit.record({
        actor: actorOf(request),
        action: 'token.delete',
        target: token.id,
        details: { name: token.name },
      });
      return reply.code(204).send();
    },
  );
}
