import type { EventRecord } from '../records.js';
import { type EventRow, eventFromRow } from '../store-rows.js';

/**
 * Events stored before the rollups existed (schema version 4) are added to them right after
 * migrating, oldest first, BACKFILL_BATCH at a time, each batch in its own transaction that
 * also advances `rollup_backfill.done_id`: an interrupted start resumes where it stopped, and a
 * second process finds the work done rather than counting it twice.
 */
export const BACKFILL_BATCH = 5_000;

export interface BackfillState {
  through_id: number | string;
  done_id: number | string;
}

/** The rows' records with the hour bucket the events table holds for them. */
export function backfillRecords(rows: readonly (EventRow & { local_hour: string })[]): EventRecord[] {
  return rows.map((row) => {
    const { id: _id, ...event } = eventFromRow(row);
    return { ...event, localHour: row.local_hour };
  });
}
