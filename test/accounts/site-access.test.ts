import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast } from '../../src/accounts/roles.js';
import {
  highestRole,
  isConfined,
  roleOnSite,
  tokenAccess,
  userAccess,
} from '../../src/accounts/site-access.js';
import type { ApiToken, SiteRole, User, UserRole } from '../../src/store/store.js';

const user = (role: UserRole, allSites: boolean): User => ({
  id: 'u',
  email: 'u@example.org',
  name: 'U',
  role,
  allSites,
  passwordHash: 'x',
  createdAt: '',
  updatedAt: '',
});
const token = (siteIds: string[] | null): ApiToken => ({
  id: 't',
  name: 't',
  hash: 'h',
  scopes: ['admin'],
  siteIds,
  createdAt: '',
});

describe('site access (docs/access.md)', () => {
  it.each([
    // role everywhere, allSites, site roles, site asked → role there
    ['viewer', true, [], 'a', 'viewer'],
    ['viewer', true, [{ siteId: 'a', role: 'editor' }], 'a', 'editor'],
    ['viewer', true, [{ siteId: 'a', role: 'editor' }], 'b', 'viewer'],
    ['editor', true, [{ siteId: 'a', role: 'viewer' }], 'a', 'editor'],
    ['owner', true, [], 'z', 'owner'],
    ['editor', false, [{ siteId: 'a', role: 'viewer' }], 'a', 'viewer'],
    ['editor', false, [{ siteId: 'a', role: 'viewer' }], 'b', undefined],
    ['viewer', false, [], 'a', undefined],
  ] as const)('%s everywhere (allSites %s) with %j: on %s → %s', (role, allSites, roles, site, expected) => {
    expect(roleOnSite(userAccess(user(role, allSites), roles as readonly SiteRole[]), site)).toBe(expected);
  });

  it('confines a token to its sites as an owner there, and not at all without sites', () => {
    const limited = tokenAccess(token(['a']));
    expect([isConfined(limited), roleOnSite(limited, 'a'), roleOnSite(limited, 'b')]).toEqual([
      true,
      'owner',
      undefined,
    ]);
    const everywhere = tokenAccess(token(null));
    expect([isConfined(everywhere), roleOnSite(everywhere, 'b')]).toEqual([false, 'owner']);
    expect(roleOnSite(tokenAccess(token([])), 'a')).toBeUndefined();
  });

  it('never gives a role anywhere above the highest role, nor a site to a confined user without a role there', () => {
    const role = fc.constantFrom(...ROLES);
    const siteRole = fc.constantFrom<'viewer' | 'editor'>('viewer', 'editor');
    const site = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(
        role,
        fc.boolean(),
        fc.array(fc.record({ siteId: site, role: siteRole })),
        site,
        (r, all, roles, asked) => {
          const access = userAccess(user(r, all), roles);
          const there = roleOnSite(access, asked);
          const highest = highestRole(access);
          if (there !== undefined) expect(highest !== undefined && roleAtLeast(highest, there)).toBe(true);
          if (!all && !roles.some(({ siteId }) => siteId === asked)) expect(there).toBeUndefined();
          if (all) expect(roleAtLeast(there, r)).toBe(true);
        },
      ),
      { seed: 13, numRuns: 500 },
    );
  });
});
