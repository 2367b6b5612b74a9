import type { EventRecord } from '../records.js';

/**
 * The records of a batch that were stored, in batch order, given the dedupe keys the INSERT
 * returned: unkeyed events always are; of a key, only its first occurrence, and only if it was
 * not stored before. The rollups then count exactly what the events table holds.
 */
export function storedRecords(
  records: readonly EventRecord[],
  storedKeys: ReadonlySet<string>,
): EventRecord[] {
  const taken = new Set<string>();
  return records.filter((record) => {
    const key = record.dedupeKey;
    if (key === null) return true;
    if (!storedKeys.has(key) || taken.has(key)) return false;
    taken.add(key);
    return true;
  });
}
