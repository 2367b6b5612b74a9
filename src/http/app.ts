import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Services } from '../services.js';
import { statsQuerySchema } from '../stats/stats-query-schema.js';
import { requireApiToken } from './auth.js';
import { ProblemError } from './errors.js';
import { renderError } from './render-error.js';
import { classifySchemas, registerClassifyRoutes } from './routes/classify.js';
import { registerEventRoutes } from './routes/event.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerLinkRoutes } from './routes/links.js';
import { registerRedirectRoutes } from './routes/redirect.js';
import { registerSiteRoutes } from './routes/sites.js';
import { registerStatsRoutes } from './routes/stats.js';
import { registerRealtimeRoutes } from './routes/stats-realtime.js';
import { loadTrackerScript, registerTrackerScriptRoutes } from './routes/tracker-script.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { applySecurityHeaders } from './security-headers.js';

export interface AppDeps {
  services: Services;
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

/** A hop count trusts that many proxies in front of us (Fastify's `trustProxy` function form). */
function trustProxyOption(setting: boolean | number): NonNullable<FastifyServerOptions['trustProxy']> {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

function packageVersion(): string {
  return process.env.npm_package_version ?? '0.1.0';
}

/** The management API: everything under it needs a bearer token. */
function registerApi(api: FastifyInstance, services: Services): void {
  api.addHook('onRequest', requireApiToken(services.store));
  registerLinkRoutes(api, services);
  registerSiteRoutes(api, services);
  registerRealtimeRoutes(api, services);
  registerStatsRoutes(api, services);
}

function registerRoutes(app: FastifyInstance, services: Services, isReady: () => boolean): void {
  registerHealthRoutes(app, isReady);
  registerClassifyRoutes(app);
  registerEventRoutes(app, services.ingest, services.eventLimiter);
  registerTrackerScriptRoutes(app, loadTrackerScript());
  app.register(async (api) => registerApi(api, services));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerRedirectRoutes(app, services);
}

export function buildApp(deps: AppDeps): App {
  const { services } = deps;
  let shuttingDown = false;
  const options: FastifyServerOptions = {
    logger: deps.logger ?? { level: services.config.logLevel, serializers: privateLogSerializers },
    // Behind a proxy the client address comes from X-Forwarded-For (PENUMBRA_TRUST_PROXY); without
    // one, trusting that header would let any client choose its address. Used only in memory.
    trustProxy: trustProxyOption(services.config.trustProxy),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  };
  const fastify: FastifyInstance = Fastify(options);
  for (const schema of [...classifySchemas, ...SHARED_SCHEMAS, statsQuerySchema]) fastify.addSchema(schema);
  fastify.setErrorHandler((error, request, reply) => renderError(error, request, reply));
  fastify.setNotFoundHandler((request, reply) =>
    renderError(
      new ProblemError('not_found', `No route for ${request.method} ${request.url.split('?', 1)[0]}`),
      request,
      reply,
    ),
  );
  applySecurityHeaders(fastify);
  // OpenAPI 3.1 generated from the route schemas (issue #3), served at /api/openapi.json.
  fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Penumbra API', version: packageVersion() },
      servers: [{ url: services.config.baseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema${index}`),
    },
  });
  fastify.register(async (app) => registerRoutes(app, services, () => !shuttingDown));
  return {
    fastify,
    markShuttingDown: () => {
      shuttingDown = true;
    },
  };
}
