import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LoginLimiter } from '../../accounts/login-limiter.js';
import { checkPasswordRules, PASSWORD_RULES } from '../../accounts/password-rules.js';
import type { Services } from '../../services.js';
import type { Session, User } from '../../store/store.js';
import { sessionOf } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { checkCsrf, readSession } from '../auth.js';
import { ProblemError } from '../errors.js';
import { problemResponses } from '../schemas.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../session-cookie.js';
import { type UserView, userView } from '../user-view.js';

const tags = ['auth'];
/** Longer than any valid password, so a too-long one gets its own code, but bounded for scrypt. */
const PASSWORD_FIELD = { type: 'string', maxLength: PASSWORD_RULES.maxLength * 4 } as const;
const EMAIL_FIELD = { type: 'string', maxLength: 320 } as const;

const signedInResponse = {
  type: 'object',
  required: ['user', 'csrfToken'],
  properties: { user: { $ref: 'User#' }, csrfToken: { type: 'string' } },
} as const;

/** Answers about who is signed in carry a CSRF token: no cache may keep them. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** Spends one sign-in attempt of this email and client, or answers 429 with `Retry-After`. */
function spendAttempt(limiter: LoginLimiter, email: string, ip: string, message: string): void {
  const limit = limiter.take(email, ip);
  if (!limit.allowed)
    throw new ProblemError('rate_limited', message, { retryAfter: limit.retryAfterSeconds });
}

function signedIn(reply: FastifyReply, user: User, secret: string, session: Session) {
  setSessionCookie(reply, secret);
  return { user: userView(user), csrfToken: session.csrfToken };
}

/**
 * `/api/auth/*` without authentication: the dashboard's state, the one-time setup of the owner,
 * sign-in and sign-out. The session lives in the `penumbra_session` cookie (session-cookie.ts).
 */
export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  const { users, sessions, loginLimiter } = services;

  app.get(
    '/api/auth/state',
    {
      schema: {
        tags,
        summary: 'Whether setup is needed, and who is signed in',
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['setupRequired', 'user', 'csrfToken'],
            properties: {
              setupRequired: { type: 'boolean' },
              user: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] },
              csrfToken: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const current = await readSession(request, reply, sessions);
      return {
        setupRequired: await users.setupRequired(),
        user: current ? userView(current.user, await users.siteRoles(current.user.id)) : null,
        csrfToken: current?.session.csrfToken ?? null,
      } satisfies { setupRequired: boolean; user: UserView | null; csrfToken: string | null };
    },
  );

  app.post<{ Body: { token: string; email: string; name: string; password: string } }>(
    '/api/auth/setup',
    {
      schema: {
        tags,
        summary: 'Create the first owner with the setup token the server printed',
        security: [],
        body: {
          type: 'object',
          required: ['token', 'email', 'name', 'password'],
          additionalProperties: false,
          properties: {
            token: { type: 'string', maxLength: 200 },
            email: EMAIL_FIELD,
            name: { type: 'string', maxLength: 1000 },
            password: PASSWORD_FIELD,
          },
        },
        response: { 201: signedInResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { token, ...input } = request.body;
      const user = await users.setupOwner(token, input);
      // No one is signed in yet: the first owner creates themselves.
      const actor = { kind: 'user', id: user.id, label: user.email } as const;
      await services.audit.record({
        actor,
        action: 'user.create',
        target: user.id,
        details: { role: user.role },
      });
      const { secret, session } = await sessions.start(user.id);
      return reply.code(201).send(signedIn(reply, user, secret, session));
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie',
        security: [],
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: { email: EMAIL_FIELD, password: PASSWORD_FIELD },
        },
        response: {
          200: signedInResponse,
          ...problemResponses,
          429: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { email, password } = request.body;
      spendAttempt(loginLimiter, email, request.ip, 'Too many sign-in attempts: wait a few minutes.');
      const user = await users.verifyCredentials(email, password);
      // A browser signing in again leaves no orphan session behind.
      const previous = readSessionCookie(request);
      if (previous !== undefined) await sessions.end(previous);
      const { secret, session } = await sessions.start(user.id);
      return signedIn(reply, user, secret, session);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: ends the session and clears the cookie',
        description: 'With a live session, `X-CSRF-Token` is required like on every change.',
        security: [],
        response: { 204: { type: 'null' }, 403: { $ref: 'Problem#' } },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const secret = readSessionCookie(request);
      if (secret !== undefined) {
        const current = await sessions.resolve(secret);
        if (current !== undefined) checkCsrf(request, current.session);
        await sessions.end(secret);
      }
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );
}

/**
 * `POST /api/auth/password`, behind `authenticate`: a signed-in user changes their own password;
 * their other sessions end. Attempts count against the sign-in limit.
 */
export function registerPasswordRoute(api: FastifyInstance, services: Services): void {
  api.post<{ Body: { current: string; next: string } }>(
    '/api/auth/password',
    {
      config: { access: 'viewer', scope: 'admin', site: 'none' },
      schema: {
        tags,
        summary: 'Change your password (ends your other sessions)',
        body: {
          type: 'object',
          required: ['current', 'next'],
          additionalProperties: false,
          properties: { current: PASSWORD_FIELD, next: PASSWORD_FIELD },
        },
        response: { 204: { type: 'null' }, ...problemResponses, 429: { $ref: 'Problem#' } },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { user, session } = sessionOf(request);
      // A new password that breaks the rules costs no attempt.
      checkPasswordRules(request.body.next, 'next');
      const { loginLimiter } = services;
      spendAttempt(loginLimiter, user.email, request.ip, 'Too many password attempts: wait a few minutes.');
      await services.users.changePassword(user, request.body.current, request.body.next, session.id);
      await services.audit.record({
        actor: actorOf(request),
        action: 'user.update',
        target: user.id,
        details: { changed: ['password'] },
      });
      return reply.code(204).send();
    },
  );
}
