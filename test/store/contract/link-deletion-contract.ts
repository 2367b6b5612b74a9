import { describe, expect, it, vi } from 'vitest';
import type { LinkDeletion } from '../../../src/store/store.js';
import { LINK_DELETION_RETENTION_MS } from '../../../src/store/store.js';
import { at, ISO_MS, newEvent, newKit, newLink, type StoreRef, seedSite } from './fixtures.js';

const EPOCH = '1970-01-01T00:00:00.000Z';
const DAY_MS = 24 * 60 * 60 * 1000;

const idsOf = (deletions: readonly LinkDeletion[]): string[] => deletions.map((deletion) => deletion.id);
const stampsOf = (deletions: readonly LinkDeletion[]): string[] =>
  deletions.map((deletion) => deletion.deletedAt);

/** Runs `work` with `Date` (only) pinned at `at`: the link clock reads Date.now(). */
async function atTime<T>(time: number, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: time });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

export function linkDeletionContract(store: StoreRef): void {
  describe('link deletions', () => {
    it('records the deleted link and each of its variants, oldest first', async () => {
      const siteId = await seedSite(store());
      const kit = await store().createLinks(newKit(siteId, ['sms', 'whatsapp']));
      const kept = at(await store().createLinks([newLink(siteId)]));
      expect(await store().listLinksDeletedSince(EPOCH)).toEqual([]);

      expect(await store().deleteLink(at(kit).id)).toBe(true);
      const deletions = await store().listLinksDeletedSince(EPOCH);
      expect(deletions).toStrictEqual(
        kit.map((link) => ({ id: link.id, slug: link.slug, deletedAt: expect.stringMatching(ISO_MS) })),
      );
      const stamps = stampsOf(deletions);
      expect(stamps).toEqual([...new Set(stamps)].sort());
      // The link clock: every deletion is stamped after every write before it.
      expect(at(stamps) > kept.updatedAt).toBe(true);
      expect(await store().listAllLinks()).toStrictEqual([kept]);
    });

    it('records nothing for an unknown link', async () => {
      expect(await store().deleteLink('nope')).toBe(false);
      expect(await store().listLinksDeletedSince(EPOCH)).toEqual([]);
    });

    it('records only the variant when a variant is deleted alone', async () => {
      const siteId = await seedSite(store());
      const [main, sms, qr] = await store().createLinks(newKit(siteId, ['sms', 'qr']));
      if (!main || !sms || !qr) throw new Error('a kit of three expected');
      await store().deleteLink(sms.id);
      expect(idsOf(await store().listLinksDeletedSince(EPOCH))).toEqual([sms.id]);
      expect(await store().listVariants(main.id)).toStrictEqual([qr]);
    });

    it('lists deletions strictly after a stamp, and stamps later writes after them', async () => {
      const siteId = await seedSite(store());
      const links = await store().createLinks([newLink(siteId), newLink(siteId), newLink(siteId)]);
      await store().deleteLink(at(links, 0).id);
      const [first] = await store().listLinksDeletedSince(EPOCH);
      await store().deleteLink(at(links, 1).id);
      const later = at(await store().createLinks([newLink(siteId)]));
      await store().deleteLink(at(links, 2).id);

      const all = await store().listLinksDeletedSince(EPOCH);
      expect(idsOf(all)).toEqual(links.map((link) => link.id));
      expect(await store().listLinksDeletedSince(first?.deletedAt ?? '')).toStrictEqual(all.slice(1));
      expect(await store().listLinksDeletedSince(at(all, 2).deletedAt)).toEqual([]);
      expect(later.createdAt > at(all, 1).deletedAt).toBe(true);
      expect(at(all, 2).deletedAt > later.createdAt).toBe(true);
    });

    it('keeps the clock going forward when the newest link is deleted', async () => {
      const siteId = await seedSite(store());
      // Pinned time: everything lands in one millisecond, so only the clock orders the stamps.
      await atTime(Date.UTC(2031, 0, 1), async () => {
        const old = at(await store().createLinks([newLink(siteId)]));
        const newest = at(await store().createLinks([newLink(siteId)]));
        await store().deleteLink(newest.id);
        const updated = await store().updateLink(old.id, { title: 'after the delete' });
        const [deletion] = await store().listLinksDeletedSince(EPOCH);
        expect((updated?.updatedAt ?? '') > (deletion?.deletedAt ?? '')).toBe(true);
        expect(await store().listLinksUpdatedSince(deletion?.deletedAt ?? '')).toStrictEqual([updated]);
      });
    });

    it('records every link of a deleted site, and only those', async () => {
      const [doomed, kept] = [await seedSite(store()), await seedSite(store())];
      const doomedLinks = [
        ...(await store().createLinks(newKit(doomed, ['sms']))),
        at(await store().createLinks([newLink(doomed)])),
      ];
      await store().createLinks(newKit(kept, ['sms']));
      await store().insertEvents(doomedLinks.map((link) => newEvent(doomed, link.id)));

      expect(await store().deleteSite(doomed)).toBe(true);
      const deletions = await store().listLinksDeletedSince(EPOCH);
      expect(deletions).toStrictEqual(
        doomedLinks.map((link) => ({
          id: link.id,
          slug: link.slug,
          deletedAt: expect.stringMatching(ISO_MS),
        })),
      );
      expect(await store().deleteSite(doomed)).toBe(false);
      expect(await store().listLinksDeletedSince(EPOCH)).toStrictEqual(deletions);
    });

    it('records nothing for a site without links', async () => {
      const siteId = await seedSite(store());
      expect(await store().deleteSite(siteId)).toBe(true);
      expect(await store().listLinksDeletedSince(EPOCH)).toEqual([]);
    });

    it('prunes records more than 7 days older than the newest when it writes new ones', async () => {
      expect(LINK_DELETION_RETENTION_MS).toBe(7 * DAY_MS);
      const siteId = await seedSite(store());
      const start = Date.UTC(2030, 0, 1);
      const deleteOneAt = (time: number) =>
        atTime(time, async () => {
          const link = at(await store().createLinks([newLink(siteId)]));
          await store().deleteLink(link.id);
          return link.id;
        });
      const old = await deleteOneAt(start);
      const sixDaysLater = await deleteOneAt(start + 6 * DAY_MS);
      expect(idsOf(await store().listLinksDeletedSince(EPOCH))).toEqual([old, sixDaysLater]);
      const eightDaysLater = await deleteOneAt(start + 8 * DAY_MS);
      expect(idsOf(await store().listLinksDeletedSince(EPOCH))).toEqual([sixDaysLater, eightDaysLater]);
      // Pruning only happens on write: reading a month later still finds both.
      await atTime(start + 40 * DAY_MS, async () => {
        expect(await store().listLinksDeletedSince(EPOCH)).toHaveLength(2);
      });
    });
  });
}
