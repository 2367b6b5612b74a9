import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Services } from '../services.js';
import { answerHotEvent, isHotEventRequest } from './hot-event.js';
import { answerRedirect, slugOf } from './hot-redirect.js';
import { HSTS_RESPONSES, writeResponse } from './hot-response.js';
import { httpsJudge, isTlsSocket } from './hsts.js';
import { type TrackerScript, trackerScriptResponse } from './routes/tracker-script.js';

/** The client's address, asked for only by the routes that need it (the event's limiter). */
export type ClientIp = (req: IncomingMessage) => string;

/** A GET route of one static segment (`/login`, `/healthz`): Fastify's, never a short link. */
const STATIC_SEGMENT = /^\/[^/:*]+$/;

function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * The three routes that carry nearly all of a busy server's traffic — `GET /:slug`,
 * `POST /api/event` and `GET /p.js` — answered by plain `node:http` code (issue 12, "hot routes
 * answered before the framework"), with the same functions the Fastify routes use, so both
 * give the same status, headers and body. Only their common case is taken, decided on the
 * request line and headers before any of the body is read; everything else (HEAD, other media
 * types, bodies over the limit, a path Fastify routes elsewhere, the tracker not built) is left
 * to Fastify, which answers it exactly as before.
 *
 * Used twice: in front of Fastify on the socket (hot-front.ts), and as an onRequest hook of the
 * three Fastify routes, so in-process requests (`inject`) take the same code.
 */
export class HotRoutes {
  /** Single-segment GET paths Fastify routes itself (filled by `watch` as routes register). */
  private readonly staticPaths = new Set<string>();
  private readonly servedOverHttps: ReturnType<typeof httpsJudge>;

  constructor(
    private readonly services: Services,
    private readonly trackerScript: TrackerScript | undefined,
    private readonly log: () => FastifyBaseLogger,
  ) {
    this.servedOverHttps = httpsJudge(services.config);
  }

  /** Call before any route is registered: learns the static paths a slug must not shadow. */
  watch(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('GET') && STATIC_SEGMENT.test(route.url)) this.staticPaths.add(route.url);
    });
  }

  /**
   * Answers `req` if it is a hot route's common case (the answer may complete later); false
   * when Fastify should answer it.
   */
  answer(req: IncomingMessage, res: ServerResponse, ip: ClientIp): boolean {
    // HSTS as hsts.ts adds it to Fastify's answers (issue 13, finding 14): marked before the
    // answer may be written (writeResponse adds it), unmarked when Fastify answers instead (its
    // onSend hook adds its own).
    const secure = this.servedOverHttps(req.headers, isTlsSocket(req));
    if (secure) HSTS_RESPONSES.add(res);
    const answered = this.route(req, res, ip);
    if (secure && !answered) HSTS_RESPONSES.delete(res);
    return answered;
  }

  private route(req: IncomingMessage, res: ServerResponse, ip: ClientIp): boolean {
    const url = req.url ?? '';
    if (req.method === 'GET') {
      if (url === '/p.js' || url.startsWith('/p.js?')) return this.answerScript(req, res);
      const slug = slugOf(url);
      if (slug === undefined || this.staticPaths.has(pathOf(url))) return false;
      answerRedirect(req, res, slug, this.services, this.log());
      return true;
    }
    if (req.method === 'POST' && pathOf(url) === '/api/event' && isHotEventRequest(req)) {
      const { ingest, eventLimiter } = this.services;
      void answerHotEvent(req, res, ip(req), { ingest, limiter: eventLimiter, log: this.log() });
      return true;
    }
    return false;
  }

  /** The onRequest hook of the three Fastify routes: the same answer, for `inject` too. */
  readonly onRequest: onRequestHookHandler = (request, reply, done) => {
    if (this.answer(request.raw, reply.raw, () => request.ip)) reply.hijack();
    done();
  };

  private answerScript(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.trackerScript) return false;
    writeResponse(res, trackerScriptResponse(this.trackerScript, req.headers['if-none-match']));
    return true;
  }
}
