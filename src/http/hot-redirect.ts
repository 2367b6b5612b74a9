import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { RedirectRequest } from '../links/redirect-service.js';
import type { Services } from '../services.js';
import { ProblemError } from './errors.js';
import { problemResponse, writeResponse } from './hot-response.js';
import { knownRedirectResponse, redirectRequest, redirectResponse } from './routes/redirect.js';

/** Short-link slugs (src/links/slugs.ts) within Fastify's 100-character parameter limit. */
const SLUG_PATH = /^\/[A-Za-z0-9_-]{1,100}$/;

/** The slug of `GET /<slug>[?query]`, or undefined when the path is anything else. */
export function slugOf(url: string): string | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  return SLUG_PATH.test(path) ? path.slice(1) : undefined;
}

/**
 * `GET /:slug` before Fastify: the same request facts, service call and response as
 * routes/redirect.ts, written straight to the socket — synchronously for a slug in memory (no
 * promise per redirect), through the store for the others. An unexpected error is logged with
 * the route only and answered `internal`, as render-error.ts does.
 */
export function answerRedirect(
  req: IncomingMessage,
  res: ServerResponse,
  slug: string,
  services: Services,
  log: FastifyBaseLogger,
): void {
  try {
    const request = redirectRequest(slug, 'GET', req.url ?? '/', req.headers, services);
    const outcome = services.redirects.resolveCached(request);
    const response = outcome && knownRedirectResponse(outcome, req.headers['accept-language']);
    if (response) writeResponse(res, response);
    else void answerFromStore(req, res, request, services, log);
  } catch (error) {
    fail(res, error, log);
  }
}

async function answerFromStore(
  req: IncomingMessage,
  res: ServerResponse,
  request: RedirectRequest,
  services: Services,
  log: FastifyBaseLogger,
): Promise<void> {
  try {
    const outcome = await services.redirects.resolve(request);
    writeResponse(res, await redirectResponse(outcome, req.headers['accept-language'], services));
  } catch (error) {
    fail(res, error, log);
  }
}

function fail(res: ServerResponse, error: unknown, log: FastifyBaseLogger): void {
  log.error({ err: error, route: '/:slug' }, 'unexpected error');
  if (!res.headersSent) writeResponse(res, problemResponse(new ProblemError('internal')));
}
