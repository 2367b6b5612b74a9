import { PREVIEW_APP_IDS } from './preview-apps.js';

/** JSON Schemas of the lab's input and report, for `POST /api/previews/check` (OpenAPI). */
const bilingual = {
  type: 'object',
  properties: { en: { type: 'string' }, fr: { type: 'string' } },
} as const;

const previewFields = {
  title: { type: 'string', maxLength: 500 },
  description: { type: 'string', maxLength: 2000 },
  image: { type: 'string', maxLength: 2048 },
} as const;

const kitSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    "A share kit's own preview: a page tag that differs from it is flagged (kit_mismatch); `apps` gives the preview of the kit's link for an app's channel, field by field over the kit's",
  properties: {
    ...previewFields,
    apps: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        PREVIEW_APP_IDS.map((id) => [
          id,
          { type: 'object', additionalProperties: false, properties: previewFields },
        ]),
      ),
    },
  },
} as const;

export const previewCheckBodySchema = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048, description: 'An absolute http(s) URL' },
    apps: {
      type: 'array',
      items: { type: 'string', enum: [...PREVIEW_APP_IDS] },
      minItems: 1,
      maxItems: PREVIEW_APP_IDS.length,
      description: 'Only these apps (every app when absent)',
    },
    kit: kitSchema,
    inlineImages: {
      type: 'boolean',
      default: false,
      description: 'Add `images`: each drawn image up to 256 KB as a data: URL, by its URL',
    },
  },
} as const;

const hop = {
  type: 'object',
  properties: { url: { type: 'string' }, status: { type: 'integer' }, location: { type: 'string' } },
} as const;

const cardSchema = {
  type: 'object',
  properties: {
    layout: { type: 'string', enum: ['none', 'text', 'small', 'large'] },
    title: { type: 'string' },
    titleCut: { type: 'boolean' },
    description: { type: 'string' },
    descriptionCut: { type: 'boolean' },
    siteName: { type: 'string' },
    domain: { type: 'string' },
    image: {
      type: 'object',
      properties: {
        url: { type: 'string' },
        source: { type: 'string' },
        width: { type: 'integer' },
        height: { type: 'integer' },
        bytes: { type: 'integer' },
        contentType: { type: 'string' },
      },
    },
    themeColor: { type: 'string' },
  },
} as const;

const warningSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    message: bilingual,
    fix: bilingual,
  },
} as const;

export const previewReportSchema = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    checkedAt: { type: 'string' },
    elapsedMs: { type: 'integer' },
    cached: { type: 'boolean' },
    images: { type: 'object', additionalProperties: { type: 'string' } },
    counts: {
      type: 'object',
      properties: { error: { type: 'integer' }, warning: { type: 'integer' }, info: { type: 'integer' } },
    },
    apps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          app: { type: 'string', enum: [...PREVIEW_APP_IDS] },
          name: { type: 'string' },
          themes: { type: 'array', items: { type: 'string', enum: ['light', 'dark'] } },
          card: cardSchema,
          warnings: { type: 'array', items: warningSchema },
          fetch: {
            type: 'object',
            properties: {
              status: { type: 'integer' },
              url: { type: 'string' },
              redirects: { type: 'array', items: hop },
              firstByteMs: { type: 'number' },
              error: {
                type: 'object',
                properties: { code: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const;
