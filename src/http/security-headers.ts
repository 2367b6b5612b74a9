import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every HTML page we serve — the dashboard (`/app`, `/setup`,
 * `/login`, `/share/*`), the short links' preview and status pages: scripts, styles, images and
 * connections from our own origin only (images also as `data:` URLs), no inline script or style,
 * no framing, no `<base>`, forms posting only to us. The preview and status pages carry no script
 * and no inline style, and their meta refresh is not governed by CSP.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** The headers of every response, HTML or not (see applySecurityHeaders). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});

export function isHtml(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^\s*text\/html\b/i.test(contentType);
}

/**
 * Headers every response carries (OWASP Secure Headers Project): no MIME sniffing, no framing,
 * no referrer leaking our URLs (short links must not pass their slug on to the target, nor a
 * public dashboard its token); and the CSP above on HTML responses. A route that sets its own
 * CSP keeps it.
 */
export function applySecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    // The hot routes (src/http/hot-response.ts) write the same headers without this hook.
    reply.headers(SECURITY_HEADERS);
    if (isHtml(reply.getHeader('content-type')) && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', HTML_CONTENT_SECURITY_POLICY);
    }
    return payload;
  });
}
