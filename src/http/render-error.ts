import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AccessInputError } from '../accounts/access-input-error.js';
import { AccountError } from '../accounts/account-error.js';
import { AccountInputError } from '../accounts/account-input-error.js';
import { FunnelInputError } from '../funnels/funnel-input-error.js';
import { GoalInputError } from '../goals/goal-input-error.js';
import { LinkInputError } from '../links/link-input-error.js';
import { DeliveryInputError } from '../outbox/delivery-input-error.js';
import { SiteInputError } from '../sites/site-input-error.js';
import { StatsPlanError } from '../stats/rollup-planner.js';
import { StatsQueryError } from '../stats/stats-query-schema.js';
import { SiteNotFoundError } from '../stats/stats-service.js';
import { StoreConflictError } from '../store/store.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemDetails, retryAfterOf } from './errors.js';

/**
 * One schema failure in words; an `enum` names the values it allows (issue 16: a bad
 * `date_range` only said "must be equal to one of the allowed values").
 */
function validationMessage(issue: NonNullable<FastifyError['validation']>[number]): string {
  const message = issue.message ?? 'is not valid';
  const allowed =
    issue.keyword === 'enum' ? (issue.params as { allowedValues?: unknown }).allowedValues : undefined;
  return Array.isArray(allowed)
    ? `${message}: ${allowed.map((value) => JSON.stringify(value)).join(', ')}`
    : message;
}

/** Fastify's own errors (body parsing, limits, validation) in our catalogue's words. */
function fromFastifyError(error: FastifyError): ProblemError | undefined {
  if (error.validation) {
    const context = error.validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      pointer: issue.instancePath || '/',
      message: validationMessage(issue),
    }));
    const detail = errors.map((issue) => `${context}${issue.pointer} ${issue.message}`).join('; ');
    return new ProblemError(context === 'querystring' ? 'invalid_query' : 'invalid_body', detail, { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError('invalid_json', error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError('body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError('unsupported_media_type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError('invalid_body', error.message);
    // No id, slug or token is longer than the router's 100-character parameter limit.
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ProblemError('not_found', 'No resource has a name that long.');
    case 'FST_ERR_BAD_URL':
      return new ProblemError('invalid_input', 'The path holds a malformed %-escape.');
    // The client closed the connection while sending its body (Node's `aborted`, which Fastify
    // passes on with status 400): nobody reads the answer, and it is not our error to log.
    case 'ECONNRESET':
      return new ProblemError('invalid_body', 'The connection closed before the body was complete.');
  }
  if (error instanceof SyntaxError) return new ProblemError('invalid_json', error.message);
  return undefined;
}

/** Services' own input errors keep their precise code (`target_scheme`, `slug_taken` …) as `code`. */
function fromServiceError(error: unknown): ProblemError | undefined {
  if (error instanceof LinkInputError) {
    return new ProblemError('invalid_link', error.message, { field: error.field }, error.code);
  }
  if (error instanceof DeliveryInputError) {
    // A delivery still being tried is a state conflict (RFC 9110 §15.5.10), not a bad request.
    const status = error.code === 'delivery_not_replayable' ? 'conflict' : 'invalid_input';
    return new ProblemError(status, error.message, { field: error.field }, error.code);
  }
  if (error instanceof FunnelInputError) {
    // A saved funnel whose goal was deleted since: the request was fine, the funnel is not.
    const extensions = { field: error.field, ...(error.steps.length > 0 ? { steps: error.steps } : {}) };
    return new ProblemError(
      error.code === 'funnel_goal_missing' ? 'conflict' : 'invalid_input',
      error.message,
      extensions,
      error.code,
    );
  }
  if (error instanceof GoalInputError) {
    // A name already used on the site is a conflict (409), as `slug_taken` and `email_taken` are.
    const entry = error.code === 'goal_name_taken' ? 'conflict' : 'invalid_goal';
    return new ProblemError(entry, error.message, { field: error.field }, error.code);
  }
  if (error instanceof SiteInputError) {
    return new ProblemError('invalid_site', error.message, { field: error.field }, error.code);
  }
  if (error instanceof StatsQueryError) {
    const errors = error.problems.map(({ pointer, message, code }) => ({ pointer, message, code }));
    return new ProblemError('invalid_body', error.message, { errors }, error.problems[0]?.code);
  }
  if (error instanceof StatsPlanError) {
    const extensions = error.answerable ? { answerable: error.answerable } : {};
    return new ProblemError('invalid_stats_query', error.message, extensions, error.code);
  }
  if (error instanceof SiteNotFoundError) return new ProblemError('site_not_found', error.message);
  if (error instanceof AccountError) {
    // A full password-hashing queue (passwords.ts) asks the client to come back in a second.
    return new ProblemError(
      error.code,
      error.message,
      error.code === 'hashing_busy' ? { retryAfter: 1 } : {},
    );
  }
  if (error instanceof AccountInputError) {
    return new ProblemError('invalid_account', error.message, { field: error.field }, error.code);
  }
  if (error instanceof AccessInputError) {
    return new ProblemError('invalid_account', error.message, { field: error.field }, error.code);
  }
  if (error instanceof StoreConflictError) {
    return new ProblemError('conflict', error.message, { field: error.field }, `${error.field}_taken`);
  }
  return undefined;
}

export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  // The store's outage before Fastify's codes: a reset database socket is ECONNRESET too.
  if (isStoreUnavailable(error)) return new ProblemError('store_unavailable');
  return fromServiceError(error) ?? fromFastifyError(error as FastifyError) ?? new ProblemError('internal');
}

/**
 * The one place errors become responses: RFC 9457 problem details, never a stack trace.
 * Unexpected errors are logged with the route, not the request's headers or address.
 */
export function renderError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problem.code === 'internal') {
    request.log.error({ err: error, route: request.routeOptions.url }, 'unexpected error');
  }
  // The store's outage is logged once by the event sink; a line per request would be a storm
  // (issue #13, finding 5).
  const retryAfter = retryAfterOf(problem);
  if (retryAfter !== undefined) reply.header('retry-after', retryAfter);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemDetails(problem));
}
