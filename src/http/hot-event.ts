import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestService } from '../events/ingest-service.js';
import type { RateLimiter } from '../privacy/rate-limiter.js';
import { problemResponse, writeResponse } from './hot-response.js';
import { toProblem } from './render-error.js';
import { answerEvent, corsHeaders, EVENT_BODY_LIMIT } from './routes/event.js';

/**
 * The bodies the hot route reads itself: the snippet's `text/plain` (sendBeacon and fetch send
 * `text/plain;charset=UTF-8`), of a declared length within the limit. Any other media type,
 * charset, length or a chunked body goes to Fastify, whose parsers and limits answer it
 * (415, 413 …) exactly as before.
 */
const SNIPPET_TYPE = /^text\/plain\s*(?:;\s*charset=utf-8\s*)?$/i;

export function isHotEventRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  const length = req.headers['content-length'];
  if (type === undefined || length === undefined || req.headers['transfer-encoding'] !== undefined)
    return false;
  if (!SNIPPET_TYPE.test(type)) return false;
  const bytes = Number(length);
  return Number.isInteger(bytes) && bytes >= 0 && bytes <= EVENT_BODY_LIMIT;
}

export interface EventDeps {
  ingest: IngestService;
  limiter: RateLimiter;
  log: FastifyBaseLogger;
}

/** Reads the whole body (at most EVENT_BODY_LIMIT bytes, checked before) as UTF-8. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      ),
    );
    req.on('error', reject);
  });
}

/**
 * `POST /api/event` before Fastify: the same CORS headers, limiter, parsing, ingestion and
 * problem details as routes/event.ts (answerEvent), written straight to the socket.
 */
export async function answerHotEvent(
  req: IncomingMessage,
  res: ServerResponse,
  ip: string,
  deps: EventDeps,
): Promise<void> {
  let body: string;
  try {
    body = await readBody(req);
  } catch {
    // The client went away mid-body: there is no one to answer.
    res.destroy();
    return;
  }
  try {
    writeResponse(res, await answerEvent(deps.ingest, deps.limiter, { body, headers: req.headers, ip }));
  } catch (error) {
    const problem = toProblem(error);
    if (problem.code === 'internal') deps.log.error({ err: error, route: '/api/event' }, 'unexpected error');
    writeResponse(res, problemResponse(problem, corsHeaders(req.headers.origin)));
  }
}
