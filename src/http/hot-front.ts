import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyServerFactory, FastifyServerOptions } from 'fastify';
import { clientAddress } from './hot-client-address.js';
import type { HotRoutes } from './hot-routes.js';

export interface HotFrontOptions {
  trustProxy: boolean | number;
  /** Fastify's logger (known once the instance exists, after the server is made). */
  log: () => FastifyBaseLogger;
  /** True once Fastify is closing: every request then goes to Fastify, which answers 503. */
  closing: () => boolean;
}

let requests = 0;

/** Levels at which Fastify writes its two lines per request (`info`). */
const INFO_OR_MORE = new Set(['info', 'debug', 'trace']);

/**
 * Fastify's two request log lines (`incoming request`, `request completed`) for a request the
 * hot routes answer, at the same level and through the same serializers (app.ts
 * privateLogSerializers: method and path only, never an address or a header).
 */
function logRequest(log: FastifyBaseLogger, req: IncomingMessage, res: ServerResponse): void {
  const child = log.child({ reqId: `req-h${(++requests).toString(36)}` });
  const start = performance.now();
  child.info({ req }, 'incoming request');
  res.once('finish', () => child.info({ res, responseTime: performance.now() - start }, 'request completed'));
}

/**
 * Fastify's `serverFactory`: a `node:http` server whose requests go first to the hot routes and,
 * when these leave them, to Fastify's own handler. The server gets Fastify's timeouts, as
 * Fastify's own server factory (lib/server.js getServerInstance) would set them.
 */
export function hotServerFactory(hot: HotRoutes, options: HotFrontOptions): FastifyServerFactory {
  const { trustProxy, log, closing } = options;
  const ipOf = (req: IncomingMessage) => clientAddress(req, trustProxy);
  // Fastify's level is set once from the config; read per request it showed in profiles.
  let logRequests: boolean | undefined;
  const factory = (
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    fastifyOptions: FastifyServerOptions,
  ) => {
    const server = createServer((req, res) => {
      if (!closing() && hot.answer(req, res, ipOf)) {
        const logger = log();
        logRequests ??= INFO_OR_MORE.has(logger.level);
        if (logRequests) logRequest(logger, req, res);
        return;
      }
      handler(req, res);
    });
    server.keepAliveTimeout = fastifyOptions.keepAliveTimeout ?? 72_000;
    server.requestTimeout = fastifyOptions.requestTimeout ?? 0;
    server.setTimeout(fastifyOptions.connectionTimeout ?? 0);
    const perSocket = fastifyOptions.maxRequestsPerSocket;
    if (typeof perSocket === 'number' && perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  };
  return factory as unknown as FastifyServerFactory;
}
