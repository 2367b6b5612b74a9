import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { renderStatusPage } from '../../links/preview-page.js';
import type { RedirectOutcome, RedirectRequest } from '../../links/redirect-service.js';
import { optedOut } from '../../privacy/dnt.js';
import type { Services } from '../../services.js';
import type { PlainResponse } from '../hot-response.js';

const HTML = 'text/html; charset=utf-8';

/** French visitors get French status pages (RFC 9110 §12.5.4 Accept-Language, first tag wins). */
function pageLanguage(acceptLanguage: string | undefined): 'en' | 'fr' {
  return /^\s*fr\b/i.test(acceptLanguage ?? '') ? 'fr' : 'en';
}

/** `?qr` among the query's keys, decoded as Fastify's query parser decodes them. */
export function hasQrKey(query: string): boolean {
  if (query === '') return false;
  for (const part of query.split('&')) {
    const end = part.indexOf('=');
    let key = end === -1 ? part : part.slice(0, end);
    if (key.includes('%') || key.includes('+')) {
      try {
        key = decodeURIComponent(key.replaceAll('+', ' '));
      } catch {
        continue;
      }
    }
    if (key === 'qr') return true;
  }
  return false;
}

/** What the redirect service needs of one request, from the raw request line and headers. */
export function redirectRequest(
  slug: string,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  services: Services,
): RedirectRequest {
  const queryAt = url.indexOf('?');
  return {
    slug,
    method,
    url: `${services.config.baseUrl}${url}`,
    referrer: headers.referer,
    userAgent: headers['user-agent'],
    viaQr: queryAt !== -1 && hasQrKey(url.slice(queryAt + 1)),
    doNotTrack: optedOut(headers),
  };
}

// Redirect answers depend on who asks (people, previews, bots): shared caches must not keep them.
const NO_STORE = 'private, no-store';

function page(status: number, html: string): PlainResponse {
  return {
    status,
    headers: { 'cache-control': NO_STORE, vary: 'user-agent', 'content-type': HTML },
    body: html,
  };
}

function moved(status: number, location: string): PlainResponse {
  return { status, headers: { 'cache-control': NO_STORE, vary: 'user-agent', location }, body: '' };
}

/** The answer to an outcome known without the store; undefined for `not-found`. */
export function knownRedirectResponse(
  outcome: RedirectOutcome,
  acceptLanguage: string | undefined,
): PlainResponse | undefined {
  switch (outcome.type) {
    case 'redirect':
      return moved(outcome.status, outcome.location);
    case 'preview':
      return page(200, outcome.html);
    case 'gone':
      return page(410, renderStatusPage({ status: 410, lang: pageLanguage(acceptLanguage) }));
    case 'not-found':
      return undefined;
  }
}

/** The answer to an outcome, for Fastify and the hot route alike. */
export async function redirectResponse(
  outcome: RedirectOutcome,
  acceptLanguage: string | undefined,
  services: Services,
): Promise<PlainResponse> {
  const known = knownRedirectResponse(outcome, acceptLanguage);
  if (known) return known;
  const fallback = await services.sites.unknownSlugFallback();
  if (fallback) return moved(302, fallback);
  return page(404, renderStatusPage({ status: 404, lang: pageLanguage(acceptLanguage) }));
}

/**
 * `GET|HEAD /:slug`: the short-link redirect, registered last so every named route wins. A GET
 * is usually answered before Fastify by src/http/hot-redirect.ts with the same functions; this
 * route answers HEAD, and whatever the hot route leaves to the framework.
 */
export function registerRedirectRoutes(
  app: FastifyInstance,
  services: Services,
  onRequest?: onRequestHookHandler,
): void {
  app.get<{ Params: { slug: string } }>(
    '/:slug',
    { schema: { hide: true }, ...(onRequest ? { onRequest } : {}) },
    async (request, reply) => {
      const outcome = await services.redirects.resolve(
        redirectRequest(request.params.slug, request.method, request.url, request.headers, services),
      );
      const response = await redirectResponse(outcome, request.headers['accept-language'], services);
      return reply
        .code(response.status)
        .headers(response.headers)
        .send(response.body || undefined);
    },
  );
}
