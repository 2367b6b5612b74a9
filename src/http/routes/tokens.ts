import type { FastifyInstance } from 'fastify';
import { resolveSiteRefs } from '../../accounts/site-refs.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { SCOPE_NAMES } from '../../auth/token-scopes.js';
import type { Services } from '../../services.js';
import type { ApiToken, TokenScope } from '../../store/store.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

const tags = ['tokens'];
const tokenProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  scopes: { type: 'array', items: { type: 'string', enum: SCOPE_NAMES } },
  sites: {
    type: ['array', 'null'],
    items: { type: 'string' },
    description: 'The ids of the sites it may use; null for every site',
  },
  createdAt: { type: 'string' },
} as const;

interface TokenView {
  id: string;
  name: string;
  scopes: TokenScope[];
  sites: string[] | null;
  createdAt: string;
}

function tokenView(token: ApiToken): TokenView {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    sites: token.siteIds,
    createdAt: token.createdAt,
  };
}

type CreateBody = { name: string; scopes?: TokenScope[]; sites?: string[] };

/**
 * `/api/tokens`: API tokens from the dashboard, the same as `penumbra token create` makes. The
 * secret is shown once, when created; only its SHA-256 is stored. Each has scopes and may be
 * limited to some sites (docs/access.md). Owners (and admin tokens on every site) only.
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

  api.post<{ Body: CreateBody }>(
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
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
            scopes: {
              type: 'array',
              minItems: 1,
              maxItems: SCOPE_NAMES.length,
              items: { type: 'string', enum: SCOPE_NAMES },
              description: 'What it may do (docs/access.md); default ["admin"]',
            },
            sites: {
              type: 'array',
              minItems: 1,
              maxItems: 1000,
              items: { type: 'string', minLength: 1, maxLength: 300 },
              description: 'The sites it may use, by id or domain; every site when absent',
            },
          },
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
      const { name, scopes, sites } = request.body;
      const siteIds = sites === undefined ? null : await resolveSiteRefs(services.sites, sites);
      const { token, secret } = await createApiToken(services.store, name.trim(), { scopes, siteIds });
      // The token's name and grant only: its secret is in the answer, never in the audit log.
      await services.audit.record({
        actor: actorOf(request),
        action: 'token.create',
        target: token.id,
        details: { name: token.name, scopes: token.scopes, sites: token.siteIds },
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
