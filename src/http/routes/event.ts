import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { InvalidEventError, readEventPayload } from '../../events/event-payload.js';
import { IngestRejection, type IngestService } from '../../events/ingest-service.js';
import { InvalidRevenueError } from '../../events/revenue.js';
import { jsonDepthExceeds } from '../../json-depth.js';
import { clientBucketKey, newBucketSecret } from '../../privacy/client-limiter.js';
import type { RateLimiter } from '../../privacy/rate-limiter.js';
import { ProblemError } from '../errors.js';
import { JSON_TYPE, type PlainResponse } from '../hot-response.js';
import { tooDeepProblem } from '../json-body.js';
import { holdsNul, nulBodyProblem } from '../nul-text.js';

/** The snippet's body limit (issue #4): a page view is a few hundred bytes. */
export const EVENT_BODY_LIMIT = 8 * 1024;

function parsePayload(body: unknown) {
  if (typeof body !== 'string')
    throw new ProblemError('invalid_body', 'Send the event as a JSON text/plain body.');
  // The snippet's text/plain body is parsed here, so it gets the app's depth check here too.
  if (jsonDepthExceeds(body)) throw tooDeepProblem();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ProblemError('invalid_json', (error as Error).message);
  }
  // Fastify's hook sees this body as text; its strings are only known here (nul-text.ts).
  if (holdsNul(value)) throw nulBodyProblem();
  try {
    return readEventPayload(value);
  } catch (error) {
    if (error instanceof InvalidRevenueError)
      throw new ProblemError('invalid_body', error.message, {}, 'revenue_invalid');
    if (error instanceof InvalidEventError) throw new ProblemError('invalid_body', error.message);
    throw error;
  }
}

/**
 * CORS for the snippet (Fetch standard, CORS protocol): the answer names the page's origin so
 * its script may read the share token; `text/plain` POSTs need no preflight, but one is answered
 * for clients that send JSON. Set before anything can fail, so errors carry them too.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** The limiter's buckets are keyed by a keyed hash of the client address (client-limiter.ts). */
const LIMITER_SECRET = newBucketSecret();

function toProblem(error: unknown): unknown {
  if (!(error instanceof IngestRejection)) return error;
  return error.code === 'site_unknown'
    ? new ProblemError('not_found', error.message, {}, 'site_unknown')
    : new ProblemError('forbidden', error.message, {}, 'origin_forbidden');
}

export interface EventRequest {
  /** The body as text, or whatever Fastify's parser made of it (only text is accepted). */
  body: unknown;
  headers: IncomingHttpHeaders;
  ip: string;
}

/**
 * One tracker event, for Fastify and the hot route alike (src/http/hot-event.ts): the answer,
 * or a thrown ProblemError (or unexpected error) for the caller to render.
 */
export async function answerEvent(
  ingest: IngestService,
  limiter: RateLimiter,
  request: EventRequest,
): Promise<PlainResponse> {
  const headers = corsHeaders(request.headers.origin);
  const key = clientBucketKey(LIMITER_SECRET, request.ip);
  if (!limiter.allow(key))
    throw new ProblemError('rate_limited', 'Slow down: too many events from one client.', {
      retryAfter: limiter.waitMs(key) / 1000,
    });
  try {
    const outcome = await ingest.ingest({
      payload: parsePayload(request.body),
      origin: request.headers.origin,
      userAgent: request.headers['user-agent'],
      ip: request.ip,
      headers: request.headers,
    });
    if (outcome.status !== 200) return { status: outcome.status, headers, body: '' };
    return {
      status: 200,
      headers: { ...headers, 'content-type': JSON_TYPE },
      body: JSON.stringify(outcome.body),
    };
  } catch (error) {
    throw toProblem(error);
  }
}

/**
 * `POST /api/event`: one event from the tracker snippet (docs/tracking-protocol.md). The common
 * case (a text/plain body of known length) is answered before Fastify by src/http/hot-event.ts;
 * this route answers the rest (other media types, bodies over the limit, chunked bodies).
 */
export function registerEventRoutes(
  app: FastifyInstance,
  ingest: IngestService,
  limiter: RateLimiter,
  onRequest?: onRequestHookHandler,
): void {
  app.options('/api/event', async (request, reply) => {
    return reply
      .headers(corsHeaders(request.headers.origin))
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });

  app.post(
    '/api/event',
    {
      bodyLimit: EVENT_BODY_LIMIT,
      schema: {
        summary: 'Record a tracker event',
        description: 'Sent by the snippet as text/plain JSON; see docs/tracking-protocol.md.',
        security: [],
      },
      ...(onRequest ? { onRequest } : {}),
    },
    async (request, reply) => {
      reply.headers(corsHeaders(request.headers.origin));
      const response = await answerEvent(ingest, limiter, {
        body: request.body,
        headers: request.headers,
        ip: request.ip,
      });
      return reply
        .code(response.status)
        .headers(response.headers)
        .send(response.body || undefined);
    },
  );
}
