import { describe, expect, it } from 'vitest';
import type { Link } from '../../../src/store/store.js';
import { at, newKit, newLink, type StoreRef, seedSite } from './fixtures.js';

const ids = (links: readonly Link[]): string[] => links.map((link) => link.id);

/** Two sites; site A has a tagged kit (main + 2 variants) and two plain links, site B one link. */
async function seedLinks(store: StoreRef) {
  const [a, b] = [await seedSite(store()), await seedSite(store())];
  const kit = await store().createLinks(newKit(a, ['sms', 'whatsapp'], { tags: ['spring', 'sale'] }));
  const plain = [
    at(await store().createLinks([newLink(a, { tags: ['sale'] })])),
    at(await store().createLinks([newLink(a)])),
  ];
  const elsewhere = at(await store().createLinks([newLink(b, { tags: ['spring'] })]));
  return { a, b, kit, plain, elsewhere, all: [...kit, ...plain, elsewhere] };
}

export function linkListingContract(store: StoreRef): void {
  describe('link listings', () => {
    it('lists links newest first with the total', async () => {
      const { all } = await seedLinks(store);
      const page = await store().listLinks({ limit: 100, offset: 0 });
      expect(page).toStrictEqual({ items: [...all].reverse(), total: all.length });
    });

    it('pages with limit and offset, the total ignoring them', async () => {
      const { all } = await seedLinks(store);
      const newest = ids([...all].reverse());
      const pages = [0, 2, 4, 6].map((offset) => store().listLinks({ limit: 2, offset }));
      const [p0, p1, p2, p3] = await Promise.all(pages);
      expect([p0, p1, p2, p3].map((page) => page && ids(page.items))).toEqual([
        newest.slice(0, 2),
        newest.slice(2, 4),
        newest.slice(4, 6),
        [],
      ]);
      expect(p3?.total).toBe(all.length);
    });

    it('filters by site, tag and main links, alone and together', async () => {
      const { a, b, kit, plain, elsewhere } = await seedLinks(store);
      const list = async (filter: object) =>
        ids((await store().listLinks({ limit: 50, offset: 0, ...filter })).items);
      expect(await list({ siteId: b })).toEqual([elsewhere.id]);
      expect(await list({ tag: 'spring' })).toEqual(ids([elsewhere, ...[...kit].reverse()]));
      expect(await list({ siteId: a, tag: 'sale' })).toEqual(ids([at(plain), ...[...kit].reverse()]));
      expect(await list({ siteId: a, mainOnly: true })).toEqual(ids([at(plain, 1), at(plain), at(kit)]));
      expect(await list({ tag: 'spr' })).toEqual([]);
      const total = (await store().listLinks({ limit: 1, offset: 0, tag: 'sale', mainOnly: true })).total;
      expect(total).toBe(2);
    });

    it('refuses a negative limit or offset', async () => {
      await expect(store().listLinks({ limit: -1, offset: 0 })).rejects.toThrow(RangeError);
      await expect(store().listLinks({ limit: 1, offset: -1 })).rejects.toThrow(RangeError);
    });

    it('lists a kit’s variants in creation order, without the main link', async () => {
      const { kit } = await seedLinks(store);
      expect(await store().listVariants(at(kit).id)).toStrictEqual(kit.slice(1));
      expect(await store().listVariants(at(kit, 1).id)).toEqual([]);
    });

    it('lists every link oldest first', async () => {
      const { all } = await seedLinks(store);
      expect(await store().listAllLinks()).toStrictEqual(all);
    });

    it('lists links written strictly after a stamp, oldest write first', async () => {
      const { all, plain, kit } = await seedLinks(store);
      const since = at(all, all.length - 1).updatedAt;
      expect(await store().listLinksUpdatedSince(since)).toEqual([]);
      const first = await store().updateLink(at(plain, 1).id, { title: 'first' });
      const second = await store().updateLink(at(kit).id, { title: 'second' });
      expect(await store().listLinksUpdatedSince(since)).toStrictEqual([first, second]);
      expect(await store().listLinksUpdatedSince(first?.updatedAt ?? '')).toStrictEqual([second]);
      expect(ids(await store().listLinksUpdatedSince('1970-01-01T00:00:00.000Z'))).toHaveLength(all.length);
    });
  });
}
