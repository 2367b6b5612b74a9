import { describe, expect, it } from 'vitest';
import type { Link, NewLink } from '../../../src/store/store.js';
import { StoreConflictError } from '../../../src/store/store.js';
import { at, ISO_MS, newEvent, newKit, newLink, type StoreRef, seedSite } from './fixtures.js';

export function linkContract(store: StoreRef): void {
  describe('links', () => {
    it('creates a kit and reads every field back with its type', async () => {
      const siteId = await seedSite(store());
      const input = newKit(siteId, ['whatsapp', 'sms'], {
        title: 'Spring sale',
        description: 'Up to 30 % off',
        image: 'https://site.example/spring.png',
        utm: { utm_campaign: 'spring', utm_content: 'hero' },
        tags: ['spring', 'sale'],
        expiresAt: '2026-06-01T00:00:00.000Z',
        maxClicks: 500,
        disabled: true,
      });
      const created = await store().createLinks(input);
      expect(created).toStrictEqual(input.map((link, i) => withStamps(link, at(created, i).createdAt)));
      for (const link of created) {
        expect(link.createdAt).toMatch(ISO_MS);
        expect(await store().getLink(link.id)).toStrictEqual(link);
        expect(await store().getLinkBySlug(link.slug)).toStrictEqual(link);
      }
    });

    it('keeps nulls, empty utm and tags, and false as they are', async () => {
      const siteId = await seedSite(store());
      const created = at(await store().createLinks([newLink(siteId)]));
      const read = await store().getLink(created.id);
      expect(read).toMatchObject({ title: null, utm: {}, tags: [], maxClicks: null, disabled: false });
    });

    it('accepts a kit whose variants come before their main link', async () => {
      const siteId = await seedSite(store());
      const [main, ...variants] = newKit(siteId, ['sms', 'copy']) as [NewLink, ...NewLink[]];
      const created = await store().createLinks([...variants, main]);
      expect(created.map((link) => link.id)).toEqual([...variants, main].map((link) => link.id));
      expect(await store().listVariants(main.id)).toHaveLength(2);
    });

    it('answers undefined for an unknown id or slug', async () => {
      expect(await store().getLink('nope')).toBeUndefined();
      expect(await store().getLinkBySlug('nope')).toBeUndefined();
    });

    it('refuses a taken slug and rolls the whole kit back', async () => {
      const siteId = await seedSite(store());
      const taken = at(await store().createLinks([newLink(siteId)]));
      const kit = newKit(siteId, ['sms', 'whatsapp']).map((link, i) =>
        i === 1 ? { ...link, slug: taken.slug } : link,
      );
      const error = await store()
        .createLinks(kit)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ field: 'slug', value: taken.slug });
      expect(await store().listAllLinks()).toStrictEqual([taken]);
    });

    it('refuses a kit that uses one slug twice', async () => {
      const siteId = await seedSite(store());
      const [main, variant] = newKit(siteId, ['sms']) as [NewLink, NewLink];
      const twice = [main, { ...variant, slug: main.slug }];
      await expect(store().createLinks(twice)).rejects.toMatchObject({ field: 'slug', value: main.slug });
      expect(await store().listAllLinks()).toEqual([]);
    });

    it('creates nothing from an empty kit', async () => {
      expect(await store().createLinks([])).toEqual([]);
    });

    it('patches only the given fields and bumps updatedAt', async () => {
      const siteId = await seedSite(store());
      const created = at(
        await store().createLinks([newLink(siteId, { tags: ['a'], utm: { utm_source: 'x' } })]),
      );
      const patch = {
        url: 'https://site.example/new',
        tags: ['b', 'c'],
        utm: {},
        disabled: true,
        maxClicks: 3,
      };
      const updated = await store().updateLink(created.id, patch);
      expect(updated).toStrictEqual({ ...created, ...patch, updatedAt: expect.stringMatching(ISO_MS) });
      expect((updated?.updatedAt ?? '') > created.updatedAt).toBe(true);
      expect(await store().getLink(created.id)).toStrictEqual(updated);
    });

    it('answers undefined when patching an unknown link', async () => {
      expect(await store().updateLink('nope', { title: 'x' })).toBeUndefined();
    });

    it('gives every write a strictly later updatedAt, even within one millisecond', async () => {
      const siteId = await seedSite(store());
      const links = await store().createLinks(newKit(siteId, ['sms', 'copy']));
      const stamps = links.map((link) => link.updatedAt);
      for (let i = 0; i < 20; i++) {
        const updated = await store().updateLink(at(links, i % links.length).id, { title: `v${i}` });
        stamps.push(updated?.updatedAt ?? '');
      }
      stamps.push(at(await store().createLinks([newLink(siteId)])).createdAt);
      expect(stamps).toEqual([...new Set(stamps)].sort());
    });

    it('deletes a link with its variants and their events, and only those', async () => {
      const siteId = await seedSite(store());
      const kit = await store().createLinks(newKit(siteId, ['sms', 'qr']));
      const other = at(await store().createLinks([newLink(siteId)]));
      await store().insertEvents([...kit, other].map((link) => newEvent(siteId, link.id)));

      expect(await store().deleteLink(at(kit).id)).toBe(true);
      expect(await store().listAllLinks()).toStrictEqual([other]);
      expect(await store().countEvents()).toBe(1);
      expect(await store().deleteLink(at(kit).id)).toBe(false);
    });
  });
}

function withStamps(link: NewLink, stamp: string): Link {
  return { ...link, createdAt: stamp, updatedAt: stamp };
}
