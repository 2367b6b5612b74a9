import { describe, expect, it } from 'vitest';
import type { StoreRef } from './fixtures.js';

/** `ip`, `client_ip`, `ip_address`, `ipaddr`, `user_agent`, `useragent`, `ua`… (DESIGN.md §4). */
const IDENTIFYING_COLUMN = /(^|_)ip(_|$)|ip_?addr|user_?agent|(^|_)ua(_|$)/i;

export function privacyContract(store: StoreRef): void {
  describe('privacy', () => {
    it('has no column for an IP address or a user agent in any table', async () => {
      const columns = await store().listColumns();
      const tables = new Set(columns.map((column) => column.table));
      expect([...tables]).toEqual(expect.arrayContaining(['sites', 'links', 'events', 'api_tokens']));
      expect(columns).toContainEqual({ table: 'events', column: 'occurred_at' });
      const offending = columns.filter((column) => IDENTIFYING_COLUMN.test(column.column));
      expect(offending).toEqual([]);
    });
  });
}
