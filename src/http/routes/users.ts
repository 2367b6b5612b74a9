import type { FastifyInstance } from 'fastify';
import type { NewUserInput, UserPatchInput } from '../../accounts/user-service.js';
import { eraseUser } from '../../privacy/user-erasure.js';
import type { Services } from '../../services.js';
import type { User } from '../../store/store.js';
import { actorOf } from '../audit-actor.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';
import { userView } from '../user-view.js';

const tags = ['users'];
const role = { type: 'string', enum: ['owner', 'editor', 'viewer'] } as const;
const name = { type: 'string', maxLength: 1000 } as const;

type IdParams = { Params: { id: string } };

function notFound(id: string): ProblemError {
  return new ProblemError('not_found', `There is no user "${id}".`);
}

/** A user change for the audit log: the role's values, only the names of other fields (personal data). */
function userChanges(before: User, after: User): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (before.role !== after.role) {
    details.before = { role: before.role };
    details.after = { role: after.role };
  }
  if (before.name !== after.name) details.changed = ['name'];
  return details;
}

/** `/api/users`: the owner manages who may use the dashboard, and with which role. */
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
    async () => (await users.list()).map(userView),
  );

  api.post<{ Body: NewUserInput }>(
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
          },
        },
        response: { 201: { $ref: 'User#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const user = await users.create(request.body);
      // The id, not the email: the audit log holds no one's email but in its actor label.
      await audit.record({
        actor: actorOf(request),
        action: 'user.create',
        target: user.id,
        details: { role: user.role },
      });
      return reply.code(201).send(userView(user));
    },
  );

  api.patch<IdParams & { Body: UserPatchInput }>(
    '/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a user or change their role (the last owner stays owner)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name, role },
        },
        response: { 200: { $ref: 'User#' }, ...problemResponses },
      },
    },
    async (request) => {
      const before = await users.get(request.params.id);
      const user = before && (await users.update(before.id, request.body));
      if (!before || !user) throw notFound(request.params.id);
      await audit.record({
        actor: actorOf(request),
        action: 'user.update',
        target: user.id,
        details: userChanges(before, user),
      });
      return userView(user);
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
