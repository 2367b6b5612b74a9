import { Ajv } from 'ajv';
import {
  checkRevenue,
  type EventProps,
  InvalidRevenueError,
  isRevenueProp,
  REVENUE_LIMIT,
} from './revenue.js';

/** The JSON body the snippet sends (docs/tracking-protocol.md, "Events"). */
export interface EventPayload {
  s: string;
  t: 'pageview' | 'event' | 'copy' | 'share' | 'outbound';
  u: string;
  r?: string;
  k?: string;
  n?: string;
  /** `revenue` among them is no property but the event's revenue (revenue.ts). */
  p?: EventProps;
  v?: number;
  g?: string[];
  c?: 1;
}

/** A custom event property's value. */
const PROPERTY_VALUE = { type: ['string', 'number', 'boolean'], maxLength: 200 } as const;

export const eventPayloadSchema = {
  $id: 'EventPayload',
  type: 'object',
  required: ['s', 't', 'u'],
  additionalProperties: false,
  properties: {
    s: { type: 'string', minLength: 1, maxLength: 253 },
    t: { type: 'string', enum: ['pageview', 'event', 'copy', 'share', 'outbound'] },
    u: { type: 'string', minLength: 1, maxLength: 4096 },
    r: { type: 'string', maxLength: 4096 },
    k: { type: 'string', maxLength: 120 },
    n: { type: 'string', minLength: 1, maxLength: 100 },
    p: {
      type: 'object',
      maxProperties: 20,
      propertyNames: { maxLength: 40 },
      properties: {
        // Only an object is revenue (revenue.ts): `revenue: 12` or `"12.00"`, sent as a plain
        // property by sites older than the feature, stays a property under the usual rules.
        revenue: {
          if: { type: 'object' },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then (draft 7), read by Ajv, never awaited
          then: {
            required: ['amount', 'currency'],
            additionalProperties: false,
            properties: {
              amount: { type: 'number', minimum: -REVENUE_LIMIT, maximum: REVENUE_LIMIT },
              currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
            },
          },
          else: PROPERTY_VALUE,
        },
      },
      additionalProperties: PROPERTY_VALUE,
    },
    v: { type: 'integer', minimum: 0, maximum: 10 },
    g: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 40 } },
    c: { const: 1 },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile<EventPayload>(eventPayloadSchema);

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * Checks a decoded body; custom events need a name, as do share and outbound events. Throws
 * InvalidEventError, or InvalidRevenueError for a bad `p.revenue` (revenue.ts), whose currency
 * it upper-cases in place.
 */
export function readEventPayload(value: unknown): EventPayload {
  if (!validate(value)) {
    const [first] = validate.errors ?? [];
    const message = `${first?.instancePath || 'body'} ${first?.message ?? 'is not valid'}`;
    // A bad revenue gets its own code (revenue_invalid), whatever part of it is wrong; a bad
    // scalar `revenue` is a bad property like any other.
    if (first?.instancePath.startsWith('/p/revenue') && isRevenueProp(readRevenue(value))) {
      throw new InvalidRevenueError(message);
    }
    throw new InvalidEventError(message);
  }
  if (value.t !== 'pageview' && value.t !== 'copy' && value.n === undefined) {
    throw new InvalidEventError(`a "${value.t}" event needs a name (n)`);
  }
  const revenue = checkRevenue(value.t, value.p);
  // Stored upper case: `eur` names no other currency than `EUR`.
  if (revenue && value.p) value.p.revenue = revenue;
  return value;
}

/** `p.revenue` of a body that failed the schema, whatever its shape. */
function readRevenue(value: unknown): unknown {
  const props = (value as { p?: unknown } | null)?.p;
  return typeof props === 'object' && props !== null ? (props as { revenue?: unknown }).revenue : undefined;
}
