import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { packageVersion } from '../package-version.js';
import type { Services } from '../services.js';
import { statsQuerySchema } from '../stats/stats-query-schema.js';
import { assertAccessDeclared } from './access.js';
import { authenticate } from './auth.js';
import { answerClientError } from './client-error.js';
import { ProblemError } from './errors.js';
import { hotServerFactory } from './hot-front.js';
import { HotRoutes } from './hot-routes.js';
import { applyHsts } from './hsts.js';
import { registerJsonBodyParser } from './json-body.js';
import { refuseNulText } from './nul-text.js';
import { renderError } from './render-error.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerAuthRoutes, registerPasswordRoute } from './routes/auth.js';
import { classifySchemas, registerClassifyRoutes } from './routes/classify.js';
import { loadDashboard, registerDashboardRoutes } from './routes/dashboard.js';
import { registerDemoProgressRoutes } from './routes/demo-progress.js';
import { registerEventRoutes } from './routes/event.js';
import { registerFunnelRoutes } from './routes/funnels.js';
import { registerGoalRoutes } from './routes/goals.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerLinkRoutes } from './routes/links.js';
import { registerOptOutRoutes } from './routes/opt-out.js';
import { registerPreviewCheckRoutes } from './routes/preview-check.js';
import { registerPreviewHealthRoutes } from './routes/preview-health.js';
import { registerPrivacyDataRoutes } from './routes/privacy-data.js';
import { registerPrivacyDocumentRoutes } from './routes/privacy-documents.js';
import { registerPrivacyStatusRoutes } from './routes/privacy-status.js';
import { registerPublicDashboardRoutes } from './routes/public-dashboard.js';
import { registerPublicLinkRoutes } from './routes/public-links.js';
import { registerRedirectRoutes } from './routes/redirect.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerSiteRoutes } from './routes/sites.js';
import { registerStatsRoutes } from './routes/stats.js';
import { registerRealtimeRoutes } from './routes/stats-realtime.js';
import { registerTokenRoutes } from './routes/tokens.js';
import {
  loadTrackerScript,
  registerTrackerScriptRoutes,
  type TrackerScript,
} from './routes/tracker-script.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.js';
import { registerUserRoutes } from './routes/users.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { applySecurityHeaders, SECURITY_HEADERS } from './security-headers.js';
import { siteGuard } from './site-guard.js';

export interface AppDeps {
  services: Services;
  /** Pino-compatible logging options; `false` silences the app (tests). */
  logger?: FastifyServerOptions['logger'];
  /**
   * `GET /:slug`, `POST /api/event` and `GET /p.js` answered before the framework (hot-routes.ts);
   * on by default, off only to compare both paths in tests.
   */
  hotRoutes?: boolean;
}

export interface App {
  fastify: FastifyInstance;
  /** Flips `/healthz` to 503 so load balancers drain us before we close. */
  markShuttingDown(): void;
}

/** Paths whose second segment is a secret (a public dashboard link's token, an unsubscribe token): never logged. */
const SECRET_PATH = /^\/(api\/public|share|unsubscribe)\/[^/]+/;

/**
 * Log lines carry the method, the path without its query string and the status — never the
 * client's address, user agent or other headers (DESIGN.md §4: raw IPs and UAs never reach logs),
 * nor a public link's token (`/share/:token`, `/api/public/:token/…`).
 */
