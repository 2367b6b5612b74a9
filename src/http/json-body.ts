import type { FastifyInstance } from 'fastify';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../json-depth.js';
import { ProblemError } from './errors.js';

/** The 400 answer to a body nested deeper than `MAX_JSON_DEPTH`. */
export function tooDeepProblem(limit: number = MAX_JSON_DEPTH): ProblemError {
  return new ProblemError('json_too_deep', `JSON may nest at most ${limit} levels deep.`, {
    maxDepth: limit,
  });
}

/**
 * Every `application/json` body of the app goes through the depth check before Fastify's own
 * parser (kept for its `__proto__` refusal), so no route's validation or clone ever sees a deep value.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string)) {
      done(tooDeepProblem(), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
