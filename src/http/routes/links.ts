import type { FastifyInstance } from 'fastify';
import { BULK_COLUMNS, type BulkOptions, createKitsFromCsv, MAX_BULK_ROWS } from '../../links/bulk-kits.js';
import type { CreateLinkInput, UpdateLinkInput } from '../../links/link-service.js';
import { linkStats } from '../../links/link-stats.js';
import type { LinkView } from '../../links/link-view.js';
import { type QrOptions, renderQrPng, renderQrSvg } from '../../links/qr.js';
import type { VariantPreviewInput } from '../../links/variant-previews.js';
import type { Services } from '../../services.js';
import { DATE_PRESETS } from '../../stats/query-model.js';
import { LINK_PARAM, SITE_BODY, SITE_QUERY } from '../access.js';
import { ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';
import { type DarkSocialQuerystring, readDateRange } from './stats.js';

const linkFields = {
  url: { type: 'string', maxLength: 4096 },
  title: { type: ['string', 'null'], maxLength: 1000 },
  description: { type: ['string', 'null'], maxLength: 4000 },
  image: { type: ['string', 'null'], maxLength: 4096 },
  utm: { type: 'object', additionalProperties: { type: 'string' } },
  tags: { type: 'array', items: { type: 'string' }, maxItems: 100 },
  expiresAt: { type: ['string', 'null'], description: 'ISO 8601 date-time' },
  maxClicks: { type: ['integer', 'null'] },
} as const;

const SITE_FIELD = {
  type: 'string',
  description: 'Site id or domain; the default site when absent.',
} as const;

const createBody = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    ...linkFields,
    site: SITE_FIELD,
    slug: { type: 'string', maxLength: 200 },
    autofill: {
      type: 'boolean',
      description:
        "Fill the title, description and image left out from the page's own tags (og:*, twitter:*, <title>, meta description, image_src); what is given, null included, wins. 422 autofill_failed when the page cannot be read.",
    },
    channels: {
      type: 'array',
      maxItems: 30,
      items: { type: 'string' },
      description:
        'One variant per channel: whatsapp, messenger, telegram, signal, sms, email, slack, discord, teams, linkedin, x, facebook, reddit, bluesky, mastodon, threads, line, viber, copy, qr.',
    },
  },
} as const;

const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...linkFields, disabled: { type: 'boolean' } },
} as const;

const autofillBody = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: { url: linkFields.url },
} as const;

const bulkBody = {
  type: 'object',
  required: ['csv'],
  additionalProperties: false,
  properties: {
    csv: {
      type: 'string',
      maxLength: 2_000_000,
      description: `One kit per row. A header row names the columns (${BULK_COLUMNS.join(', ')}, utm_*); without one, one URL per line. Lists are separated by spaces, ; or |. At most ${MAX_BULK_ROWS} rows.`,
    },
    site: SITE_FIELD,
    channels: { ...createBody.properties.channels, description: 'Channels for the rows that name none.' },
    autofill: {
      type: 'boolean',
      description: "Fill each row's missing title, description and image from its page.",
    },
  },
} as const;

const bulkReportSchema = {
  type: 'object',
  properties: {
    created: { type: 'integer' },
    failed: { type: 'integer' },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          line: { type: 'integer' },
          url: { type: 'string' },
          ok: { type: 'boolean' },
          kit: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              slug: { type: 'string' },
              shortUrl: { type: 'string' },
              title: { type: ['string', 'null'] },
              variants: { type: 'integer' },
            },
          },
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

const variantPreviewBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: linkFields.title,
    description: linkFields.description,
    image: linkFields.image,
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    site: { type: 'string' },
    tag: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const qrQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    size: { type: 'integer', minimum: 64, maximum: 2048 },
    margin: { type: 'integer', minimum: 0, maximum: 16 },
    level: { type: 'string', enum: ['L', 'M', 'Q', 'H'] },
  },
} as const;

const linkStatsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    date_range: { type: 'string', enum: [...DATE_PRESETS] },
    from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;

type IdParams = { Params: { id: string } };
type QrQuery = { size?: number; margin?: number; level?: 'L' | 'M' | 'Q' | 'H' };

function found(link: LinkView | undefined, id: string): LinkView {
  if (!link) throw new ProblemError('not_found', `There is no link "${id}".`);
  return link;
}

/** A QR code should open the kit's `qr` variant, so scans count as `qr`; else the short URL with `?qr`. */
function qrTarget(link: LinkView): string {
  return link.variants.find((variant) => variant.channel === 'qr')?.shortUrl ?? `${link.shortUrl}?qr`;
}

function qrOptions(query: {
  size?: number;
  margin?: number;
  level?: QrOptions['errorCorrection'];
}): QrOptions {
  return {
    ...(query.size === undefined ? {} : { size: query.size }),
    ...(query.margin === undefined ? {} : { margin: query.margin }),
    ...(query.level === undefined ? {} : { errorCorrection: query.level }),
  };
}

/**
 * `/api/links`: links and share kits, their stats and QR codes. Behind `authenticate`: viewers
 * read, editors create and change, owners delete.
 */
