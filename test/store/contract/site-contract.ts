import { describe, expect, it } from 'vitest';
import {
  type NewSite,
  SITE_DEFAULTS,
  type Site,
  type SitePatch,
  StoreConflictError,
} from '../../../src/store/store.js';
import { ISO_MS, newEvent, newKit, newSite, type StoreRef, seedSite } from './fixtures.js';

/** Every setting away from its default. */
const SETTINGS = {
  privacyMode: 'consented',
  landingPaths: ['/', '/blog/*'],
  respectDnt: true,
  retentionMonths: 13,
  extraOrigins: ['shop.example', 'www.shop.example'],
  queryParams: ['page', 'Lang'],
} as const satisfies Partial<NewSite>;

const withSettings = (): Partial<NewSite> => ({
  ...SETTINGS,
  landingPaths: [...SETTINGS.landingPaths],
  extraOrigins: [...SETTINGS.extraOrigins],
  queryParams: [...SETTINGS.queryParams],
});

export function siteContract(store: StoreRef): void {
  describe('sites', () => {
    it('creates a site and reads it back by id and by domain, with default settings', async () => {
      const input = newSite({ fallbackUrl: 'https://site.example/' });
      const created = await store().createSite(input);
      expect(created).toStrictEqual({
        ...input,
        privacyMode: 'anonymous',
        landingPaths: ['/'],
        respectDnt: false,
        retentionMonths: 25,
        extraOrigins: [],
        queryParams: [],
        createdAt: expect.stringMatching(ISO_MS),
      });
      expect(await store().getSite(input.id)).toStrictEqual(created);
      expect(await store().getSiteByDomain(input.domain)).toStrictEqual(created);
    });

    it('stores every setting given and reads each back with its type', async () => {
      const input = newSite(withSettings());
      const created = await store().createSite(input);
      expect(created).toStrictEqual({ ...input, createdAt: expect.stringMatching(ISO_MS) });
      expect(await store().getSite(input.id)).toStrictEqual(created);
      expect(await store().getSiteByDomain(input.domain)).toStrictEqual(created);
      expect(await store().listSites()).toStrictEqual([created]);
    });

    it('keeps empty lists and the retention bounds as they are', async () => {
      const low = await store().createSite(newSite({ landingPaths: [], retentionMonths: 1 }));
      const high = await store().createSite(newSite({ privacyMode: 'strict', retentionMonths: 25 }));
      expect(await store().getSite(low.id)).toMatchObject({ landingPaths: [], retentionMonths: 1 });
      expect(await store().getSite(high.id)).toMatchObject({ privacyMode: 'strict', retentionMonths: 25 });
    });

    it('shares no array with the caller or with the defaults', async () => {
      const input = newSite({ extraOrigins: ['a.example'], queryParams: ['page'] });
      const created = await store().createSite(input);
      input.extraOrigins?.push('b.example');
      input.queryParams?.push('id');
      created.landingPaths.push('/mutated');
      created.queryParams.push('mutated');
      const other = await store().createSite(newSite());
      expect(other.landingPaths).toEqual(['/']);
      expect(SITE_DEFAULTS.landingPaths).toEqual(['/']);
      expect(Object.isFrozen(SITE_DEFAULTS.landingPaths)).toBe(true);
      expect(await store().getSite(created.id)).toMatchObject({
        landingPaths: ['/'],
        extraOrigins: ['a.example'],
        queryParams: ['page'],
      });
      expect(other.queryParams).toEqual([]);
      expect(Object.isFrozen(SITE_DEFAULTS.queryParams)).toBe(true);
    });

    it('refuses a retention outside 1–25 months or an unknown privacy mode, storing nothing', async () => {
      for (const retentionMonths of [0, 26, 1.5, Number.NaN]) {
        await expect(store().createSite(newSite({ retentionMonths }))).rejects.toThrow(RangeError);
      }
      const mode = 'tracking' as Site['privacyMode'];
      await expect(store().createSite(newSite({ privacyMode: mode }))).rejects.toThrow(RangeError);
      expect(await store().listSites()).toEqual([]);

      const site = await store().createSite(newSite());
      await expect(store().updateSite(site.id, { retentionMonths: 26 })).rejects.toThrow(RangeError);
      await expect(store().updateSite(site.id, { privacyMode: mode })).rejects.toThrow(RangeError);
      expect(await store().getSite(site.id)).toStrictEqual(site);
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

    it('patches the settings, each alone, leaving the others', async () => {
      const created = await store().createSite(newSite());
      let expected = created;
      for (const [key, value] of Object.entries(withSettings())) {
        const patch = { [key]: value };
        expected = { ...expected, ...patch };
        expect(await store().updateSite(created.id, patch)).toStrictEqual(expected);
        expect(await store().getSite(created.id)).toStrictEqual(expected);
      }
      // Back to the defaults, with an empty landing list; the store keeps no reference to it.
      const landingPaths: string[] = [];
      const patch: SitePatch = {
        privacyMode: 'anonymous',
        landingPaths,
        respectDnt: false,
        extraOrigins: [],
        queryParams: [],
      };
      const reset: Site = {
        ...expected,
        privacyMode: 'anonymous',
        landingPaths: [],
        respectDnt: false,
        extraOrigins: [],
        queryParams: [],
      };
      expect(await store().updateSite(created.id, patch)).toStrictEqual(reset);
      landingPaths.push('/later');
      expect(await store().getSite(created.id)).toStrictEqual(reset);
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
