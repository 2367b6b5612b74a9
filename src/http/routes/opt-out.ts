import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { type OptOutLang, renderOptOutPage, renderUnknownSitePage } from '../../sites/opt-out-page.js';

const HTML = 'text/html; charset=utf-8';

type Query = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `?lang=fr|en` when given; else the better-weighted of French and English in Accept-Language
 * (RFC 9110 §12.5.4: `q` from 0 to 1, 1 when absent); English when it names neither.
 */
export function optOutLanguage(lang: string | undefined, acceptLanguage: string | undefined): OptOutLang {
  if (lang === 'fr' || lang === 'en') return lang;
  let best: OptOutLang = 'en';
  let bestWeight = 0;
  for (const range of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = range.split(';');
    const primary = tag.trim().toLowerCase().split('-', 1)[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(param)?.[1]).find(Boolean);
    const weight = q === undefined ? 1 : Number(q);
    if (weight > bestWeight) {
      best = primary;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * `GET /opt-out?site=DOMAIN[&return=URL][&lang=fr|en]`: the public visitor opt-out page (issue
 * #7), no sign-in; the link a site's privacy notice gives. Unknown sites get a 404 page.
 */
export function registerOptOutRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: Query }>('/opt-out', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query;
    const lang = optOutLanguage(first(query.lang), request.headers['accept-language']);
    reply.type(HTML).header('cache-control', 'no-cache').header('vary', 'accept-language');
    const domain = first(query.site);
    const site = domain ? await services.sites.findByDomain(domain) : undefined;
    if (!site) return reply.code(404).send(renderUnknownSitePage(lang));
    const returnUrl = first(query.return);
    const self = new URLSearchParams({ site: site.domain, ...(returnUrl ? { return: returnUrl } : {}) });
    return reply.send(renderOptOutPage({ site, lang, returnUrl, selfQuery: `/opt-out?${self}` }));
  });
}