export const privateLogSerializers = {
  req: (request: { method: string; url: string }) => ({
    method: request.method,
    path: (request.url.split('?', 1)[0] ?? '').replace(SECRET_PATH, '/$1/:token'),
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

/** A hop count trusts that many proxies in front of us (Fastify's `trustProxy` function form). */
function trustProxyOption(setting: boolean | number): NonNullable<FastifyServerOptions['trustProxy']> {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

/**
 * The management API: everything under it needs an API token or a session (auth.ts), and every
 * route declares the least role it needs (`config.access`), the token scope (`config.scope`) and
 * where its site is (`config.site`), checked here at start-up so that no route is ever left open
 * by omission; site-guard.ts then checks the role on that site (docs/access.md).
 */
function registerApi(api: FastifyInstance, services: Services): void {
  api.addHook('onRoute', assertAccessDeclared);
  api.addHook('onRequest', authenticate(services));
  api.addHook('preHandler', siteGuard(services));
  registerLinkRoutes(api, services);
  registerPreviewHealthRoutes(api, services);
  registerPreviewCheckRoutes(api, services);
  registerSiteRoutes(api, services);
  registerRealtimeRoutes(api, services);
  registerStatsRoutes(api, services);
  registerUserRoutes(api, services);
  registerTokenRoutes(api, services);
  registerPublicLinkRoutes(api, services);
  registerPrivacyDataRoutes(api, services);
  registerPasswordRoute(api, services);
  registerPrivacyDocumentRoutes(api, services);
  registerAuditRoutes(api, services);
  registerPrivacyStatusRoutes(api, services);
  registerWebhookRoutes(api, services);
  registerReportRoutes(api, services);
  registerAlertRoutes(api, services);
  registerGoalRoutes(api, services);
  registerFunnelRoutes(api, services);
  registerDemoProgressRoutes(api, services);
}

interface RouteDeps {
  isReady: () => boolean;
  trackerScript: TrackerScript | undefined;
  /** The hot routes' hook on their three Fastify routes (absent when they are off). */
  hot: HotRoutes | undefined;
}

function registerRoutes(app: FastifyInstance, services: Services, deps: RouteDeps): void {
  const { isReady, trackerScript, hot } = deps;
  registerHealthRoutes(app, isReady, () => services.sink.health());
  registerClassifyRoutes(app);
  registerAuthRoutes(app, services);
  registerPublicDashboardRoutes(app, services);
  registerEventRoutes(app, services.ingest, services.eventLimiter, hot?.onRequest);
  registerTrackerScriptRoutes(app, trackerScript, hot?.onRequest);
  registerOptOutRoutes(app, services);
  registerUnsubscribeRoutes(app, services);
  registerDashboardRoutes(app, loadDashboard());
  app.register(async (api) => registerApi(api, services));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerRedirectRoutes(app, services, hot?.onRequest);
}

export function buildApp(deps: AppDeps): App {
  const { services } = deps;
  let shuttingDown = false;
  let closing = false;
  const trackerScript = loadTrackerScript();
  let logger: FastifyBaseLogger | undefined;
  const log = () => logger as FastifyBaseLogger;
  const hot = deps.hotRoutes === false ? undefined : new HotRoutes(services, trackerScript, log);
  const options: FastifyServerOptions = {
    logger: deps.logger ?? { level: services.config.logLevel, serializers: privateLogSerializers },
    // Behind a proxy the client address comes from X-Forwarded-For (PENUMBRA_TRUST_PROXY); without
    // one, trusting that header would let any client choose its address. Used only in memory.
    trustProxy: trustProxyOption(services.config.trustProxy),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    // The router's own refusals (a malformed %-escape, a parameter over 100 characters) would
    // otherwise be answered as Fastify's plain JSON, not problem details (test/fuzz).
    // The router's refusals skip the onSend hooks (Fastify's frameworkErrors): their security
    // headers are set here, so no answer goes without them.
    frameworkErrors: (error, request, reply) => renderError(error, request, reply.headers(SECURITY_HEADERS)),
    clientErrorHandler: answerClientError,
    ...(hot
      ? {
          serverFactory: hotServerFactory(hot, {
            trustProxy: services.config.trustProxy,
            log,
            closing: () => closing,
          }),
        }
      : {}),
  };
  const fastify: FastifyInstance = Fastify(options);
  logger = fastify.log;
  // From the start of close, hot requests go to Fastify too, which answers them 503.
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  for (const schema of [...classifySchemas, ...SHARED_SCHEMAS, statsQuerySchema]) fastify.addSchema(schema);
  fastify.setErrorHandler((error, request, reply) => renderError(error, request, reply));
  // U+0000 in a parameter, the query or the body: PostgreSQL cannot store it (nul-text.ts).
  fastify.addHook('preValidation', refuseNulText);
  registerJsonBodyParser(fastify);
  fastify.setNotFoundHandler((request, reply) =>
    renderError(
      new ProblemError('not_found', `No route for ${request.method} ${request.url.split('?', 1)[0]}`),
      request,
      reply,
    ),
  );
  applySecurityHeaders(fastify);
  applyHsts(fastify, services.config);
  // OpenAPI 3.1 generated from the route schemas (issue #3), served at /api/openapi.json.
  fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Penumbra API', version: packageVersion() },
      servers: [{ url: services.config.baseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          // The dashboard's session; state-changing requests also need the X-CSRF-Token header.
          session: { type: 'apiKey', in: 'cookie', name: 'penumbra_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema${index}`),
    },
  });
  hot?.watch(fastify);
  fastify.register(async (app) =>
    registerRoutes(app, services, { isReady: () => !shuttingDown, trackerScript, hot }),
  );
  return {
    fastify,
    markShuttingDown: () => {
      shuttingDown = true;
    },
  };
}
