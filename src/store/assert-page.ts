import type { LinkQuery } from './store.js';

/**
 * SQLite reads `LIMIT -1` as "no limit" while PostgreSQL rejects it, so a bad page is refused
 * here, the same way for both adapters, before it reaches SQL.
 */
export function assertPage(query: Pick<LinkQuery, 'limit' | 'offset'>): void {
  assertCount('limit', query.limit);
  assertCount('offset', query.offset);
}

/** A non-negative safe integer (a LIMIT or an OFFSET), or a RangeError naming it. */
export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
