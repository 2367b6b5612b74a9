import type { SiteRole, User } from '../store/store.js';

/** A user as the API shows them: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  /** False: confined to `sites` (docs/access.md). */
  allSites: boolean;
  /** Their roles on chosen sites, when the caller loaded them (the users API does). */
  sites?: SiteRole[];
  createdAt: string;
  updatedAt: string;
}

export function userView(user: User, siteRoles?: readonly SiteRole[]): UserView {
  const { id, email, name, role, allSites, createdAt, updatedAt } = user;
  return {
    id,
    email,
    name,
    role,
    allSites,
    ...(siteRoles ? { sites: [...siteRoles] } : {}),
    createdAt,
    updatedAt,
  };
}
