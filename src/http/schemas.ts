/**
 * Shared JSON Schemas of the API, registered once with `addSchema` and referenced by `$id`
 * from route schemas; @fastify/swagger turns them into the OpenAPI components.
 */
const nullableString = { type: ['string', 'null'] } as const;
const totals = {
  clicks: { type: 'integer' },
  previews: { type: 'integer' },
  bots: { type: 'integer' },
} as const;

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    field: { type: 'string' },
    steps: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Funnels: the 0-based steps concerned (a share goal, an unknown or deleted goal)',
    },
  },
} as const;

export const variantSchema = {
  $id: 'LinkVariant',
  type: 'object',
  required: ['id', 'channel', 'slug', 'shortUrl', 'shareUrl'],
  properties: {
    id: { type: 'string' },
    channel: { type: 'string' },
    slug: { type: 'string' },
    shortUrl: { type: 'string' },
    shareUrl: { ...nullableString, description: "Opens the app's composer; null where the app has none." },
    preview: {
      type: 'object',
      description:
        "The card this variant's short link shows chat apps: its custom preview where set, else the kit's.",
      properties: { title: nullableString, description: nullableString, image: nullableString },
    },
    customPreview: {
      type: ['object', 'null'],
      description: 'What was set for this variant only (null fields follow the kit); null when nothing.',
      properties: { title: nullableString, description: nullableString, image: nullableString },
    },
  },
} as const;

export const linkSchema = {
  $id: 'Link',
  type: 'object',
  required: ['id', 'siteId', 'slug', 'shortUrl', 'url', 'variants'],
  properties: {
    id: { type: 'string' },
    siteId: { type: 'string' },
    slug: { type: 'string' },
    shortUrl: { type: 'string' },
    url: { type: 'string' },
    title: nullableString,
    description: nullableString,
    image: nullableString,
    utm: { type: 'object', additionalProperties: { type: 'string' } },
    tags: { type: 'array', items: { type: 'string' } },
    expiresAt: nullableString,
    maxClicks: { type: ['integer', 'null'] },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    variants: { type: 'array', items: { $ref: 'LinkVariant#' } },
  },
} as const;

export const linkStatsSchema = {
  $id: 'LinkStats',
  type: 'object',
  properties: {
    linkId: { type: 'string' },
    totals: { type: 'object', properties: totals },
    byVariant: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          variant: { type: 'string' },
          slug: { type: 'string' },
          ...totals,
          clicksPerPreview: {
            type: ['number', 'null'],
            description: "This link's clicks ÷ this link's previews (null without previews)",
          },
          previewsByApp: {
            type: 'array',
            description: 'The apps that fetched this link to draw its preview, most first',
            items: {
              type: 'object',
              properties: { source: { type: 'string' }, previews: { type: 'integer' } },
            },
          },
        },
      },
    },
    byChannel: {
      type: 'array',
      items: { type: 'object', properties: { channel: { type: 'string' }, ...totals } },
    },
    bySource: {
      type: 'array',
      description:
        "Per app that made the request: previews under the app that fetched the link, clicks under the link's channel (compare previews with clicks per variant, not per source)",
      items: { type: 'object', properties: { source: { type: 'string' }, ...totals } },
    },
    conversions: {
      type: ['object', 'null'],
      description:
        "Goal conversions of the visits the kit's variants brought over the requested period: claims whose attribution landed on the kit's target page with a source that is one of its variants' channels. Null when the site has no goal. Strict sites: rounded to 10.",
      properties: {
        from: { type: 'string' },
        to: { type: 'string' },
        total: { type: 'integer', description: 'Conversions on every goal' },
        converters: { type: 'integer', description: 'Visitors of a day who converted on any goal' },
        byGoal: {
          type: 'array',
          description: 'Every goal of the site, most conversions first',
          items: {
            type: 'object',
            properties: {
              goalId: { type: 'string' },
              goal: { type: 'string' },
              conversions: { type: 'integer' },
              converters: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

export const siteSchema = {
  $id: 'Site',
  type: 'object',
  required: ['id', 'domain', 'name', 'timezone'],
  properties: {
    id: { type: 'string' },
    domain: { type: 'string' },
    name: { type: 'string' },
    timezone: { type: 'string' },
    fallbackUrl: nullableString,
    privacyMode: { type: 'string', enum: ['anonymous', 'consented', 'strict'] },
    landingPaths: { type: 'array', items: { type: 'string' } },
    respectDnt: { type: 'boolean' },
    retentionMonths: { type: 'integer' },
    extraOrigins: { type: 'array', items: { type: 'string' } },
    queryParams: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
  },
} as const;

export const userSchema = {
  $id: 'User',
  type: 'object',
  description: 'A dashboard user (never their password hash).',
  required: ['id', 'email', 'name', 'role'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['owner', 'editor', 'viewer'] },
    allSites: {
      type: 'boolean',
      description: 'False: the user may use only the sites of `sites` (docs/access.md)',
    },
    sites: {
      type: 'array',
      description: 'Roles on chosen sites: they raise `role` there, or are all a confined user has',
      items: {
        type: 'object',
        properties: { siteId: { type: 'string' }, role: { type: 'string', enum: ['viewer', 'editor'] } },
      },
    },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const SHARED_SCHEMAS = [
  problemSchema,
  variantSchema,
  linkSchema,
  linkStatsSchema,
  siteSchema,
  userSchema,
];

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

/** `/api/sites/:id/<things>/:item`: one item (endpoint, delivery, recipient, rule) of one site. */
export const itemParams = {
  type: 'object',
  required: ['id', 'item'],
  properties: { id: { type: 'string', maxLength: 100 }, item: { type: 'string', maxLength: 100 } },
} as const;

/** Responses every authenticated route may give besides its success. */
export const problemResponses = {
  400: { $ref: 'Problem#' },
  401: { $ref: 'Problem#' },
  403: { $ref: 'Problem#' },
  404: { $ref: 'Problem#' },
  409: { $ref: 'Problem#' },
  422: { $ref: 'Problem#' },
} as const;
