import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { firstHeaderValue } from '../privacy/header-value.js';

/**
 * HTTP Strict Transport Security (RFC 6797): a year, subdomains included (OWASP HTTP Headers
 * Cheat Sheet). Issue 13, finding 14: Penumbra sent none, even behind a proxy that said HTTPS.
 */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

export interface HstsSettings {
  /** `PENUMBRA_BASE_URL`: an `https://` base URL means the public face is HTTPS. */
  baseUrl: string;
  /** `PENUMBRA_TRUST_PROXY`: only then is `X-Forwarded-Proto` believed. */
  trustProxy: boolean | number;
}

/**
 * Whether a request reached the client's side over HTTPS: a TLS socket; else, behind a trusted
 * proxy that says how the client came (`X-Forwarded-Proto`, its first value: the proxy nearest the
 * client), what it says; else the base URL's scheme. A client's own `X-Forwarded-Proto` is never
 * believed, and a trusted proxy saying `http` wins over the base URL, so the header is never sent
 * over plain HTTP (RFC 6797 §7.2).
 */
export function httpsJudge(settings: HstsSettings): (headers: IncomingHttpHeaders, tls: boolean) => boolean {
  // Worked out once: the judge runs on every request, the hot routes' included.
  const trusted = settings.trustProxy !== false && settings.trustProxy !== 0;
  const baseIsHttps = settings.baseUrl.toLowerCase().startsWith('https://');
  return (headers, tls) => {
    if (tls) return true;
    const forwarded = trusted ? firstHeaderValue(headers, 'x-forwarded-proto')?.toLowerCase() : undefined;
    if (forwarded !== undefined) return forwarded === 'https';
    return baseIsHttps;
  };
}

/** Whether the request came on a TLS socket (`node:https`, `tls.TLSSocket.encrypted`). */
export function isTlsSocket(request: IncomingMessage): boolean {
  return (request.socket as { encrypted?: boolean }).encrypted === true;
}

/**
 * Adds `Strict-Transport-Security` to every response Fastify sends for a request served over
 * HTTPS; the hot routes (hot-routes.ts) add it to theirs.
 */
export function applyHsts(app: FastifyInstance, settings: HstsSettings): void {
  const servedOverHttps = httpsJudge(settings);
  app.addHook('onSend', async (request, reply, payload) => {
    if (servedOverHttps(request.headers, isTlsSocket(request.raw))) {
      reply.header('strict-transport-security', HSTS_VALUE);
    }
    return payload;
  });
}

/** One request's answer of `httpsJudge` (for a single question; a server keeps its judge). */
export function servedOverHttps(settings: HstsSettings, headers: IncomingHttpHeaders, tls: boolean): boolean {
  return httpsJudge(settings)(headers, tls);
}
