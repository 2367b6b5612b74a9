import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderUnsubscribePage } from '../../reports/unsubscribe-page.js';
import type { Services } from '../../services.js';
import { optOutLanguage } from './opt-out.js';

const HTML = 'text/html; charset=utf-8';
type TokenRequest = { Params: { token: string } };
const params = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 200 } },
} as const;

/**
 * `/unsubscribe/:token`, the link in every digest e-mail (issue 14), without sign-in: GET asks,
 * POST unsubscribes: the page's button, or a mail client's one-click unsubscription
 * (List-Unsubscribe-Post, RFC 8058, a form-encoded POST). The token is a signed recipient id
 * (src/reports/unsubscribe-token.ts); its path is never logged (app.ts).
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, services: Services): void {
  const { recipients } = services.delivery;
  const send = (reply: FastifyReply, html: string, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(html);

  app.get<TokenRequest>('/unsubscribe/:token', { schema: { hide: true, params } }, async (request, reply) => {
    const recipient = await recipients.recipientOfToken(request.params.token);
    if (!recipient) {
      const language = optOutLanguage(undefined, request.headers['accept-language']);
      return send(reply, renderUnsubscribePage('unknown', language), 404);
    }
    const site = await services.sites.find(recipient.siteId);
    return send(reply, renderUnsubscribePage('confirm', recipient.language, site?.domain ?? ''));
  });

  app.register(async (scope) => {
    // RFC 8058 §3.1: the one-click POST is form-encoded (or multipart); its content is not needed.
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'multipart/form-data'],
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, _body, done) => done(null, undefined),
    );
    scope.post<TokenRequest>(
      '/unsubscribe/:token',
      { schema: { hide: true, params } },
      async (request, reply) => {
        const recipient = await recipients.recipientOfToken(request.params.token);
        const language = recipient?.language ?? optOutLanguage(undefined, request.headers['accept-language']);
        const removed = await recipients.unsubscribe(request.params.token);
        return send(
          reply,
          renderUnsubscribePage(removed ? 'done' : 'unknown', language),
          removed ? 200 : 404,
        );
      },
    );
  });
}
