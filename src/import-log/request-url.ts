import type { ParsedRequest } from './parsed-request.js';

/**
 * The absolute URL the classifier needs (its landing host tells internal referrers apart): an
 * absolute-form target as is (RFC 9112 §3.2.2, sent to proxies), otherwise the logged virtual
 * host, else the site's domain, in front of the origin-form target. Access logs do not say the
 * scheme; https is assumed, which classification does not depend on.
 */
export function requestUrl(request: Pick<ParsedRequest, 'target' | 'host'>, siteDomain: string): string {
  const { target } = request;
  if (target.startsWith('http://') || target.startsWith('https://')) return target;
  const path = target.startsWith('/') ? target : `/${target}`;
  return `https://${request.host ?? siteDomain}${path}`;
}
