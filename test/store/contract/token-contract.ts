import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../../src/store/store.js';
import { ISO_MS, type StoreRef } from './fixtures.js';

const token = (n: number) => ({ id: `token-${n}`, name: `ci-${n}`, hash: `${n}`.padStart(64, 'a') });

export function tokenContract(store: StoreRef): void {
  describe('api tokens', () => {
    it('creates a token and finds it by hash', async () => {
      const created = await store().createToken(token(1));
      // Without scopes: admin on every site, as every token was before migration 7.
      expect(created).toStrictEqual({
        ...token(1),
        scopes: ['admin'],
        siteIds: null,
        createdAt: expect.stringMatching(ISO_MS),
      });
      expect(await store().findTokenByHash(token(1).hash)).toStrictEqual(created);
      expect(await store().findTokenByHash(token(2).hash)).toBeUndefined();
    });

    it('refuses a second token with the same name', async () => {
      await store().createToken(token(1));
      const error = await store()
        .createToken({ ...token(2), name: token(1).name })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ field: 'name', value: token(1).name });
    });

    it('lists and deletes tokens', async () => {
      const [one, two] = [await store().createToken(token(1)), await store().createToken(token(2))];
      expect(await store().listTokens()).toStrictEqual([one, two]);
      expect(await store().deleteToken(one.id)).toBe(true);
      expect(await store().deleteToken(one.id)).toBe(false);
      expect(await store().listTokens()).toStrictEqual([two]);
    });

    it('keeps a token’s scopes and sites, each once (issue 13, finding 15)', async () => {
      const scoped = {
        ...token(3),
        scopes: ['stats:read', 'links:write', 'stats:read'] as const,
        siteIds: ['site-b', 'site-a', 'site-b'],
      };
      const created = await store().createToken({ ...scoped, scopes: [...scoped.scopes] });
      expect(created).toMatchObject({ scopes: ['stats:read', 'links:write'], siteIds: ['site-b', 'site-a'] });
      expect(await store().findTokenByHash(scoped.hash)).toStrictEqual(created);
      expect(await store().listTokens()).toStrictEqual([created]);
      const none = await store().createToken({ ...token(4), scopes: ['ingest'], siteIds: [] });
      expect((await store().findTokenByHash(none.hash))?.siteIds).toStrictEqual([]);
    });

    it('refuses a token without a scope or with an unknown one', async () => {
      await expect(store().createToken({ ...token(5), scopes: [] })).rejects.toThrow(RangeError);
      const unknown = ['root'] as unknown as ['admin'];
      await expect(store().createToken({ ...token(6), scopes: unknown })).rejects.toThrow(RangeError);
      expect(await store().listTokens()).toStrictEqual([]);
    });
  });
}
