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
  browser: 'text[]',
  generation: 'integer[]',
  shareId: 'text[]',
  parentShareId: 'text[]',
  originChannel: 'text[]',
  name: 'text[]',
  props: 'text[]',
  value: 'double precision[]',
  revenue: 'double precision[]',
  currency: 'text[]',
  dedupeKey: 'text[]',
  localHour: 'text[]',
};

/**
 * One statement, one round trip, for a whole batch (issue 13, finding 2): each column travels as
 * one array parameter and `unnest` turns the arrays back into rows. Unlike a VALUES list with
 * one placeholder per value, the statement text and its parameters stay the same for any batch
 * size, far below the protocol's 65,535-parameter limit. A single statement is atomic, so the
 * batch is written all or nothing, without BEGIN and COMMIT round trips.
 *
 * The batch's sites and links are locked FOR KEY SHARE (in id order, sites first, as every
 * writer takes them) and only events whose site, and link if any, still exist are inserted: the
 * foreign keys' work, done once per batch instead of by a trigger per row (schema version 8). A
 * deletion locks the site or link row first, so it waits for this statement and then deletes
 * what it wrote; a batch that comes after finds the row gone and drops those events
 * (live-events.ts).
 *
 * ON CONFLICT (dedupe_key) DO NOTHING skips an event whose key is stored, or came earlier in the
 * same batch; every other error still fails the batch.
 */
export const INSERT_EVENTS = `
  WITH batch AS (
    SELECT * FROM unnest(${EVENT_FIELDS.map((field, i) => `$${i + 1}::${EVENT_ARRAY_TYPES[field]}`).join(', ')})
      AS b (${EVENT_FIELDS.map((field) => EVENT_COLUMNS[field]).join(', ')})
  ),
  live_sites AS (
    SELECT id FROM sites WHERE id IN (SELECT site_id FROM batch) ORDER BY id FOR KEY SHARE
  ),
  live_links AS (
    SELECT id FROM links WHERE id IN (SELECT link_id FROM batch) ORDER BY id FOR KEY SHARE
  ),
  stored AS (
    INSERT INTO events (${EVENT_FIELDS.map((field) => EVENT_COLUMNS[field]).join(', ')})
    SELECT * FROM batch
    WHERE site_id IN (SELECT id FROM live_sites)
      AND (link_id IS NULL OR link_id IN (SELECT id FROM live_links))
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING 1
  )
  SELECT count(*) AS stored FROM stored`;

/** The batch turned column-wise, in the order of INSERT_EVENTS' parameters. */
export function insertEventsParams(records: readonly EventRecord[]): unknown[] {
  return EVENT_FIELDS.map((field) => records.map((record) => record[field]));
}
