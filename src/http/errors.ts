/**
 * The one error catalogue of the HTTP API (after Fastify's `FST_ERR_*` file): every error a
 * client can see has a stable `code`, an HTTP status and a title, and is rendered in one place
 * as RFC 9457 problem details (`application/problem+json`).
 */
export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, title: 'The request body is not valid JSON' },
  json_too_deep: { status: 400, title: 'The JSON nests too deeply' },
  invalid_body: { status: 400, title: 'The request body does not match the schema' },
  invalid_query: { status: 400, title: 'The query string does not match the schema' },
  invalid_input: { status: 400, title: 'The input is not valid' },
  too_many_items: { status: 400, title: 'Too many items in one request' },
  site_required: { status: 400, title: 'Name the site: you may use only some sites' },
  unauthorized: { status: 401, title: 'Sign in, or send a valid API token' },
  invalid_credentials: { status: 401, title: 'The email or the password is not right' },
  forbidden: { status: 403, title: 'You may not do that' },
  csrf_failed: { status: 403, title: 'The X-CSRF-Token header is missing or wrong' },
  setup_token_invalid: { status: 403, title: 'The setup token is not valid' },
  wrong_password: { status: 403, title: 'The current password is not right' },
  not_found: { status: 404, title: 'Not found' },
  site_not_found: { status: 404, title: 'There is no such site' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  conflict: { status: 409, title: 'That value is already taken' },
  setup_done: { status: 409, title: 'Penumbra is already set up' },
  last_owner: { status: 409, title: 'The last owner can be neither removed nor demoted' },
  body_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send the body as application/json' },
  invalid_link: { status: 422, title: 'The link cannot be made as asked' },
  invalid_site: { status: 422, title: 'The site cannot be saved as asked' },
  invalid_stats_query: { status: 422, title: 'The stats query cannot be answered as asked' },
  invalid_account: { status: 422, title: 'The account cannot be saved as asked' },
  invalid_goal: { status: 422, title: 'The goal cannot be saved as asked' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'The service is shutting down or not ready' },
  hashing_busy: { status: 503, title: 'Too many passwords are being checked at once' },
  store_unavailable: { status: 503, title: 'The database cannot be reached; try again shortly' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  [extension: string]: unknown;
}

/** An error a route raises on purpose; anything else becomes `internal`. */
export class ProblemError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** A more precise code for the same catalogue entry (`target_scheme` under `invalid_link`). */
    readonly subcode?: string,
  ) {
    super(detail ?? ERROR_CATALOGUE[code].title);
    this.name = 'ProblemError';
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

/** RFC 9457 §3.1.1: `type` is a URI naming the problem; a URN needs no server to resolve. */
function typeUri(code: string): string {
  return `urn:penumbra:problem:${code}`;
}

export function problemDetails(error: ProblemError): ProblemDetails {
  const code = error.subcode ?? error.code;
  const entry = ERROR_CATALOGUE[error.code];
  return {
    type: typeUri(code),
    title: entry.title,
    status: entry.status,
    code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...error.extensions,
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** How long a client should wait before trying again after a store outage (render-error.ts). */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The `Retry-After` value (RFC 9110 §10.2.3) a problem asks for, if any: its own `retryAfter`
 * extension (rate limits), or a short wait during a store outage. One rule for the Fastify and the
 * hot paths, so a 429 or 503 never lacks it on either.
 */
export function retryAfterOf(problem: ProblemError): string | undefined {
  const seconds = problem.extensions.retryAfter;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return String(Math.max(1, Math.ceil(seconds)));
  return problem.code === 'store_unavailable' ? String(STORE_RETRY_AFTER_SECONDS) : undefined;
}
