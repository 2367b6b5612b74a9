import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import type { RealtimeSnapshot } from '../../stats/realtime-service.js';
import { SITE_QUERY } from '../access.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemDetails } from '../errors.js';

export interface RealtimeRouteOptions {
  /** A `snapshot` event every this many ms after the first (default 5,000). */
  intervalMs?: number;
  /** A comment line every this many ms, so proxies and clients see the stream alive (default 15,000). */
  heartbeatMs?: number;
  /** The reconnection delay advised to `EventSource` clients with `retry:` (default 5,000). */
  retryMs?: number;
  /** The longest the server's close waits for a stream to end before destroying its socket (default 1,000). */
  closeGraceMs?: number;
}

/** The streams a registration has open, for tests and diagnostics. */
export interface RealtimeStreams {
  readonly open: number;
}

type RealtimeRequest = { Querystring: { site: string } };

/**
 * `onSend` hooks do not run for a hijacked reply: the headers every response carries
 * (security-headers.ts) are written here too.
 */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // nginx buffers proxied responses unless told not to; the events would arrive in bursts.
  'x-accel-buffering': 'no',
  // A stream ends only when one side gives up: its connection is not reused for another request.
  connection: 'close',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

function snapshotEvent(snapshot: RealtimeSnapshot): string {
  // JSON.stringify escapes line breaks inside strings, so the data is one line.
  return `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/** Ends a stream and resolves once its socket is gone (destroyed after `graceMs` at the latest). */
function endStream(response: ServerResponse, graceMs: number): Promise<void> {
  if (response.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => response.destroy(), graceMs);
    force.unref();
    response.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    response.end();
  });
}

/**
 * `GET /api/stats/realtime?site=DOMAIN` (issue #5): people on the site in the last 30 minutes by
 * channel, source and page, as Server-Sent Events — a `snapshot` event at once, then every
 * `intervalMs`, with comment heartbeats between. Register it behind `authenticate` (auth.ts). Each stream's
 * timers stop when its client goes; the server's close ends the streams still open (`preClose`),
 * otherwise it would wait for them forever.
 */
export function registerRealtimeRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'sites' | 'realtime'>,
  options: RealtimeRouteOptions = {},
): RealtimeStreams {
  const intervalMs = options.intervalMs ?? 5_000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 5_000;
  const closeGraceMs = options.closeGraceMs ?? 1_000;
  /** Each open stream, with the function that stops its timers. */
  const open = new Map<ServerResponse, () => void>();
  let closing = false;

  app.addHook('preClose', async () => {
    closing = true;
    const streams = [...open];
    for (const [, stop] of streams) stop();
    await Promise.all(streams.map(([response]) => endStream(response, closeGraceMs)));
  });

  app.get<RealtimeRequest>(
    '/api/stats/realtime',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        tags: ['stats'],
        summary: 'Visitors of the last 30 minutes, streamed',
        description:
          'Server-Sent Events: a `snapshot` event at once and then every few seconds, whose data is ' +
          '`{at, windowMinutes, visitors, pageviews, byChannel, bySource, byPage, truncated?}`.',
        querystring: {
          type: 'object',
          required: ['site'],
          properties: { site: { type: 'string', minLength: 1, maxLength: 300, description: 'Domain or id' } },
        },
        response: {
          200: {
            description: 'Server-Sent Events: `snapshot` events and comment heartbeats',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          404: { $ref: 'Problem#' },
        },
      },
    },
    async (request, reply) => {
      const reference = request.query.site;
      const site = await services.sites.find(reference);
      if (!site) throw new ProblemError('site_not_found', `There is no site "${reference}".`);
      // The first snapshot is read before the stream opens, so that a failure is still a problem+json.
      const first = await services.realtime.snapshot(site.id, Date.now());

      reply.hijack();
      const response = reply.raw;
      // The client may have gone while the snapshot was read: then there is nothing to stream to;
      // and a stream opened after the server began to close would never be ended.
      if (response.destroyed) return;
      if (closing) {
        const problem = problemDetails(new ProblemError('unavailable'));
        response.writeHead(503, { ...STREAM_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE });
        response.end(JSON.stringify(problem));
        return;
      }
      let ticker: NodeJS.Timeout | undefined;
      let heartbeat: NodeJS.Timeout | undefined;
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        clearTimeout(ticker);
        clearInterval(heartbeat);
        open.delete(response);
      };
      response.on('close', stop);
      response.on('error', stop);
      open.set(response, stop);

      // One snapshot at a time: the next is scheduled when this one is written, so a slow store
      // never piles up reads; a client that does not read (full socket buffer) skips snapshots.
      const tick = async () => {
        try {
          const snapshot = await services.realtime.snapshot(site.id, Date.now());
          if (!stopped && !response.writableNeedDrain) response.write(snapshotEvent(snapshot));
        } catch (error) {
          if (stopped) return;
          request.log.error({ err: error, route: '/api/stats/realtime' }, 'realtime snapshot failed');
          response.write(': snapshot failed, retrying\n\n');
        }
        if (!stopped) ticker = setTimeout(tick, intervalMs);
      };

      response.writeHead(200, STREAM_HEADERS);
      response.write(`retry: ${retryMs}\n: penumbra realtime\n\n`);
      response.write(snapshotEvent(first));
      ticker = setTimeout(tick, intervalMs);
      heartbeat = setInterval(() => {
        if (!stopped && !response.writableNeedDrain) response.write(': heartbeat\n\n');
      }, heartbeatMs);
    },
  );

  return {
    get open() {
      return open.size;
    },
  };
}
