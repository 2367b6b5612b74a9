import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../../src/store/store.js';
import { ISO_MS, newEvent, newKit, newSite, type StoreRef, seedSite } from './fixtures.js';

export function siteContract(store: StoreRef): void {
  describe('sites', () => {
    it('creates a site and reads it back by id and by domain', async () => {
      const input = newSite({ fallbackUrl: 'https://site.example/' });
      const created = await store().createSite(input);
      expect(created).toStrictEqual({ ...input, createdAt: expect.stringMatching(ISO_MS) });
      expect(await store().getSite(input.id)).toStrictEqual(created);
      expect(await store().getSiteByDomain(input.domain)).toStrictEqual(created);
    });

    it('answers undefined for an unknown id or domain', async () => {
      expect(await store().getSite('nope')).toBeUndefined();
      expect(await store().getSiteByDomain('nope.example')).toBeUndefined();
    });

    it('refuses a second site on the same domain', async () => {
      const first = await store().createSite(newSite());
      const error = await store()
        .createSite(newSite({ domain: first.domain }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ field: 'domain', value: first.domain });
      expect(await store().listSites()).toHaveLength(1);
    });

    it('lists sites oldest first', async () => {
      const a = await store().createSite(newSite());
      const b = await store().createSite(newSite());
      expect((await store().listSites()).map((site) => site.id)).toEqual([a.id, b.id]);
    });

    it('patches only the given fields', async () => {
      const created = await store().createSite(newSite({ fallbackUrl: 'https://site.example/' }));
      const updated = await store().updateSite(created.id, { name: 'Renamed', fallbackUrl: null });
      expect(updated).toStrictEqual({ ...created, name: 'Renamed', fallbackUrl: null });
      expect(await store().getSite(created.id)).toStrictEqual(updated);
      expect(await store().updateSite(created.id, {})).toStrictEqual(updated);
    });

    it('answers undefined when patching an unknown site', async () => {
      expect(await store().updateSite('nope', { name: 'x' })).toBeUndefined();
    });

    it('deletes a site with its links and events, and only those', async () => {
      const [doomed, kept] = [await seedSite(store()), await seedSite(store())];
      const doomedLinks = await store().createLinks(newKit(doomed, ['sms']));
      const keptLinks = await store().createLinks(newKit(kept, ['sms']));
      await store().insertEvents([
        ...doomedLinks.map((link) => newEvent(doomed, link.id)),
        ...keptLinks.map((link) => newEvent(kept, link.id)),
        newEvent(doomed, null),
        newEvent(kept, null),
      ]);

      expect(await store().deleteSite(doomed)).toBe(true);
      expect(await store().getSite(doomed)).toBeUndefined();
      expect(await store().listAllLinks()).toStrictEqual(keptLinks);
      expect(await store().countEvents()).toBe(keptLinks.length + 1);
      expect(await store().deleteSite(doomed)).toBe(false);
    });
  });
}
