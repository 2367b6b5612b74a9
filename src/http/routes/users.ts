import type { FastifyInstance } from 'fastify';
import { resolveSiteRefs } from '../../accounts/site-refs.js';
import type { NewUserInput, SiteAccessInput, UserPatchInput } from '../../accounts/user-service.js';
import { eraseUser } from '../../privacy/user-erasure.js';
import type { Services } from '../../services.js';
import type { SiteRole, User } from '../../store/store.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';
import { userView } from '../user-view.js';

const tags = ['users'];
const role = { type: 'string', enum: ['owner', 'editor', 'viewer'] } as const;
const name = { type: 'string', maxLength: 1000 } as const;
const allSites = {
  type: 'boolean',
  description: 'False confines the user to the sites of `sites` (never an owner). Default true.',
} as const;
const sites = {
  type: 'array',
  maxItems: 1000,
  description: 'Replaces their roles on chosen sites: each site by id or domain, viewer or editor',
  items: {
    type: 'object',
    required: ['site', 'role'],
    additionalProperties: false,
    properties: {
      site: { type: 'string', minLength: 1, maxLength: 300 },
      role: { type: 'string', enum: ['viewer', 'editor'] },
    },
  },
} as const;

type IdParams = { Params: { id: string } };
type SitesBody = { allSites?: boolean; sites?: { site: string; role: SiteRole['role'] }[] };

/** The body's `sites` (by id or domain) as site roles by id; unknown sites are refused. */
async function siteAccess(services: Services, body: SitesBody): Promise<SiteAccessInput> {
  const { allSites: everywhere, sites: wanted } = body;
  if (wanted === undefined) return { allSites: everywhere };
  const ids = await resolveSiteRefs(
    services.sites,
    wanted.map(({ site }) => site),
  );
  const siteRoles = wanted.map(({ role }, index) => ({ siteId: ids[index] ?? '', role }));
  return { allSites: everywhere, siteRoles };
}

function notFound(id: string): ProblemError {
  return new ProblemError('not_found', `There is no user "${id}".`);
}

/** A user change for the audit log: the role's values, only the names of other fields (personal data). */
function userChanges(before: User, after: User, siteRoles?: readonly SiteRole[]): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (before.role !== after.role || before.allSites !== after.allSites) {
    details.before = { role: before.role, allSites: before.allSites };
    details.after = { role: after.role, allSites: after.allSites };
  }
  if (siteRoles !== undefined) details.sites = siteRoles;
  if (before.name !== after.name) details.changed = ['name'];
  return details;
}

/**
 * `/api/users`: the owner manages who may use the dashboard, with which role, on every site or
 * on chosen ones (docs/access.md).
 */
export function registerUserRoutes(api: FastifyInstance, services: Services): void {
  const { users, audit } = services;
  const config = { access: 'owner', scope: 'admin', site: 'installation' } as const;

  api.get(
    '/api/users',
    {
      config,
      schema: {
        tags,
        summary: 'List users, oldest first',
        response: { 200: { type: 'array', items: { $ref: 'User#' } }, ...problemResponses },
      },
    },
    async () =>
      Promise.all((await users.list()).map(async (user) => userView(user, await users.siteRoles(user.id)))),
  );

  api.post<{ Body: Omit<NewUserInput, 'siteRoles'> & SitesBody }>(
    '/api/users',
    {
      config,
      schema: {
        tags,
        summary: 'Add a user',
        body: {
          type: 'object',
          required: ['email', 'name', 'role', 'password'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', maxLength: 320 },
            name,
            role,
            password: { type: 'string', maxLength: 1000 },
            allSites,
            sites,
          },
        },
        response: { 201: { $ref: 'User#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { sites: _sites, allSites: _allSites, ...account } = request.body;
      const user = await users.create({ ...account, ...(await siteAccess(services, request.body)) });
      const siteRoles = await users.siteRoles(user.id);
      // The id, not the email: the audit log holds no one's email but in its actor label.
      await audit.record({
        actor: actorOf(request),
        action: 'user.create',
        target: user.id,
        details: { role: user.role, allSites: user.allSites, sites: siteRoles },
      });
      return reply.code(201).send(userView(user, siteRoles));
    },
  );

  api.patch<IdParams & { Body: Omit<UserPatchInput, 'siteRoles'> & SitesBody }>(
    '/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a user or change their role or sites (the last owner stays owner)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name, role, allSites, sites },
        },
        response: { 200: { $ref: 'User#' }, ...problemResponses },
      },
    },
    async (request) => {
      const before = await users.get(request.params.id);
      if (!before) throw notFound(request.params.id);
      const { sites: _sites, allSites: _allSites, ...fields } = request.body;
      const access = await siteAccess(services, request.body);
      const user = await users.update(before.id, { ...fields, ...access });
      if (!user) throw notFound(request.params.id);
      const siteRoles = await users.siteRoles(user.id);
      await audit.record({
        actor: actorOf(request),
        action: 'user.update',
        target: user.id,
        details: userChanges(before, user, access.siteRoles && siteRoles),
      });
      return userView(user, siteRoles);
    },
  );

  api.delete<IdParams & { Querystring: { erase: boolean } }>(
    '/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a user and end their sessions (never the last owner)',
        description:
          'With `erase=true` (GDPR Art. 17), the audit log no longer names them either: their email ' +
          'in its entries becomes "erased user".',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { erase: { type: 'boolean', default: false } },
        },
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const actor = actorOf(request);
      if (request.query.erase) {
        if (!(await eraseUser(services, id, actor))) throw notFound(id);
        return reply.code(204).send();
      }
      const user = await users.get(id);
      if (!user || !(await users.delete(id))) throw notFound(id);
      await audit.record({ actor, action: 'user.delete', target: id, details: { role: user.role } });
      return reply.code(204).send();
    },
  );
}
