import type { LinkQuery } from './store.js';

/**
 * SQLite reads `LIMIT -1` as "no limit" while PostgreSQL rejects it, so a bad page is refused
 * here, the same way for both adapters, before it reaches SQL.
 */
export function assertPage(query: Pick<LinkQuery, 'limit' | 'offset'>): void {
  for (const [name, value] of Object.entries({ limit: query.limit, offset: query.offset })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
}
