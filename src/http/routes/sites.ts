import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleOnSite } from '../../accounts/site-access.js';
import { siteChanges, siteCreated } from '../../privacy/site-changes.js';
import type { Services } from '../../services.js';
import { installCheck } from '../../sites/install-check.js';
import { privacyLoosenings } from '../../sites/privacy-loosenings.js';
import type { CreateSiteInput, UpdateSiteInput } from '../../sites/site-service.js';
import type { Site } from '../../store/store.js';
import { canSeeSite, principalOf, SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

const siteFields = {
  name: { type: 'string', maxLength: 400 },
  timezone: { type: 'string', maxLength: 100, description: 'IANA time zone, e.g. Europe/Paris' },
  fallbackUrl: {
    type: ['string', 'null'],
    maxLength: 4096,
    description: 'Where unknown slugs go instead of a 404 page',
  },
  privacyMode: {
    type: 'string',
    enum: ['anonymous', 'consented', 'strict'],
    description: 'How much measurement may know (docs/privacy.md)',
  },
  landingPaths: {
    type: 'array',
    maxItems: 100,
    items: { type: 'string', maxLength: 256 },
    description: 'Paths where a visit without referrer is direct (a trailing * matches a prefix)',
  },
  respectDnt: { type: 'boolean', description: 'Drop events from browsers sending DNT or GPC' },
  retentionMonths: { type: 'integer', minimum: 1, maximum: 25, description: 'Raw events kept this long' },
  extraOrigins: {
    type: 'array',
    maxItems: 50,
    items: { type: 'string', maxLength: 300 },
    description: 'Other hosts allowed to send events for this site',
  },
  queryParams: {
    type: 'array',
    maxItems: 50,
    items: { type: 'string', maxLength: 100 },
    description:
      "The site's own query parameters kept in page paths besides utm_* and click ids (the snippet's data-params)",
  },
} as const;

type IdParams = { Params: { id: string } };

const isoTime = { type: 'string', format: 'date-time' } as const;

/** The answer of GET /api/sites/:id/install (src/sites/install-check.ts; docs/operations.md, "Install check"). */
const installCheckSchema = {
  type: 'object',
  required: ['siteId', 'domain', 'status', 'lastSeenAt', 'lastSeenOrigin', 'allowedHosts', 'seen', 'refused'],
  properties: {
    siteId: { type: 'string' },
    domain: { type: 'string' },
    status: {
      type: 'string',
      enum: ['waiting', 'seen', 'refused'],
      description: 'waiting: no event yet; seen: events taken; refused: events came, all refused',
    },
    lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
    lastSeenOrigin: { type: ['string', 'null'] },
    allowedHosts: { type: 'array', items: { type: 'string' } },
    snippet: {
      type: 'string',
      description: "The tracker tag, on the server's public URL (PENUMBRA_BASE_URL)",
    },
    hasEvents: {
      type: 'boolean',
      description: 'The site holds events of any source (snippet, links, import, demo)',
    },
    seen: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          origin: { type: 'string' },
          firstAt: isoTime,
          lastAt: isoTime,
          events: { type: 'integer' },
        },
      },
    },
    refused: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          origin: {
            type: 'string',
            description: "scheme://host[:port]; 'null' for an opaque origin; '' for none",
          },
          reason: { type: 'string', enum: ['origin_not_listed', 'origin_missing', 'origin_opaque'] },
          firstAt: isoTime,
          lastAt: isoTime,
          attempts: { type: 'integer' },
          allowedNow: { type: 'boolean' },
          addOrigin: { type: ['string', 'null'], description: 'The host to add to extraOrigins' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

function found(site: Site | undefined, reference: string): Site {
  if (!site) throw new ProblemError('not_found', `There is no site "${reference}".`);
  return site;
}

/** Keeping more about visitors is the data controller's decision: an editor may tighten, not loosen (privacy-loosenings.ts). */
function requireOwnerToLoosen(request: FastifyRequest, site: Site, patch: UpdateSiteInput): void {
  const loosened = privacyLoosenings(site, patch);
  if (loosened.length === 0 || roleOnSite(principalOf(request).access, site.id) === 'owner') return;
  throw new ProblemError(
    'forbidden',
    `Only an owner can make Penumbra keep more about visitors (${loosened.join(', ')}); an editor may make these settings stricter.`,
    { field: loosened[0] },
    'privacy_owner_only',
  );
}

/**
 * `/api/sites`: the domains being measured; `:id` also accepts the domain. Behind `authenticate`:
 * viewers read, editors add and change, owners delete.
 */
export function registerSiteRoutes(app: FastifyInstance, services: Services): void {
  const { sites, audit } = services;
  const tags = ['sites'];

  app.post<{ Body: CreateSiteInput }>(
    '/api/sites',
    {
      config: { access: 'editor', scope: 'admin', site: 'installation' },
      schema: {
        tags,
        summary: 'Add a site',
        body: {
          type: 'object',
          required: ['domain'],
          additionalProperties: false,
          properties: { domain: { type: 'string', maxLength: 300 }, ...siteFields },
        },
        response: { 201: { $ref: 'Site#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = await sites.create(request.body);
      await audit.record({ actor: actorOf(request), siteId: site.id, ...siteCreated(site) });
      return reply.code(201).send(site);
    },
  );

  app.get(
    '/api/sites',
    {
      config: { access: 'viewer', scope: 'stats:read', site: 'listed' },
      schema: {
        tags,
        summary: 'List sites',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { $ref: 'Site#' } } } },
        },
      },
    },
    async (request) => ({ items: (await sites.list()).filter((site) => canSeeSite(request, site.id)) }),
  );

  app.get<IdParams>(
    '/api/sites/:id',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_PARAM },
      schema: {
        tags,
        summary: 'Get a site by id or domain',
        params: idParams,
        response: { 200: { $ref: 'Site#' }, ...problemResponses },
      },
    },
    async (request) => found(await sites.find(request.params.id), request.params.id),
  );

  app.get<IdParams>(
    '/api/sites/:id/install',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_PARAM },
      schema: {
        tags,
        summary:
          "Install check: whether the snippet's events arrive, from which origins, and why any were refused",
        params: idParams,
        response: { 200: installCheckSchema, ...problemResponses },
      },
    },
    async (request) =>
      installCheck(
        services.store,
        found(await sites.find(request.params.id), request.params.id),
        services.config.baseUrl,
      ),
  );

  app.patch<IdParams & { Body: UpdateSiteInput }>(
    '/api/sites/:id',
    {
      config: { access: 'editor', scope: 'admin', site: SITE_PARAM },
      schema: {
        tags,
        summary: 'Change a site',
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: siteFields },
        response: { 200: { $ref: 'Site#' }, ...problemResponses },
      },
    },
    async (request) => {
      const site = found(await sites.find(request.params.id), request.params.id);
      requireOwnerToLoosen(request, site, request.body);
      const updated = found(await sites.update(site.id, request.body), request.params.id);
      for (const change of siteChanges(site, updated)) {
        await audit.record({ actor: actorOf(request), siteId: site.id, ...change });
      }
      return updated;
    },
  );

  app.delete<IdParams>(
    '/api/sites/:id',
    {
      config: { access: 'owner', scope: 'admin', site: SITE_PARAM },
      schema: {
        tags,
        summary: 'Delete a site with its links and events',
        params: idParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const site = found(await sites.find(request.params.id), request.params.id);
      if (await sites.delete(site.id)) {
        await audit.record({
          actor: actorOf(request),
          action: 'site.delete',
          siteId: site.id,
          details: { domain: site.domain },
        });
      }
      return reply.code(204).send();
    },
  );
}
