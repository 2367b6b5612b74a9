import { randomUUID } from 'node:crypto';
import type { SiteRole, Store, User, UserRole } from '../store/store.js';
import { AccessInputError } from './access-input-error.js';
import { AccountError } from './account-error.js';
import { normaliseEmail, normaliseName } from './emails.js';
import { checkPasswordRules } from './password-rules.js';
import { hashPassword, verifyDummyPassword, verifyPassword } from './passwords.js';
import { Serial } from './serial.js';
import type { SetupToken } from './setup-token.js';

/** Where a user may go (docs/access.md): every site with their role, and/or chosen sites. */
export interface SiteAccessInput {
  /** False confines the user to `siteRoles`; an owner is never confined. Default true. */
  allSites?: boolean | undefined;
  /** Replaces all their site roles when given. */
  siteRoles?: readonly SiteRole[] | undefined;
}

export interface NewUserInput extends SiteAccessInput {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

export interface UserPatchInput extends SiteAccessInput {
  name?: string | undefined;
  role?: UserRole | undefined;
}

/** Owners run the installation (users, tokens, every site): confining one would contradict that. */
function assertOwnerEverywhere(role: UserRole, allSites: boolean): void {
  if (role === 'owner' && !allSites) {
    throw new AccessInputError(
      'owner_everywhere',
      'An owner has every site. Give this person the editor or viewer role on chosen sites instead.',
      'allSites',
    );
  }
}

/**
 * The dashboard's users: the one-time setup of the first owner, sign-in checks, password changes,
 * and the owner's management of the others — never leaving the instance without an owner.
 */
export class UserService {
  /** Owner-changing steps (setup, role changes, deletions) run one at a time. */
  readonly #serial = new Serial();

  constructor(
    private readonly store: Store,
    private readonly setup: SetupToken,
  ) {}

  /** True until an owner exists. */
  async setupRequired(): Promise<boolean> {
    return (await this.store.countUsers('owner')) === 0;
  }

  /**
   * A setup token when the store has no user at all (a fresh install), else undefined. Called by
   * the server when it starts; the token is printed once and kept only as a hash.
   */
  async issueSetupToken(): Promise<string | undefined> {
    if ((await this.store.countUsers()) > 0) return undefined;
    return this.setup.issue();
  }

  /** Creates the first owner with the setup token, which is then void. */
  setupOwner(token: string, input: Omit<NewUserInput, 'role'>): Promise<User> {
    return this.#serial.run(async () => {
      if (!(await this.setupRequired())) {
        this.setup.revoke();
        throw new AccountError('setup_done');
      }
      if (!this.setup.matches(token)) throw new AccountError('setup_token_invalid');
      const user = await this.#create({ ...input, role: 'owner' });
      this.setup.revoke();
      return user;
    });
  }

  list(): Promise<User[]> {
    return this.store.listUsers();
  }

  get(id: string): Promise<User | undefined> {
    return this.store.getUser(id);
  }

  /** A user's roles on chosen sites. */
  siteRoles(id: string): Promise<SiteRole[]> {
    return this.store.getUserSiteRoles(id);
  }

  create(input: NewUserInput): Promise<User> {
    return this.#create(input);
  }

  /**
   * Changes a user's name, role or sites; the last owner cannot be demoted (`last_owner`), and an
   * owner cannot be confined to some sites (`owner_everywhere`).
   */
  update(id: string, patch: UserPatchInput): Promise<User | undefined> {
    const name = patch.name === undefined ? undefined : normaliseName(patch.name);
    return this.#serial.run(async () => {
      const user = await this.store.getUser(id);
      if (user === undefined) return undefined;
      assertOwnerEverywhere(patch.role ?? user.role, patch.allSites ?? user.allSites);
      if (patch.role !== undefined && patch.role !== 'owner' && user.role === 'owner') {
        await this.#assertAnotherOwner();
      }
      if (patch.siteRoles !== undefined && !(await this.store.setUserSiteRoles(id, patch.siteRoles))) {
        return undefined;
      }
      return this.store.updateUser(id, {
        ...(name === undefined ? {} : { name }),
        ...(patch.role === undefined ? {} : { role: patch.role }),
        ...(patch.allSites === undefined ? {} : { allSites: patch.allSites }),
      });
    });
  }

  /** Deletes a user and their sessions; the last owner cannot be deleted (`last_owner`). */
  delete(id: string): Promise<boolean> {
    return this.#serial.run(async () => {
      const user = await this.store.getUser(id);
      if (user === undefined) return false;
      if (user.role === 'owner') await this.#assertAnotherOwner();
      return this.store.deleteUser(id);
    });
  }

  /**
   * The user these credentials belong to, or `invalid_credentials` — the same answer, after the
   * same work, for an unknown address and a wrong password.
   */
  async verifyCredentials(email: string, password: string): Promise<User> {
    const user = await this.store.getUserByEmail(email.trim());
    const valid = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyDummyPassword(password);
    if (!user || !valid) throw new AccountError('invalid_credentials');
    return user;
  }

  /**
   * Sets a new password after checking the current one (`wrong_password`), and ends every other
   * session of the user: whoever signed in with the old password is signed out.
   */
  async changePassword(user: User, current: string, next: string, keepSessionId?: string): Promise<void> {
    checkPasswordRules(next, 'next');
    if (!(await verifyPassword(current, user.passwordHash))) throw new AccountError('wrong_password');
    await this.store.updateUser(user.id, { passwordHash: await hashPassword(next) });
    await this.store.deleteUserSessions(user.id, keepSessionId);
  }

  async #create(input: NewUserInput): Promise<User> {
    const email = normaliseEmail(input.email);
    const name = normaliseName(input.name);
    const allSites = input.allSites ?? true;
    assertOwnerEverywhere(input.role, allSites);
    checkPasswordRules(input.password);
    const user = await this.store.createUser({
      id: randomUUID(),
      email,
      name,
      role: input.role,
      allSites,
      passwordHash: await hashPassword(input.password),
    });
    // A confined user starts with no site at all until their roles are stored: never more access.
    if (input.siteRoles !== undefined) await this.store.setUserSiteRoles(user.id, input.siteRoles);
    return user;
  }

  async #assertAnotherOwner(): Promise<void> {
    if ((await this.store.countUsers('owner')) <= 1) throw new AccountError('last_owner');
  }
}
