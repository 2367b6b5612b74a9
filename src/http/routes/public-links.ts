import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import type { PublicLink, Site } from '../../store/store.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';
import { siteOf } from '../site-of.js';

const tags = ['public links'];
const linkProperties = {
  id: { type: 'string' },
  siteId: { type: 'string' },
  createdAt: { type: 'string' },
  revokedAt: { type: ['string', 'null'] },
} as const;

function linkView(link: PublicLink) {
  return { id: link.id, siteId: link.siteId, createdAt: link.createdAt, revokedAt: link.revokedAt };
}

/**
 * `/api/sites/:id/public-links`: read-only links to a site's dashboard (`<baseUrl>/share/<token>`)
 * for people without an account. The token is shown once; only its SHA-256 is stored. Owners and
 * editors.
 */
export function registerPublicLinkRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'editor', scope: 'admin', site: SITE_PARAM } as const;
  const site = (reference: string): Promise<Site> => siteOf(services, reference);

  api.post<{ Params: { id: string } }>(
    '/api/sites/:id/public-links',
    {
      config,
      schema: {
        tags,
        summary: "Create a read-only link to the site's dashboard",
        params: idParams,
        response: {
          201: {
            type: 'object',
            properties: {
              ...linkProperties,
              token: { type: 'string', description: 'Shown once' },
              url: { type: 'string', description: '<baseUrl>/share/<token>' },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { link, token, url } = await services.publicLinks.create((await site(request.params.id)).id);
      await services.audit.record({
        actor: actorOf(request),
        action: 'public_link.create',
        siteId: link.siteId,
        target: link.id,
      });
      return reply.code(201).send({ ...linkView(link), token, url });
    },
  );

  api.get<{ Params: { id: string } }>(
    '/api/sites/:id/public-links',
    {
      config,
      schema: {
        tags,
        summary: "The site's public links, revoked ones included (never their tokens)",
        params: idParams,
        response: {
          200: { type: 'array', items: { type: 'object', properties: linkProperties } },
          ...problemResponses,
        },
      },
    },
    async (request) => (await services.publicLinks.list((await site(request.params.id)).id)).map(linkView),
  );

  api.delete<{ Params: { id: string; linkId: string } }>(
    '/api/sites/:id/public-links/:linkId',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke a public link: its URL answers 404 from now on',
        params: {
          type: 'object',
          required: ['id', 'linkId'],
          properties: { id: idParams.properties.id, linkId: { type: 'string', maxLength: 100 } },
        },
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { id } = await site(request.params.id);
      if (!(await services.publicLinks.revoke(id, request.params.linkId))) {
        throw new ProblemError('not_found', `There is no public link "${request.params.linkId}".`);
      }
      await services.audit.record({
        actor: actorOf(request),
        action: 'public_link.revoke',
        siteId: id,
        target: request.params.linkId,
      });
      return reply.code(204).send();
    },
  );
}
