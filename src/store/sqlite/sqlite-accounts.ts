import {
  COUNT_USERS,
  COUNT_USERS_OF_ROLE,
  DELETE_EXPIRED_SESSIONS,
  DELETE_SALTS_BEFORE,
  DELETE_SESSION,
  DELETE_TOKEN,
  DELETE_USER,
  DELETE_USER_SITE_ROLES,
  FORGET_AUDIT_DETAILS,
  GET_INSTANCE_SECRET,
  GET_SALT,
  INSERT_AUDIT_ENTRY,
  INSERT_INSTANCE_SECRET,
  INSERT_SALT,
  INSERT_SESSION,
  INSERT_TOKEN,
  INSERT_USER,
  LIST_SALTS,
  LIST_TOKENS,
  LIST_USERS,
  PRUNE_AUDIT_ENTRIES,
  RELABEL_AUDIT_ACTOR,
  SESSION_WITH_USER,
  sessionValues,
  TOKEN_BY_HASH,
  TOUCH_SESSION,
  tokenValues,
  UPDATE_USER,
  USER_BY_EMAIL,
  USER_BY_ID,
  USER_SITE_ROLES,
  userUpdateValues,
  userValues,
} from '../account-sql.js';
import { assertPage } from '../assert-page.js';
import { AUDIT_COLUMNS, type AuditRow, auditFilter, auditFromRow, auditValues } from '../audit-rows.js';
import { patchUser, sessionRecord, siteRoleRecords, tokenRecord, userRecord } from '../records.js';
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  DailySalt,
  NewApiToken,
  NewSession,
  NewUser,
  Session,
  SiteRole,
  User,
  UserPatch,
  UserRole,
} from '../store.js';
import { StoreConflictError } from '../store.js';
import {
  type SessionWithUserRow,
  type SiteRoleRow,
  saltFromRow,
  sessionWithUserFromRow,
  siteRoleFromRow,
  type TokenRow,
  tokenFromRow,
  type UserRow,
  userFromRow,
} from '../store-rows.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import { type SqliteDatabase, type SqlitePrepare, sqliteBoolean } from './sqlite-database.js';
import { writeTransaction } from './sqlite-transaction.js';

/**
 * Who may do what, and the trail of it, on SQLite (the account methods of `Store`): users and
 * their site roles, sessions, API tokens, the audit log, and the installation's secrets (daily
 * salts, instance secrets).
 */
export class SqliteAccounts {
  readonly #db: SqliteDatabase;
  readonly #sql: SqlitePrepare;

  constructor(db: SqliteDatabase, sql: SqlitePrepare) {
    this.#db = db;
    this.#sql = sql;
  }

  async listSalts(): Promise<DailySalt[]> {
    const rows = this.#sql(LIST_SALTS).all() as DailySalt[];
    return rows.map(saltFromRow);
  }

  async putSalt(salt: DailySalt): Promise<DailySalt> {
    // Under the write lock: whichever process comes second finds the first one's salt.
    return writeTransaction(this.#db, () => {
      this.#sql(INSERT_SALT).run(salt.day, salt.salt);
      return saltFromRow(this.#sql(GET_SALT).get(salt.day) as DailySalt);
    });
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    return this.#sql(DELETE_SALTS_BEFORE).run(day).changes;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      this.#sql(INSERT_TOKEN).run(...tokenValues(created));
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.#sql(TOKEN_BY_HASH).get(hash) as TokenRow | undefined;
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const rows = this.#sql(LIST_TOKENS).all() as TokenRow[];
    return rows.map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#sql(DELETE_TOKEN).run(id).changes > 0;
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      this.#sql(INSERT_USER).run(...userValues(created, sqliteBoolean));
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'users', 'email'))
        throw new StoreConflictError('email', created.email);
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser(USER_BY_ID, id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser(USER_BY_EMAIL, email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    const rows = this.#sql(LIST_USERS).all() as UserRow[];
    return rows.map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return writeTransaction(this.#db, () => {
      const current = this.#findUser(USER_BY_ID, id);
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      this.#sql(UPDATE_USER).run(...userUpdateValues(next, sqliteBoolean));
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.#sql(DELETE_USER).run(id).changes > 0;
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    return (this.#sql(USER_SITE_ROLES).all(userId) as SiteRoleRow[]).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return writeTransaction(this.#db, () => {
      if (this.#findUser(USER_BY_ID, userId) === undefined) return false;
      this.#sql(DELETE_USER_SITE_ROLES).run(userId);
      const insert = this.#sql('INSERT INTO user_site_roles (user_id, site_id, role) VALUES (?, ?, ?)');
      for (const { siteId, role } of records) insert.run(userId, siteId, role);
      return true;
    });
  }

  async countUsers(role?: UserRole): Promise<number> {
    const row = role === undefined ? this.#sql(COUNT_USERS).get() : this.#sql(COUNT_USERS_OF_ROLE).get(role);
    return (row as { total: number }).total;
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    this.#sql(INSERT_SESSION).run(...sessionValues(created));
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const row = this.#sql(SESSION_WITH_USER).get(hash) as SessionWithUserRow | undefined;
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    return this.#sql(TOUCH_SESSION).run(times.lastSeenAt, times.expiresAt, id).changes > 0;
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#sql(DELETE_SESSION).run(id).changes > 0;
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    return this.#sql('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, except ?? null)
      .changes;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.#sql(DELETE_EXPIRED_SESSIONS).run(now).changes;
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    this.#sql(INSERT_AUDIT_ENTRY).run(...auditValues(entry));
  }

  async listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    assertPage(query);
    const { where, params } = auditFilter(query, () => '?');
    const rows = this.#sql(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(...params, query.limit, query.offset) as AuditRow[];
    const { total } = this.#sql(`SELECT count(*) AS total FROM audit_log ${where}`).get(...params) as {
      total: number;
    };
    return { items: rows.map(auditFromRow), total };
  }

  async pruneAuditEntries(before: string): Promise<number> {
    return this.#sql(PRUNE_AUDIT_ENTRIES).run(before).changes;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    return this.#sql(RELABEL_AUDIT_ACTOR).run(label, actorId).changes;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    return this.#sql(FORGET_AUDIT_DETAILS).run(siteId).changes;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    this.#sql(INSERT_INSTANCE_SECRET).run(name, candidate);
    const row = this.#sql(GET_INSTANCE_SECRET).get(name) as { secret: string };
    return row.secret;
  }

  #findUser(sql: typeof USER_BY_ID | typeof USER_BY_EMAIL, value: string): User | undefined {
    const row = this.#sql(sql).get(value) as UserRow | undefined;
    return row && userFromRow(row);
  }
}
