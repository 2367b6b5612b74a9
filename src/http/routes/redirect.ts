import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderStatusPage } from '../../links/preview-page.js';
import type { RedirectOutcome } from '../../links/redirect-service.js';
import { optedOut } from '../../privacy/dnt.js';
import type { Services } from '../../services.js';

const HTML = 'text/html; charset=utf-8';

/** French visitors get French status pages (RFC 9110 §12.5.4 Accept-Language, first tag wins). */
function pageLanguage(request: FastifyRequest): 'en' | 'fr' {
  return /^\s*fr\b/i.test(request.headers['accept-language'] ?? '') ? 'fr' : 'en';
}

async function sendOutcome(
  outcome: RedirectOutcome,
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
) {
  // Redirect answers depend on who asks (people, previews, bots): shared caches must not keep them.
  reply.header('cache-control', 'private, no-store').header('vary', 'user-agent');
  switch (outcome.type) {
    case 'redirect':
      return reply.code(outcome.status).header('location', outcome.location).send();
    case 'preview':
      return reply.code(200).type(HTML).send(outcome.html);
    case 'gone':
      return reply
        .code(410)
        .type(HTML)
        .send(renderStatusPage({ status: 410, lang: pageLanguage(request) }));
    case 'not-found': {
      const fallback = await services.sites.unknownSlugFallback();
      if (fallback) return reply.code(302).header('location', fallback).send();
      return reply
        .code(404)
        .type(HTML)
        .send(renderStatusPage({ status: 404, lang: pageLanguage(request) }));
    }
  }
}

/** `GET|HEAD /:slug`: the short-link redirect, registered last so every named route wins. */
export function registerRedirectRoutes(app: FastifyInstance, services: Services): void {
  const base = services.config.baseUrl;
  app.get<{ Params: { slug: string }; Querystring: Record<string, string> }>(
    '/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const outcome = await services.redirects.resolve({
        slug: request.params.slug,
        method: request.method,
        url: `${base}${request.url}`,
        referrer: request.headers.referer,
        userAgent: request.headers['user-agent'],
        viaQr: Object.hasOwn(request.query, 'qr'),
        doNotTrack: optedOut(request.headers),
      });
      return sendOutcome(outcome, request, reply, services);
    },
  );
}
