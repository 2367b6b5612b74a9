import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { ProblemError } from './errors.js';
import { renderError } from './render-error.js';
import { classifySchemas, registerClassifyRoutes } from './routes/classify.js';
import { registerHealthRoutes } from './routes/health.js';
import { applySecurityHeaders } from './security-headers.js';

export interface AppDeps {
  config: Readonly<Config>;
  /** Pino-compatible logging options; `false` silences the app (tests). */
  logger?: FastifyServerOptions['logger'];
}

export interface App {
  fastify: FastifyInstance;
  /** Flips `/healthz` to 503 so load balancers drain us before we close. */
  markShuttingDown(): void;
}

/**
 * Log lines carry the method, the path without its query string and the status — never the
 * client's address, user agent or other headers (DESIGN.md §4: raw IPs and UAs never reach logs).
 */
export const privateLogSerializers = {
  req: (request: { method: string; url: string }) => ({
    method: request.method,
    path: request.url.split('?', 1)[0] ?? '',
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

export function buildApp(deps: AppDeps): App {
  let shuttingDown = false;
  const options: FastifyServerOptions = {
    logger: deps.logger ?? { level: deps.config.logLevel, serializers: privateLogSerializers },
    // Behind a proxy the client address comes from X-Forwarded-For; it is only ever used in memory.
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  };
  const fastify: FastifyInstance = Fastify(options);
  for (const schema of classifySchemas) fastify.addSchema(schema);
  fastify.setErrorHandler((error, request, reply) => renderError(error, request, reply));
  fastify.setNotFoundHandler((request, reply) =>
    renderError(
      new ProblemError('not_found', `No route for ${request.method} ${request.url.split('?', 1)[0]}`),
      request,
      reply,
    ),
  );
  applySecurityHeaders(fastify);
  registerHealthRoutes(fastify, () => !shuttingDown);
  registerClassifyRoutes(fastify);
  return {
    fastify,
    markShuttingDown: () => {
      shuttingDown = true;
    },
  };
}
