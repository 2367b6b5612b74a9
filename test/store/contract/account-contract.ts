import { describe, expect, it } from 'vitest';
import type { NewSession, NewUser } from '../../../src/store/store.js';
import { StoreConflictError } from '../../../src/store/store.js';
import { at, ISO_MS, type StoreRef, seedSite } from './fixtures.js';

let sequence = 0;

function newUser(overrides: Partial<NewUser> = {}): NewUser {
  const n = ++sequence;
  return {
    id: `user-${n}`,
    email: `person${n}@example.org`,
    name: `Person ${n}`,
    role: 'editor',
    passwordHash: `scrypt$32768$8$1$salt${n}$hash${n}`,
    ...overrides,
  };
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const T0 = Date.UTC(2026, 2, 1, 9);

function newSession(userId: string, overrides: Partial<NewSession> = {}): NewSession {
  const n = ++sequence;
  return {
    id: `${n}`.padStart(64, 'c'),
    userId,
    csrfToken: `csrf-${n}`,
    createdAt: iso(T0),
    expiresAt: iso(T0 + 30 * DAY),
    ...overrides,
  };
}

export function accountContract(store: StoreRef): void {
  describe('users', () => {
    it('creates a user with a lowercased email and finds it by id and by email in any case', async () => {
      const input = newUser({ email: 'Ada.Lovelace@Example.ORG', role: 'owner' });
      const created = await store().createUser(input);
      expect(created).toStrictEqual({
        ...input,
        email: 'ada.lovelace@example.org',
        allSites: true,
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: created.createdAt,
      });
      expect(await store().getUser(input.id)).toStrictEqual(created);
      expect(await store().getUserByEmail('ADA.LOVELACE@example.org')).toStrictEqual(created);
      expect(await store().getUserByEmail('nobody@example.org')).toBeUndefined();
      expect(await store().getUser('no-such-user')).toBeUndefined();
    });

    it('refuses a second user with the same email, whatever its case', async () => {
      await store().createUser(newUser({ email: 'same@example.org' }));
      const error = await store()
        .createUser(newUser({ email: 'SAME@example.org' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ field: 'email', value: 'same@example.org' });
    });

    it('refuses an unknown role the same way on both engines', async () => {
      const bad = { ...newUser(), role: 'admin' } as unknown as NewUser;
      await expect(store().createUser(bad)).rejects.toThrow(RangeError);
    });

    it('lists users oldest first, counts them by role, updates and deletes them', async () => {
      const owner = await store().createUser(newUser({ role: 'owner' }));
      const viewer = await store().createUser(newUser({ role: 'viewer' }));
      expect(await store().listUsers()).toStrictEqual([owner, viewer]);
      expect(await store().countUsers()).toBe(2);
      expect(await store().countUsers('owner')).toBe(1);
      expect(await store().countUsers('editor')).toBe(0);

      const updated = await store().updateUser(viewer.id, { role: 'editor', name: 'Renamed' });
      expect(updated).toStrictEqual({
        ...viewer,
        role: 'editor',
        name: 'Renamed',
        updatedAt: expect.stringMatching(ISO_MS),
      });
      expect(await store().getUser(viewer.id)).toStrictEqual(updated);
      const rehashed = await store().updateUser(viewer.id, { passwordHash: 'scrypt$new' });
      expect(rehashed?.passwordHash).toBe('scrypt$new');
      expect(rehashed?.name).toBe('Renamed');
      expect(await store().updateUser('no-such-user', { name: 'x' })).toBeUndefined();
      await expect(store().updateUser(viewer.id, { role: 'root' as unknown as 'owner' })).rejects.toThrow(
        RangeError,
      );

      expect(await store().deleteUser(viewer.id)).toBe(true);
      expect(await store().deleteUser(viewer.id)).toBe(false);
      expect(await store().listUsers()).toStrictEqual([owner]);
      expect(await store().countUsers()).toBe(1);
    });
  });

  describe('site roles (issue 13, finding 15)', () => {
    it('creates a user confined to chosen sites, and confines or frees one later', async () => {
      const confined = await store().createUser(newUser({ role: 'viewer', allSites: false }));
      expect(confined.allSites).toBe(false);
      expect(await store().getUser(confined.id)).toStrictEqual(confined);
      const freed = await store().updateUser(confined.id, { allSites: true });
      expect(freed?.allSites).toBe(true);
      expect((await store().getUser(confined.id))?.allSites).toBe(true);
      expect((await store().updateUser(confined.id, { allSites: false }))?.allSites).toBe(false);
      expect((await store().listUsers()).find(({ id }) => id === confined.id)?.allSites).toBe(false);
    });

    it('replaces a user’s site roles as a whole, one role per site, sorted by site', async () => {
      const [a, b, c] = [await seedSite(store()), await seedSite(store()), await seedSite(store())];
      const user = await store().createUser(newUser({ role: 'viewer', allSites: false }));
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([]);
      expect(
        await store().setUserSiteRoles(user.id, [
          { siteId: b, role: 'viewer' },
          { siteId: a, role: 'editor' },
          { siteId: b, role: 'editor' },
        ]),
      ).toBe(true);
      const sorted = [a, b].sort();
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual(
        sorted.map((siteId) => ({ siteId, role: 'editor' })),
      );
      await store().setUserSiteRoles(user.id, [{ siteId: c, role: 'viewer' }]);
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([{ siteId: c, role: 'viewer' }]);
      await store().setUserSiteRoles(user.id, []);
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([]);
      expect(await store().setUserSiteRoles('no-such-user', [{ siteId: a, role: 'viewer' }])).toBe(false);
    });

    it('refuses an owner role on a site, and a site that does not exist, leaving the old roles', async () => {
      const siteId = await seedSite(store());
      const user = await store().createUser(newUser());
      await store().setUserSiteRoles(user.id, [{ siteId, role: 'viewer' }]);
      const owner = [{ siteId, role: 'owner' as unknown as 'editor' }];
      await expect(store().setUserSiteRoles(user.id, owner)).rejects.toThrow(RangeError);
      await expect(
        store().setUserSiteRoles(user.id, [{ siteId: 'no-such-site', role: 'editor' }]),
      ).rejects.toThrow();
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([{ siteId, role: 'viewer' }]);
    });

    it('drops site roles with their user and with their site', async () => {
      const [keep, gone] = [await seedSite(store()), await seedSite(store())];
      const user = await store().createUser(newUser());
      const other = await store().createUser(newUser());
      await store().setUserSiteRoles(user.id, [
        { siteId: keep, role: 'editor' },
        { siteId: gone, role: 'viewer' },
      ]);
      await store().setUserSiteRoles(other.id, [{ siteId: keep, role: 'viewer' }]);
      await store().deleteSite(gone);
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([{ siteId: keep, role: 'editor' }]);
      await store().deleteUser(user.id);
      expect(await store().getUserSiteRoles(user.id)).toStrictEqual([]);
      expect(await store().getUserSiteRoles(other.id)).toStrictEqual([{ siteId: keep, role: 'viewer' }]);
    });

    it('gives a session the user’s confinement', async () => {
      const user = await store().createUser(newUser({ allSites: false }));
      await store().createSession(newSession(user.id));
      const found = await store().getSessionByHash(`${sequence}`.padStart(64, 'c'));
      expect(found?.user).toStrictEqual(user);
    });
  });

  describe('sessions', () => {
    it('creates a session and finds it by hash with its user', async () => {
      const user = await store().createUser(newUser());
      const input = newSession(user.id);
      const created = await store().createSession(input);
      expect(created).toStrictEqual({ ...input, lastSeenAt: input.createdAt });
      expect(await store().getSessionByHash(input.id)).toStrictEqual({ session: created, user });
      expect(await store().getSessionByHash('f'.repeat(64))).toBeUndefined();
    });

    it('reads the user as it is now, not as it was at sign-in', async () => {
      const user = await store().createUser(newUser({ role: 'editor' }));
      const session = await store().createSession(newSession(user.id));
      await store().updateUser(user.id, { role: 'viewer' });
      expect((await store().getSessionByHash(session.id))?.user.role).toBe('viewer');
    });

    it('slides a session forward and deletes one', async () => {
      const user = await store().createUser(newUser());
      const session = await store().createSession(newSession(user.id));
      const times = { lastSeenAt: iso(T0 + DAY), expiresAt: iso(T0 + 31 * DAY) };
      expect(await store().touchSession(session.id, times)).toBe(true);
      expect((await store().getSessionByHash(session.id))?.session).toStrictEqual({ ...session, ...times });
      expect(await store().deleteSession(session.id)).toBe(true);
      expect(await store().deleteSession(session.id)).toBe(false);
      expect(await store().touchSession(session.id, times)).toBe(false);
      expect(await store().getSessionByHash(session.id)).toBeUndefined();
    });

    it("ends a user's other sessions, or all of them, and no one else's", async () => {
      const [ada, bob] = [await store().createUser(newUser()), await store().createUser(newUser())];
      const [a1, a2, a3] = [
        await store().createSession(newSession(ada.id)),
        await store().createSession(newSession(ada.id)),
        await store().createSession(newSession(ada.id)),
      ];
      const b1 = await store().createSession(newSession(bob.id));
      expect(await store().deleteUserSessions(ada.id, a2.id)).toBe(2);
      expect(await store().getSessionByHash(a1.id)).toBeUndefined();
      expect(await store().getSessionByHash(a3.id)).toBeUndefined();
      expect(await store().getSessionByHash(a2.id)).toBeDefined();
      expect(await store().deleteUserSessions(ada.id)).toBe(1);
      expect(await store().getSessionByHash(a2.id)).toBeUndefined();
      expect(await store().getSessionByHash(b1.id)).toBeDefined();
    });

    it('deletes expired sessions only', async () => {
      const user = await store().createUser(newUser());
      const old = await store().createSession(newSession(user.id, { expiresAt: iso(T0 + DAY) }));
      const edge = await store().createSession(newSession(user.id, { expiresAt: iso(T0 + 2 * DAY) }));
      const fresh = await store().createSession(newSession(user.id, { expiresAt: iso(T0 + 3 * DAY) }));
      expect(await store().deleteExpiredSessions(iso(T0 + 2 * DAY))).toBe(2);
      expect(await store().getSessionByHash(old.id)).toBeUndefined();
      expect(await store().getSessionByHash(edge.id)).toBeUndefined();
      expect(await store().getSessionByHash(fresh.id)).toBeDefined();
    });

    it('deletes the sessions of a deleted user', async () => {
      const user = await store().createUser(newUser());
      const session = await store().createSession(newSession(user.id));
      await store().deleteUser(user.id);
      expect(await store().getSessionByHash(session.id)).toBeUndefined();
      expect((await store().dumpRows()).sessions).toEqual([]);
    });
  });

  describe('public links', () => {
    const link = (siteId: string, n: number) => ({
      id: `public-${n}`,
      tokenHash: `${n}`.padStart(64, 'd'),
      siteId,
    });

    it('creates a link, finds it by its token hash and lists it with its site', async () => {
      const [siteId, otherId] = [await seedSite(store()), await seedSite(store())];
      const one = await store().createPublicLink(link(siteId, 1));
      expect(one).toStrictEqual({
        ...link(siteId, 1),
        createdAt: expect.stringMatching(ISO_MS),
        revokedAt: null,
      });
      const two = await store().createPublicLink(link(siteId, 2));
      await store().createPublicLink(link(otherId, 3));
      expect(await store().getPublicLinkByHash(link(siteId, 1).tokenHash)).toStrictEqual(one);
      expect(await store().getPublicLinkByHash('e'.repeat(64))).toBeUndefined();
      expect(await store().listPublicLinks(siteId)).toStrictEqual([one, two]);
      expect(await store().listPublicLinks('no-such-site')).toStrictEqual([]);
    });

    it('refuses a token hash already taken', async () => {
      const siteId = await seedSite(store());
      await store().createPublicLink(link(siteId, 1));
      const error = await store()
        .createPublicLink({ ...link(siteId, 2), tokenHash: link(siteId, 1).tokenHash })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ field: 'token' });
    });

    it('revokes a link of its own site once, keeping the first revocation time', async () => {
      const [siteId, otherId] = [await seedSite(store()), await seedSite(store())];
      const created = await store().createPublicLink(link(siteId, 1));
      expect(await store().revokePublicLink(otherId, created.id)).toBe(false);
      expect(await store().revokePublicLink(siteId, 'no-such-link')).toBe(false);
      expect(await store().revokePublicLink(siteId, created.id)).toBe(true);
      const revoked = await store().getPublicLinkByHash(created.tokenHash);
      expect(revoked).toStrictEqual({ ...created, revokedAt: expect.stringMatching(ISO_MS) });
      expect(await store().revokePublicLink(siteId, created.id)).toBe(true);
      expect(await store().getPublicLinkByHash(created.tokenHash)).toStrictEqual(revoked);
      expect(at(await store().listPublicLinks(siteId)).revokedAt).toBe(revoked?.revokedAt);
    });

    it('deletes the links of a deleted site', async () => {
      const siteId = await seedSite(store());
      await store().createPublicLink(link(siteId, 1));
      await store().deleteSite(siteId);
      expect(await store().getPublicLinkByHash(link(siteId, 1).tokenHash)).toBeUndefined();
    });
  });

  describe('account tables and privacy', () => {
    it('has the account tables, with hashes and no address or agent column', async () => {
      const columns = await store().listColumns();
      const of = (table: string) => columns.filter((c) => c.table === table).map((c) => c.column);
      expect(of('users')).toEqual([
        'id',
        'email',
        'name',
        'role',
        'password_hash',
        'created_at',
        'updated_at',
        'all_sites',
      ]);
      expect(of('user_site_roles')).toEqual(['user_id', 'site_id', 'role']);
      expect(of('sessions')).toEqual([
        'id',
        'user_id',
        'csrf_token',
        'created_at',
        'expires_at',
        'last_seen_at',
      ]);
      expect(of('public_links')).toEqual(['id', 'token_hash', 'site_id', 'created_at', 'revoked_at']);
    });
  });
}
