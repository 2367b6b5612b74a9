import type { FastifyInstance } from 'fastify';
import type { NewUserInput, UserPatchInput } from '../../accounts/user-service.js';
import type { Services } from '../../services.js';
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

/** `/api/users`: the owner manages who may use the dashboard, and with which role. */
export function registerUserRoutes(api: FastifyInstance, services: Services): void {
  const { users } = services;
  const config = { access: 'owner' } as const;

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
    async (request, reply) => reply.code(201).send(userView(await users.create(request.body))),
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
      const user = await users.update(request.params.id, request.body);
      if (!user) throw notFound(request.params.id);
      return userView(user);
    },
  );

  api.delete<IdParams>(
    '/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a user and end their sessions (never the last owner)',
        params: idParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!(await users.delete(request.params.id))) throw notFound(request.params.id);
      return reply.code(204).send();
    },
  );
}
