import type { FastifyInstance } from 'fastify';
import {
  bundleFileName,
  bundleMarkdown,
  DOCUMENT_IDS,
  DOCUMENT_LANGUAGES,
  type DocumentLanguage,
  siteDocumentBundle,
} from '../../privacy/documents/index.js';
import type { Services } from '../../services.js';
import { SITE_PARAM } from '../access.js';
import { ProblemError } from '../errors.js';
import { idParams } from '../schemas.js';

type DocumentsRequest = {
  Params: { id: string };
  Querystring: { lang?: DocumentLanguage; format?: 'json' | 'markdown' };
};

const sectionSchema = {
  type: 'object',
  required: ['heading', 'paragraphs'],
  properties: {
    heading: { type: 'string' },
    paragraphs: { type: 'array', items: { type: 'string' } },
    items: { type: 'array', items: { type: 'string' } },
  },
} as const;

const documentSchema = {
  type: 'object',
  required: ['id', 'title', 'sections', 'markdown'],
  properties: {
    id: { type: 'string', enum: [...DOCUMENT_IDS] },
    title: { type: 'string' },
    sections: {
      type: 'array',
      items: sectionSchema,
      description: 'Plain text: render each string as text, never as HTML.',
    },
    markdown: { type: 'string', description: 'The same document as Markdown' },
  },
} as const;

const bundleSchema = {
  type: 'object',
  required: ['siteId', 'lang', 'generatedAt', 'documents'],
  properties: {
    siteId: { type: 'string' },
    lang: { type: 'string', enum: [...DOCUMENT_LANGUAGES] },
    generatedAt: { type: 'string', format: 'date-time' },
    documents: { type: 'array', items: documentSchema },
  },
} as const;

/** `format=markdown`, or an `Accept` that names Markdown (and only an explicit ask) gets the file. */
function wantsMarkdown(format: string | undefined, accept: string | undefined): boolean {
  return format === 'markdown' || (format === undefined && /\btext\/markdown\b/i.test(accept ?? ''));
}

/**
 * `GET /api/sites/:id/privacy/documents` (issue #7): the site's record of processing (GDPR
 * Art. 30), privacy-notice section and DPIA summary, generated from its current settings and
 * this installation's configuration, in English or French; as JSON, or as one Markdown file.
 */
export function registerPrivacyDocumentRoutes(api: FastifyInstance, services: Services): void {
  api.get<DocumentsRequest>(
    '/api/sites/:id/privacy/documents',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_PARAM },
      schema: {
        tags: ['privacy'],
        summary: 'Generated privacy documents of a site',
        description:
          'A record of processing activities entry (GDPR Art. 30), a privacy-notice section and a DPIA ' +
          'summary, following the site’s privacy mode, retention, DNT setting and the country source. ' +
          'Engineering aids, not legal advice. `Accept: text/markdown` or `format=markdown` answers one ' +
          'Markdown file.',
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            lang: { type: 'string', enum: [...DOCUMENT_LANGUAGES], default: 'en' },
            format: { type: 'string', enum: ['json', 'markdown'] },
          },
        },
        response: {
          200: {
            description: 'The three documents',
            content: {
              'application/json': { schema: bundleSchema },
              'text/markdown': { schema: { type: 'string' } },
            },
          },
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          404: { $ref: 'Problem#' },
        },
      },
    },
    async (request, reply) => {
      const reference = request.params.id;
      const site = await services.sites.find(reference);
      if (!site) throw new ProblemError('site_not_found', `There is no site "${reference}".`);
      const lang = request.query.lang ?? 'en';
      const bundle = siteDocumentBundle(site, services.config, lang);
      if (!wantsMarkdown(request.query.format, request.headers.accept)) return bundle;
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${bundleFileName(site.domain, lang)}"`)
        .send(bundleMarkdown(bundle));
    },
  );
}
