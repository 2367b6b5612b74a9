import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidEventError, readEventPayload } from '../../events/event-payload.js';
import { IngestRejection, type IngestService } from '../../events/ingest-service.js';
import { jsonDepthExceeds } from '../../json-depth.js';
import type { RateLimiter } from '../../privacy/rate-limiter.js';
import { ProblemError } from '../errors.js';
import { tooDeepProblem } from '../json-body.js';

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
  try {
    return readEventPayload(value);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new ProblemError('invalid_body', error.message);
    throw error;
  }
}

/**
 * CORS for the snippet (Fetch standard, CORS protocol): the answer names the page's origin so
 * its script may read the share token; `text/plain` POSTs need no preflight, but one is answered
 * for clients that send JSON.
 */
function allowOrigin(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

/**
 * The rate limiter is keyed by a keyed hash of the client address, with a key that lives only in
 * this process: even the limiter's memory holds no IP address.
 */
const LIMITER_KEY = randomBytes(32);
function clientKey(ip: string): string {
  return createHmac('sha256', LIMITER_KEY).update(ip).digest('base64url').slice(0, 22);
}

function toProblem(error: unknown): unknown {
  if (!(error instanceof IngestRejection)) return error;
  return error.code === 'site_unknown'
    ? new ProblemError('not_found', error.message, {}, 'site_unknown')
    : new ProblemError('forbidden', error.message, {}, 'origin_forbidden');
}

/** `POST /api/event`: one event from the tracker snippet (docs/tracking-protocol.md). */
export function registerEventRoutes(app: FastifyInstance, ingest: IngestService, limiter: RateLimiter): void {
  app.options('/api/event', async (request, reply) => {
    allowOrigin(request, reply);
    return reply
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
    },
    async (request, reply) => {
      allowOrigin(request, reply);
      if (!limiter.allow(clientKey(request.ip)))
        throw new ProblemError('rate_limited', 'Slow down: too many events from one client.');
      try {
        const outcome = await ingest.ingest({
          payload: parsePayload(request.body),
          origin: request.headers.origin,
          userAgent: request.headers['user-agent'],
          ip: request.ip,
          headers: request.headers,
        });
        return outcome.status === 200
          ? reply.code(200).send(outcome.body)
          : reply.code(outcome.status).send();
      } catch (error) {
        throw toProblem(error);
      }
    },
  );
}
