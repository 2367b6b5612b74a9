import type { FastifyInstance } from 'fastify';
import type { KitPreview } from '../../previews/app-warnings.js';
import type { PreviewAppId } from '../../previews/preview-apps.js';
import { PreviewLab, PreviewUrlError } from '../../previews/preview-lab.js';
import { previewCheckBodySchema, previewReportSchema } from '../../previews/preview-report-schema.js';
import type { Services } from '../../services.js';
import { ProblemError } from '../errors.js';
import { problemResponses } from '../schemas.js';

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
  app.post<{ Body: CheckBody }>(
    '/api/previews/check',
    {
      config: { access: 'viewer', scope: 'stats:read', site: 'none' },
      schema: {
        tags: ['previews'],
        summary: 'Preview lab: how each chat app draws the card of a URL, and what is wrong with it',
        description:
          "Fetches the page as each app's fetcher does (user agent, redirects, bytes read, image limits; docs/previews.md), in parallel, and answers one card per app with its warnings (error, warning, info), each with its fix in English and French. Answers of the last 5 minutes are reused (`cached`).",
        body: previewCheckBodySchema,
        response: { 200: previewReportSchema, ...problemResponses },
      },
    },
    async (request) => {
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
