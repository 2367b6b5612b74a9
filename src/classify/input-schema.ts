/**
 * The JSON Schema of one classification request, shared by `POST /api/classify` (and its
 * OpenAPI document) and `penumbra classify`, so that both accept exactly the same input.
 * Unknown properties are allowed and ignored: JSON Lines files often carry labels along.
 */
export const classifyInputSchema = {
  $id: 'ClassifyInput',
  type: 'object',
  required: ['url'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 8192, description: 'The landing URL, absolute.' },
    referrer: {
      type: ['string', 'null'],
      maxLength: 8192,
      description: 'The Referer header; empty or null when none.',
    },
    userAgent: {
      type: ['string', 'null'],
      maxLength: 2048,
      description:
        'The User-Agent header. Absent or null: not known, the request is classified as a person from url, referrer and hints (no bot or preview check). Empty: the request sent none, a bot.',
    },
    hints: {
      type: 'object',
      description: 'Facts only a script in the page sees.',
      properties: {
        globals: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 64 } },
        requestedWith: { type: 'string', maxLength: 256 },
      },
    },
    trackedChannel: { type: 'string', maxLength: 64, description: 'The channel of the tracked link used.' },
    shareToken: {
      oneOf: [
        { type: 'string', maxLength: 256 },
        { type: 'object', properties: { channel: { type: 'string', maxLength: 64 } } },
      ],
    },
    landingPaths: { type: 'array', maxItems: 256, items: { type: 'string', maxLength: 512 } },
  },
} as const;

export const classificationSchema = {
  $id: 'Classification',
  type: 'object',
  required: ['kind', 'channel', 'medium', 'source', 'evidence', 'confidence'],
  properties: {
    kind: { type: 'string', enum: ['human', 'preview', 'bot'] },
    channel: { type: 'string' },
    medium: { type: 'string' },
    source: { type: 'string' },
    evidence: { type: 'string' },
    confidence: { type: 'string', enum: ['certain', 'likely', 'inferred'] },
  },
} as const;
