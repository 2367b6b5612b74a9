import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ProblemError, problemDetails, retryAfterOf } from './errors.js';
import { HSTS_VALUE } from './hsts.js';
import { HTML_CONTENT_SECURITY_POLICY, isHtml, SECURITY_HEADERS } from './security-headers.js';

/**
 * A response as plain data, made once by the hot routes' shared functions and written either
 * by Fastify (`sendThroughFastify`) or straight to the socket (`writeResponse`), so that both
 * paths send the same status, headers and bytes (issue 12, "same behaviour, same headers").
 */
export interface PlainResponse {
  status: number;
  /** Lower-case names. `content-type` whenever there is a body. */
  headers: Record<string, string>;
  /** Empty: no body (`content-length: 0`, as Fastify's `reply.send()` sends). */
  body: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** RFC 9457 problem details, as render-error.ts renders them. */
export function problemResponse(problem: ProblemError, headers: Record<string, string> = {}): PlainResponse {
  const retryAfter = retryAfterOf(problem);
  return {
    status: problem.status,
    headers: {
      ...headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
    },
    body: JSON.stringify(problemDetails(problem)),
  };
}

/**
 * Writes what Fastify would (its reply.js `onSendEnd`): the response's own headers, then the
 * security headers its onSend hook adds to every response (and the HTML CSP unless the route set
 * one), and the length.
 */
/**
 * Answers of the hot routes that go out over HTTPS (hot-routes.ts marks them before routing):
 * HSTS joins the flat header list here, since a header set on `res` beforehand would make Node
 * set every header of the list one by one.
 */
export const HSTS_RESPONSES = new WeakSet<ServerResponse>();

export function writeResponse(res: ServerResponse, response: PlainResponse): void {
  const headers = response.headers;
  // One flat list to writeHead: without headers set before (HSTS), Node writes it as it is,
  // skipping the per-header bookkeeping of setHeader (node:_http_outgoing).
  const list: string[] = [];
  for (const name in headers) list.push(name, headers[name] as string);
  for (const name in SECURITY_HEADERS) list.push(name, SECURITY_HEADERS[name] as string);
  if (HSTS_RESPONSES.has(res)) list.push('strict-transport-security', HSTS_VALUE);
  const type = headers['content-type'];
  if (type !== undefined && headers['content-security-policy'] === undefined && isHtml(type)) {
    list.push('content-security-policy', HTML_CONTENT_SECURITY_POLICY);
  }
  // As Fastify: no length on 204 and 304 (RFC 9110 §8.6), `0` on other empty answers.
  const bodiless = response.status === 204 || response.status === 304;
  if (!bodiless) list.push('content-length', String(Buffer.byteLength(response.body)));
  res.writeHead(response.status, list);
  res.end(bodiless ? undefined : response.body);
}
