import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/store/store.js';
import { at, newPageview, type StoreRef, seedSite } from './fixtures.js';

let sequence = 0;
const T0 = Date.UTC(2026, 2, 1, 9);
const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  const n = ++sequence;
  return {
    id: `audit-${String(n).padStart(6, '0')}`,
    occurredAt: iso(T0 + n * MINUTE),
    actorKind: 'user',
    actorId: 'user-1',
    actorLabel: 'ada@example.org',
    action: 'site.update',
    siteId: null,
    target: null,
    details: {},
    ...overrides,
  };
}

export function auditContract(store: StoreRef): void {
  describe('audit log', () => {
    it('appends entries and lists them newest first with their details intact', async () => {
      const siteId = await seedSite(store());
      const older = entry({
        siteId,
        details: { before: { respectDnt: true }, after: { respectDnt: false } },
      });
      const newer = entry({ actorKind: 'cli', actorId: null, actorLabel: 'command line', target: 'tok-1' });
      await store().appendAuditEntry(older);
      await store().appendAuditEntry(newer);
      expect(await store().listAuditEntries({ limit: 10, offset: 0 })).toStrictEqual({
        items: [newer, older],
        total: 2,
      });
    });

    it('orders entries of the same instant by id, descending, and pages through them', async () => {
      const occurredAt = iso(T0);
      const entries = ['a', 'c', 'b', 'd'].map((suffix) => entry({ id: `same-${suffix}`, occurredAt }));
      for (const item of entries) await store().appendAuditEntry(item);
      const first = await store().listAuditEntries({ limit: 2, offset: 0 });
      const second = await store().listAuditEntries({ limit: 2, offset: 2 });
      expect(first.total).toBe(4);
      expect([...first.items, ...second.items].map((item) => item.id)).toEqual([
        'same-d',
        'same-c',
        'same-b',
        'same-a',
      ]);
    });

    it('filters by site and by action, and counts only the matches', async () => {
      const one = await seedSite(store());
      const two = await seedSite(store());
      await store().appendAuditEntry(entry({ siteId: one, action: 'site.privacy' }));
      await store().appendAuditEntry(entry({ siteId: one, action: 'site.update' }));
      await store().appendAuditEntry(entry({ siteId: two, action: 'site.privacy' }));
      const bySite = await store().listAuditEntries({ siteId: one, limit: 10, offset: 0 });
      expect(bySite.total).toBe(2);
      expect(bySite.items.every((item) => item.siteId === one)).toBe(true);
      const both = await store().listAuditEntries({
        siteId: one,
        action: 'site.privacy',
        limit: 10,
        offset: 0,
      });
      expect(both.total).toBe(1);
      expect(at(both.items)).toMatchObject({ siteId: one, action: 'site.privacy' });
      const byAction = await store().listAuditEntries({ action: 'site.privacy', limit: 1, offset: 0 });
      expect(byAction).toMatchObject({ total: 2, items: [{ siteId: two }] });
    });

    it('keeps the entries of a deleted site', async () => {
      const siteId = await seedSite(store());
      await store().appendAuditEntry(entry({ siteId, action: 'site.delete' }));
      expect(await store().deleteSite(siteId)).toBe(true);
      const { items } = await store().listAuditEntries({ siteId, limit: 10, offset: 0 });
      expect(items.map((item) => item.action)).toEqual(['site.delete']);
    });

    it('prunes entries older than a cutoff, keeping the one at the cutoff', async () => {
      const old = entry({ occurredAt: iso(T0 - 2 * MINUTE) });
      const atCutoff = entry({ occurredAt: iso(T0) });
      await store().appendAuditEntry(old);
      await store().appendAuditEntry(atCutoff);
      expect(await store().pruneAuditEntries(iso(T0))).toBe(1);
      expect((await store().listAuditEntries({ limit: 10, offset: 0 })).items).toStrictEqual([atCutoff]);
      expect(await store().pruneAuditEntries(iso(T0))).toBe(0);
    });

    it("relabels one actor's entries and no one else's", async () => {
      await store().appendAuditEntry(entry({ actorId: 'user-erased', actorLabel: 'gone@example.org' }));
      await store().appendAuditEntry(entry({ actorId: 'user-erased', actorLabel: 'gone@example.org' }));
      await store().appendAuditEntry(entry({ actorId: 'user-kept', actorLabel: 'kept@example.org' }));
      expect(await store().relabelAuditActor('user-erased', 'erased user')).toBe(2);
      const labels = (await store().listAuditEntries({ limit: 10, offset: 0 })).items.map(
        (item) => `${item.actorId}:${item.actorLabel}`,
      );
      expect(labels.sort()).toEqual([
        'user-erased:erased user',
        'user-erased:erased user',
        'user-kept:kept@example.org',
      ]);
    });

    it("empties the details of one site's entries and no other's", async () => {
      const erased = await seedSite(store());
      const kept = await seedSite(store());
      await store().appendAuditEntry(entry({ siteId: erased, details: { domain: 'erased.example.org' } }));
      await store().appendAuditEntry(entry({ siteId: kept, details: { domain: 'kept.example.org' } }));
      expect(await store().forgetAuditDetails(erased)).toBe(1);
      const bySite = Object.fromEntries(
        (await store().listAuditEntries({ limit: 10, offset: 0 })).items.map((item) => [item.siteId, item]),
      );
      expect(bySite[erased]).toMatchObject({
        details: {},
        action: 'site.update',
        actorLabel: 'ada@example.org',
      });
      expect(bySite[kept]?.details).toEqual({ domain: 'kept.example.org' });
    });

    it('stores an instance secret once: later candidates get the first one', async () => {
      expect(await store().instanceSecret('import-line-key', 'first')).toBe('first');
      expect(await store().instanceSecret('import-line-key', 'second')).toBe('first');
      const racing = await Promise.all(
        ['a', 'b', 'c'].map((candidate) => store().instanceSecret('other', candidate)),
      );
      expect(new Set(racing).size).toBe(1);
      expect(await store().instanceSecret('other', 'd')).toBe(racing[0]);
    });

    it('refuses a bad page and details that are not an object', async () => {
      await expect(store().listAuditEntries({ limit: -1, offset: 0 })).rejects.toThrow(RangeError);
      const bad = entry({ details: [] as unknown as Record<string, unknown> });
      await expect(store().appendAuditEntry(bad)).rejects.toThrow();
      expect((await store().listAuditEntries({ limit: 10, offset: 0 })).total).toBe(0);
    });
  });

  describe('retention runs', () => {
    it('keeps the last run of each site only', async () => {
      const siteId = await seedSite(store());
      const other = await seedSite(store());
      expect(await store().getRetentionRun(siteId)).toBeUndefined();
      await store().recordRetentionRun({ siteId, ranAt: iso(T0), cutoffDay: '2024-01-31', deleted: 12 });
      const last = { siteId, ranAt: iso(T0 + MINUTE), cutoffDay: '2024-02-01', deleted: 0 };
      await store().recordRetentionRun(last);
      expect(await store().getRetentionRun(siteId)).toStrictEqual(last);
      expect(await store().getRetentionRun(other)).toBeUndefined();
    });

    it("finds the site's oldest raw event, and none for a site without events", async () => {
      const siteId = await seedSite(store());
      const other = await seedSite(store());
      const oldest = Date.UTC(2024, 4, 1, 8, 30);
      await store().insertEvents([
        newPageview(siteId, { occurredAt: oldest + MINUTE }),
        newPageview(siteId, { occurredAt: oldest }),
        newPageview(other, { occurredAt: oldest - MINUTE }),
      ]);
      expect(await store().oldestEventAt(siteId)).toBe(oldest);
      expect(await store().oldestEventAt(await seedSite(store()))).toBeUndefined();
    });

    it('ignores a run on a site that is gone, and forgets the run of a deleted site', async () => {
      await store().recordRetentionRun({
        siteId: 'no-such-site',
        ranAt: iso(T0),
        cutoffDay: '2024-01-01',
        deleted: 3,
      });
      expect(await store().getRetentionRun('no-such-site')).toBeUndefined();
      const siteId = await seedSite(store());
      await store().recordRetentionRun({ siteId, ranAt: iso(T0), cutoffDay: '2024-01-01', deleted: 3 });
      await store().deleteSite(siteId);
      expect(await store().getRetentionRun(siteId)).toBeUndefined();
    });
  });
}
