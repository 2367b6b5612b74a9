import { describe, expect, it } from 'vitest';
import { type StoreRef, seedSite } from './fixtures.js';

export function migrateContract(store: StoreRef): void {
  describe('migrate', () => {
    it('is a no-op when run again, keeping the data', async () => {
      const siteId = await seedSite(store());
      const columns = await store().listColumns();
      await store().migrate();
      expect(await store().getSite(siteId)).toBeDefined();
      expect(await store().listColumns()).toEqual(columns);
    });

    it('survives two overlapping runs', async () => {
      await Promise.all([store().migrate(), store().migrate()]);
      expect(await store().countEvents()).toBe(0);
    });

    it('names its dialect', () => {
      expect(['sqlite', 'postgres']).toContain(store().dialect);
    });
  });
}
