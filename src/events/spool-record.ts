import { crc32 } from 'node:zlib';
import type { NewEvent } from '../store/store.js';

/**
 * One spool record: a line `<crc32 hex> <count> <json array of events>\n`. The CRC-32 covers
 * `<count> <json>`, so a record torn by a crash or a full disk (a short last line, or garbage
 * after a partial write) fails its check and is skipped instead of replaying half a batch.
 * Node's zlib.crc32 is the IEEE polynomial (RFC 1952 §8), like gzip's.
 */
export function encodeSpoolRecord(events: readonly NewEvent[]): string {
  const body = `${events.length} ${JSON.stringify(events)}`;
  return `${crc32(body).toString(16).padStart(8, '0')} ${body}\n`;
}

export type DecodedSpoolRecord = { ok: true; count: number; line: string } | { ok: false };

/** Checks a line (without its newline) and reads its event count without parsing the events. */
export function checkSpoolRecord(line: string): DecodedSpoolRecord {
  const match = /^([0-9a-f]{8}) ((\d{1,9}) .*)$/s.exec(line);
  if (!match) return { ok: false };
  const [, checksum, body, count] = match as unknown as [string, string, string, string];
  if (crc32(body).toString(16).padStart(8, '0') !== checksum) return { ok: false };
  return { ok: true, count: Number(count), line };
}

/** The events of a checked record. */
export function spoolRecordEvents(line: string): NewEvent[] {
  const body = line.slice(9);
  const events = JSON.parse(body.slice(body.indexOf(' ') + 1)) as NewEvent[];
  if (!Array.isArray(events)) throw new TypeError('spool record is not an array of events');
  return events;
}
