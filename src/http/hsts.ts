import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

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

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',', 1)[0]?.trim().toLowerCase();
}

/**
 * Whether a request reached the client's side over HTTPS: a TLS socket; else, behind a trusted
 * proxy that says how the client came (`X-Forwarded-Proto`, its first value: the proxy nearest the
 * client), what it says; else the base URL's scheme. A client's own `X-Forwarded-Proto` is never
 * believed, and a trusted proxy saying `http` wins over the base URL, so the header is never sent
 * over plain HTTP (RFC 6797 §7.2).
 */
export function servedOverHttps(settings: HstsSettings, headers: IncomingHttpHeaders, tls: boolean): boolean {
  if (tls) return true;
  const trusted = settings.trustProxy !== false && settings.trustProxy !== 0;
  const forwarded = trusted ? firstValue(headers['x-forwarded-proto']) : undefined;
  if (forwarded !== undefined) return forwarded === 'https';
  return settings.baseUrl.toLowerCase().startsWith('https://');
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
  app.addHook('onSend', async (request, reply, payload) => {
    if (servedOverHttps(settings, request.headers, isTlsSocket(request.raw))) {
      reply.header('strict-transport-security', HSTS_VALUE);
    }
    return payload;
  });
}
