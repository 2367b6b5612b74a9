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
  SESSION_COLUMNS,
  SESSION_WITH_USER_SELECT,
  type SessionWithUserRow,
  type SiteRoleRow,
  saltFromRow,
  sessionWithUserFromRow,
  siteRoleFromRow,
  TOKEN_COLUMNS,
  type TokenRow,
  tokenFromRow,
  USER_COLUMNS,
  type UserRow,
  userFromRow,
} from '../store-rows.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase, SqlitePrepare } from './sqlite-database.js';
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
    const rows = this.#sql('SELECT day, salt FROM daily_salts ORDER BY day DESC').all() as DailySalt[];
    return rows.map(saltFromRow);
  }

  async putSalt(salt: DailySalt): Promise<DailySalt> {
    // Under the write lock: whichever process comes second finds the first one's salt.
    return writeTransaction(this.#db, () => {
      this.#sql('INSERT INTO daily_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING').run(
        salt.day,
        salt.salt,
      );
      return saltFromRow(
        this.#sql('SELECT day, salt FROM daily_salts WHERE day = ?').get(salt.day) as DailySalt,
      );
    });
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    return this.#sql('DELETE FROM daily_salts WHERE day < ?').run(day).changes;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
        created.id,
        created.name,
        created.hash,
        created.createdAt,
        JSON.stringify(created.scopes),
        created.siteIds && JSON.stringify(created.siteIds),
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.#sql(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = ?`).get(hash) as
      | TokenRow
      | undefined;
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const rows = this.#sql(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`,
    ).all() as TokenRow[];
    return rows.map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
        created.id,
        created.email,
        created.name,
        created.role,
        created.passwordHash,
        created.createdAt,
        created.updatedAt,
        created.allSites ? 1 : 0,
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'users', 'email'))
        throw new StoreConflictError('email', created.email);
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser('id', id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser('email', email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    const rows = this.#sql(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`).all() as UserRow[];
    return rows.map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return writeTransaction(this.#db, () => {
      const current = this.#findUser('id', id);
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      this.#sql(
        'UPDATE users SET name = ?, role = ?, password_hash = ?, updated_at = ?, all_sites = ? WHERE id = ?',
      ).run(next.name, next.role, next.passwordHash, next.updatedAt, next.allSites ? 1 : 0, id);
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    // Sessions go by ON DELETE CASCADE.
    return this.#sql('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    const sql = 'SELECT site_id, role FROM user_site_roles WHERE user_id = ? ORDER BY site_id';
    return (this.#sql(sql).all(userId) as SiteRoleRow[]).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return writeTransaction(this.#db, () => {
      if (this.#findUser('id', userId) === undefined) return false;
      this.#sql('DELETE FROM user_site_roles WHERE user_id = ?').run(userId);
      const insert = this.#sql('INSERT INTO user_site_roles (user_id, site_id, role) VALUES (?, ?, ?)');
      for (const { siteId, role } of records) insert.run(userId, siteId, role);
      return true;
    });
  }

  async countUsers(role?: UserRole): Promise<number> {
    const row =
      role === undefined
        ? this.#sql('SELECT count(*) AS total FROM users').get()
        : this.#sql('SELECT count(*) AS total FROM users WHERE role = ?').get(role);
    return (row as { total: number }).total;
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    this.#sql(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
      created.id,
      created.userId,
      created.csrfToken,
      created.createdAt,
      created.expiresAt,
      created.lastSeenAt,
    );
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const row = this.#sql(
      `SELECT ${SESSION_WITH_USER_SELECT} FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ?`,
    ).get(hash) as SessionWithUserRow | undefined;
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    return (
      this.#sql('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(
        times.lastSeenAt,
        times.expiresAt,
        id,
      ).changes > 0
    );
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    return this.#sql('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, except ?? null)
      .changes;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.#sql('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    this.#sql(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ...auditValues(entry),
    );
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
    return this.#sql('DELETE FROM audit_log WHERE occurred_at < ?').run(before).changes;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    return this.#sql('UPDATE audit_log SET actor_label = ? WHERE actor_id = ?').run(label, actorId).changes;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    return this.#sql("UPDATE audit_log SET details = '{}' WHERE site_id = ?").run(siteId).changes;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    this.#sql('INSERT INTO instance_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(
      name,
      candidate,
    );
    const row = this.#sql('SELECT secret FROM instance_secrets WHERE name = ?').get(name) as {
      secret: string;
    };
    return row.secret;
  }

  #findUser(column: 'id' | 'email', value: string): User | undefined {
    const row = this.#sql(`SELECT ${USER_COLUMNS} FROM users WHERE ${column} = ?`).get(value) as
      | UserRow
      | undefined;
    return row && userFromRow(row);
  }
}
