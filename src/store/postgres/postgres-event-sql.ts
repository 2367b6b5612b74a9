import type { NewEvent } from '../store.js';

/**
 * One INSERT for a whole batch: each column travels as one array parameter and `unnest` turns
 * the arrays back into rows. Unlike a VALUES list with one placeholder per value, the statement
 * text and its 10 parameters stay the same for any batch size, far below the protocol's
 * 65,535-parameter limit that a 10,000-event VALUES list (100,000 values) would exceed.
 * A single statement is atomic, so the batch is written all or nothing.
 */
export const INSERT_EVENTS = `
  INSERT INTO events (site_id, link_id, type, kind, channel, medium, source, evidence, confidence, occurred_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::bigint[])`;

const EVENT_FIELDS = [
  'siteId',
  'linkId',
  'type',
  'kind',
  'channel',
  'medium',
  'source',
  'evidence',
  'confidence',
  'occurredAt',
] as const satisfies readonly (keyof NewEvent)[];

/** The batch turned column-wise, in the order of INSERT_EVENTS' parameters. */
export function insertEventsParams(events: readonly NewEvent[]): unknown[] {
  return EVENT_FIELDS.map((field) => events.map((event) => event[field]));
}
