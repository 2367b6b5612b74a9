import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries (OWASP Secure Headers Project): no MIME sniffing, no framing,
 * no referrer leaking our URLs (short links must not pass their slug on to the target).
 */
export function applySecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
