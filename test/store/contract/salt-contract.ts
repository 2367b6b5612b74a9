import { describe, expect, it } from 'vitest';
import { newSalt, type StoreRef } from './fixtures.js';

export function saltContract(store: StoreRef): void {
  describe('daily salts', () => {
    it('stores a day’s salt and returns it', async () => {
      const salt = newSalt('2026-03-02', 'c');
      expect(await store().putSalt(salt)).toStrictEqual(salt);
      expect(await store().listSalts()).toStrictEqual([salt]);
    });

    it('keeps the first salt of a day: a second put returns the stored one', async () => {
      const first = newSalt('2026-03-02', 'a');
      await store().putSalt(first);
      expect(await store().putSalt(newSalt('2026-03-02', 'b'))).toStrictEqual(first);
      expect(await store().listSalts()).toStrictEqual([first]);
    });

    it('lists salts newest day first', async () => {
      const days = ['2026-02-28', '2026-03-02', '2026-03-01', '2025-12-31'];
      for (const day of days) await store().putSalt(newSalt(day, day.slice(-1)));
      expect((await store().listSalts()).map((salt) => salt.day)).toEqual([
        '2026-03-02',
        '2026-03-01',
        '2026-02-28',
        '2025-12-31',
      ]);
    });

    it('deletes the salts of days before a day, and says how many', async () => {
      for (const day of ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']) {
        await store().putSalt(newSalt(day));
      }
      expect(await store().deleteSaltsBefore('2026-03-01')).toBe(2);
      expect((await store().listSalts()).map((salt) => salt.day)).toEqual(['2026-03-02', '2026-03-01']);
      expect(await store().deleteSaltsBefore('2026-03-01')).toBe(0);
      expect(await store().deleteSaltsBefore('2099-01-01')).toBe(2);
      expect(await store().listSalts()).toEqual([]);
    });

    it('refuses a day that is not YYYY-MM-DD', async () => {
      for (const day of ['2026-3-1', '20260301', '2026-03-01T00:00:00Z', '']) {
        await expect(store().putSalt(newSalt(day))).rejects.toThrow();
      }
      expect(await store().listSalts()).toEqual([]);
    });
  });
}