export function registerLinkRoutes(app: FastifyInstance, services: Services): void {
  const { links } = services;
  const tags = ['links'];

  app.post<{ Body: CreateLinkInput }>(
    '/api/links',
    {
      config: { access: 'editor', scope: 'links:write', site: SITE_BODY },
      schema: {
        tags,
        summary: 'Create a link or a share kit',
        body: createBody,
        response: { 201: { $ref: 'Link#' }, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await links.create(request.body)),
  );

  app.post<{ Body: { url: string } }>(
    '/api/links/autofill',
    {
      config: { access: 'editor', scope: 'links:write', site: 'none' },
      schema: {
        tags,
        summary: "A page's own title, description and image, to start a kit's form from",
        description:
          'Fetched through the SSRF-safe client (http(s) only, private addresses refused, bounded). 422 autofill_failed when the page cannot be read.',
        body: autofillBody,
        response: {
          200: {
            type: 'object',
            properties: {
              url: { type: 'string' },
              title: { type: ['string', 'null'] },
              description: { type: ['string', 'null'] },
              image: { type: ['string', 'null'] },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => links.autofill(request.body.url),
  );

  app.post<{ Body: BulkOptions & { csv: string } }>(
    '/api/links/bulk',
    {
      config: { access: 'editor', scope: 'links:write', site: SITE_BODY },
      schema: {
        tags,
        summary: 'Create share kits from a CSV of URLs, with a report per row',
        description:
          'A bad row is reported (its line, code and message) and the rest goes on. 422 when no row can be read (csv_empty, csv_invalid, csv_too_many_rows).',
        body: bulkBody,
        response: { 200: bulkReportSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { csv, ...options } = request.body;
      return createKitsFromCsv(links, csv, options);
    },
  );

  app.get<{ Querystring: { site?: string; tag?: string; limit: number; offset: number } }>(
    '/api/links',
    {
      config: { access: 'viewer', scope: 'stats:read', site: SITE_QUERY },
      schema: {
        tags,
        summary: 'List links, newest first',
        querystring: listQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: 'Link#' } },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      ...(await links.list(request.query)),
      limit: request.query.limit,
      offset: request.query.offset,
    }),
  );

  app.get<IdParams>(
    '/api/links/:id',
    {
      config: { access: 'viewer', scope: 'stats:read', site: LINK_PARAM },
      schema: {
        tags,
        summary: 'Get a link and its variants',
        params: idParams,
        response: { 200: { $ref: 'Link#' }, ...problemResponses },
      },
    },
    async (request) => found(await links.get(request.params.id), request.params.id),
  );

  app.patch<IdParams & { Body: UpdateLinkInput }>(
    '/api/links/:id',
    {
      config: { access: 'editor', scope: 'links:write', site: LINK_PARAM },
      schema: {
        tags,
        summary: 'Change a link (and every variant of its kit)',
        params: idParams,
        body: patchBody,
        response: { 200: { $ref: 'Link#' }, ...problemResponses },
      },
    },
    async (request) => found(await links.update(request.params.id, request.body), request.params.id),
  );

  app.put<IdParams & { Body: VariantPreviewInput }>(
    '/api/links/:id/preview',
    {
      config: { access: 'editor', scope: 'links:write', site: LINK_PARAM },
      schema: {
        tags,
        summary: "Set one variant's own preview (title, description, image) for its channel",
        description:
          "The id is a variant's. A string sets a field for this variant only; null makes it follow the kit again. The kit is returned.",
        params: idParams,
        body: variantPreviewBody,
        response: { 200: { $ref: 'Link#' }, ...problemResponses },
      },
    },
    async (request) =>
      found(await links.setVariantPreview(request.params.id, request.body), request.params.id),
  );

  app.delete<IdParams>(
    '/api/links/:id',
    {
      config: { access: 'owner', scope: 'links:write', site: LINK_PARAM },
      schema: {
        tags,
        summary: 'Delete a link, its variants and their events',
        params: idParams,
        response: { 204: { type: 'null' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!(await links.delete(request.params.id)))
        throw new ProblemError('not_found', `There is no link "${request.params.id}".`);
      return reply.code(204).send();
    },
  );

  app.get<IdParams & { Querystring: Omit<DarkSocialQuerystring, 'site'> }>(
    '/api/links/:id/stats',
    {
      config: { access: 'viewer', scope: 'stats:read', site: LINK_PARAM },
      schema: {
        tags,
        summary:
          'Clicks, previews (shares per app) and bots, by variant, channel and source; goal conversions',
        description:
          "Clicks, previews and bots are all time. `conversions` covers `date_range` (a preset, `all` by default) or `from`–`to`, in the site's time zone.",
        params: idParams,
        querystring: linkStatsQuery,
        response: { 200: { $ref: 'LinkStats#' }, ...problemResponses },
      },
    },
    async (request) => {
      const link = found(await links.get(request.params.id), request.params.id);
      const site = await services.stats.site(link.siteId);
      const input = readDateRange(site.id, {
        ...request.query,
        date_range: request.query.date_range ?? 'all',
      });
      return linkStats(services.store, link, await services.stats.range(site, input));
    },
  );

  const qrFormats = [
    { extension: 'svg', label: 'SVG', type: 'image/svg+xml', render: renderQrSvg },
    { extension: 'png', label: 'PNG', type: 'image/png', render: renderQrPng },
  ] as const;
  for (const format of qrFormats) {
    app.get<IdParams & { Querystring: QrQuery }>(
      `/api/links/:id/qr.${format.extension}`,
      {
        config: { access: 'viewer', scope: 'stats:read', site: LINK_PARAM },
        schema: {
          tags,
          summary: `QR code (${format.label}) that opens the kit through its qr channel`,
          params: idParams,
          querystring: qrQuery,
        },
      },
      async (request, reply) => {
        const link = found(await links.get(request.params.id), request.params.id);
        const image: string | Buffer = await format.render(qrTarget(link), qrOptions(request.query));
        return reply.type(format.type).send(image);
      },
    );
  }
}
