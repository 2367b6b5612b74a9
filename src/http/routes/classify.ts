import type { FastifyInstance } from 'fastify';
import { classifyFacts } from '../../classify/index.js';
import { classificationSchema, classifyInputSchema } from '../../classify/input-schema.js';
import { InvalidInputError, readClassifyInput } from '../../classify/read-input.js';
import type { Classification } from '../../classify/taxonomy.js';
import { type ClientLimit, ClientLimiter } from '../../privacy/client-limiter.js';
import { ProblemError } from '../errors.js';

export const MAX_CLASSIFY_BATCH = 1_000;

/**
 * Anyone may call this route, so each client address has a budget of classified items (issue 13,
 * finding 8): 2,000 at once (two full batches), then 100 a second. A classification costs a few
 * microseconds, so one client can take at most a sliver of the process.
 */
export const CLASSIFY_ITEMS_BURST = 2_000;
export const CLASSIFY_ITEMS_PER_SECOND = 100;

/** Refuses a request past the client's budget; render-error.ts sets Retry-After from `retryAfter`. */
function refuse(limit: ClientLimit): void {
  if (limit.allowed) return;
  throw new ProblemError('rate_limited', 'Too many classifications from one client: wait and retry.', {
    retryAfter: limit.retryAfterSeconds,
  });
}

/** JSON Pointer (RFC 6901) of an item, so a client can find the bad one in its batch. */
function classifyItem(value: unknown, pointer: string): Classification {
  try {
    return classifyFacts(readClassifyInput(value));
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new ProblemError('invalid_body', `${pointer || 'body'}: ${error.message}`, { pointer });
    }
    throw error;
  }
}

function classifyBody(body: unknown): Classification | Classification[] {
  if (!Array.isArray(body)) return classifyItem(body, '');
  if (body.length > MAX_CLASSIFY_BATCH) {
    throw new ProblemError('too_many_items', `Send at most ${MAX_CLASSIFY_BATCH} items per request.`);
  }
  return body.map((item, index) => classifyItem(item, `/${index}`));
}

/**
 * `POST /api/classify`: one request's facts, or an array of up to 1,000, classified, within
 * each client's budget of items (429 with `Retry-After` beyond it).
 * The body schema documents the route; validation uses the same compiled schema as
 * `penumbra classify`, so both report the same messages, with the item's pointer.
 */
export function registerClassifyRoutes(app: FastifyInstance): void {
  const limiter = new ClientLimiter({ rate: CLASSIFY_ITEMS_PER_SECOND, burst: CLASSIFY_ITEMS_BURST });
  app.post(
    '/api/classify',
    {
      bodyLimit: 4 * 1024 * 1024,
      // One item is taken before the body is even read, so a refused client costs no parsing.
      onRequest: async (request, _reply) => refuse(limiter.take(request.ip)),
      // The rest of a batch once its size is known.
      preHandler: async (request, _reply) => {
        const items = Array.isArray(request.body) ? Math.min(request.body.length, MAX_CLASSIFY_BATCH) : 1;
        if (items > 1) refuse(limiter.take(request.ip, items - 1));
      },
      validatorCompiler: () => (value) => ({ value }),
      schema: {
        summary: 'Classify requests',
        description:
          'Says whether each request is a person, a link preview or a bot, with its channel, medium and source.',
        body: {
          oneOf: [
            { $ref: 'ClassifyInput#' },
            { type: 'array', items: { $ref: 'ClassifyInput#' }, maxItems: MAX_CLASSIFY_BATCH },
          ],
        },
        response: {
          200: {
            oneOf: [{ $ref: 'Classification#' }, { type: 'array', items: { $ref: 'Classification#' } }],
          },
          429: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => classifyBody(request.body),
  );
}

export const classifySchemas = [classifyInputSchema, classificationSchema];
