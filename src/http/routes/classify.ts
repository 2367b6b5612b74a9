import type { FastifyInstance } from 'fastify';
import { classify } from '../../classify/index.js';
import { classificationSchema, classifyInputSchema } from '../../classify/input-schema.js';
import { InvalidInputError, readClassifyInput } from '../../classify/read-input.js';
import type { Classification } from '../../classify/taxonomy.js';
import { ProblemError } from '../errors.js';

export const MAX_CLASSIFY_BATCH = 1_000;

/** JSON Pointer (RFC 6901) of an item, so a client can find the bad one in its batch. */
function classifyItem(value: unknown, pointer: string): Classification {
  try {
    return classify(readClassifyInput(value));
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
 * `POST /api/classify`: one request's facts, or an array of up to 1,000, classified.
 * The body schema documents the route; validation uses the same compiled schema as
 * `penumbra classify`, so both report the same messages, with the item's pointer.
 */
export function registerClassifyRoutes(app: FastifyInstance): void {
  app.post(
    '/api/classify',
    {
      bodyLimit: 4 * 1024 * 1024,
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
        },
      },
    },
    async (request) => classifyBody(request.body),
  );
}

export const classifySchemas = [classifyInputSchema, classificationSchema];
