import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KitPreview } from '../../previews/app-warnings.js';
import type { PreviewAppId } from '../../previews/preview-apps.js';
import { PreviewLab, PreviewUrlError } from '../../previews/preview-lab.js';
import { previewCheckBodySchema, previewReportSchema } from '../../previews/preview-report-schema.js';
import { ClientLimiter } from '../../privacy/client-limiter.js';
import type { Services } from '../../services.js';
import { principalOf } from '../access.js';
import { ProblemError } from '../errors.js';
import { problemResponses } from '../schemas.js';

/**
 * Checks per signed-in user or token: a burst of 30, then one every 2 s. A check costs up to a few
 * dozen bounded outbound requests; the limit keeps one account from turning the server into a
 * crawler. Repeated checks within 5 minutes are answered from the cache but still count.
 */
export const PREVIEW_CHECKS_BURST = 30;
export const PREVIEW_CHECKS_PER_SECOND = 0.5;

function principalKey(request: FastifyRequest): string {
  const principal = principalOf(request);
  return principal.kind === 'token' ? `token:${principal.tokenId}` : `user:${principal.user.id}`;
}

interface CheckBody {
  url: string;
  apps?: PreviewAppId[];
  kit?: KitPreview;
  inlineImages?: boolean;
}

/**
 * `POST /api/previews/check`: the link-preview lab (issue 15). Any signed-in viewer may check a
 * URL: the lab reaches only public addresses (outboundFetch), bounds every request, and keeps
 * recent answers, so a check costs the server a handful of bounded requests at most.
 */
export function registerPreviewCheckRoutes(app: FastifyInstance, services: Services): void {
  const lab = new PreviewLab({ allowLoopback: services.config.outboundAllowLoopback });
  const limiter = new ClientLimiter({ rate: PREVIEW_CHECKS_PER_SECOND, burst: PREVIEW_CHECKS_BURST });
  app.post<{ Body: CheckBody }>(
    '/api/previews/check',
    {
      config: { access: 'viewer', scope: 'stats:read', site: 'none' },
      schema: {
        tags: ['previews'],
        summary: 'Preview lab: how each chat app draws the card of a URL, and what is wrong with it',
        description:
          "Fetches the page as each app's fetcher does (user agent, redirects, bytes read, image limits; docs/previews.md), in parallel, and answers one card per app with its warnings (error, warning, info), each with its fix in English and French. Answers of the last 5 minutes are reused (`cached`). At most 30 checks at once per user or token, then one every 2 s (429 with `Retry-After`).",
        body: previewCheckBodySchema,
        response: { 200: previewReportSchema, ...problemResponses, 429: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      const limit = limiter.take(principalKey(request));
      if (!limit.allowed) {
        throw new ProblemError('rate_limited', 'Too many preview checks: wait and retry.', {
          retryAfter: limit.retryAfterSeconds,
        });
      }
      try {
        return await lab.check(request.body);
      } catch (error) {
        if (error instanceof PreviewUrlError) {
          throw new ProblemError('invalid_input', error.message, {}, 'invalid_preview_url');
        }
        throw error;
      }
    },
  );
}
