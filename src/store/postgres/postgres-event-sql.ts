import type { EventRecord } from '../records.js';
import { EVENT_COLUMNS, EVENT_FIELDS } from '../store-rows.js';

/** The PostgreSQL array type each column travels as, to `unnest`. */
const EVENT_ARRAY_TYPES: Readonly<Record<keyof EventRecord, string>> = {
  siteId: 'text[]',
  linkId: 'text[]',
  type: 'text[]',
  kind: 'text[]',
  channel: 'text[]',
  medium: 'text[]',
  source: 'text[]',
  evidence: 'text[]',
  confidence: 'text[]',
  occurredAt: 'bigint[]',
  path: 'text[]',
  visitorHash: 'text[]',
  country: 'text[]',
  device: 'text[]',
  generation: 'integer[]',
  shareId: 'text[]',
  parentShareId: 'text[]',
  originChannel: 'text[]',
  name: 'text[]',
  props: 'text[]',
  value: 'double precision[]',
  dedupeKey: 'text[]',
  localHour: 'text[]',
};

/**
 * One INSERT for a whole batch: each column travels as one array parameter and `unnest` turns
 * the arrays back into rows. Unlike a VALUES list with one placeholder per value, the statement
 * text and its 22 parameters stay the same for any batch size, far below the protocol's
 * 65,535-parameter limit that a 10,000-event VALUES list (220,000 values) would exceed.
 * A single statement is atomic, so the batch is written all or nothing.
 *
 * ON CONFLICT (dedupe_key) DO NOTHING skips an event whose key is stored, or came earlier in the
 * same batch (DO NOTHING, unlike DO UPDATE, accepts a key twice in one statement); every other
 * error still fails the batch. RETURNING names the stored events' keys (NULL for unkeyed ones),
 * so the rollups count exactly the events stored.
 */
export const INSERT_EVENTS = `
  INSERT INTO events (${EVENT_FIELDS.map((field) => EVENT_COLUMNS[field]).join(', ')})
  SELECT * FROM unnest(${EVENT_FIELDS.map((field, i) => `$${i + 1}::${EVENT_ARRAY_TYPES[field]}`).join(', ')})
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING dedupe_key`;

/** The batch turned column-wise, in the order of INSERT_EVENTS' parameters. */
export function insertEventsParams(records: readonly EventRecord[]): unknown[] {
  return EVENT_FIELDS.map((field) => records.map((record) => record[field]));
}
