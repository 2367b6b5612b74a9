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
import { numberedSql } from '../outbox-sql.js';
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
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { type PgPool, type PgQueryable, queryRows } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

/** The shared statements with a placeholder (account-sql.ts), numbered once. */
const SQL = {
  insertToken: numberedSql(INSERT_TOKEN),
  tokenByHash: numberedSql(TOKEN_BY_HASH),
  deleteToken: numberedSql(DELETE_TOKEN),
  insertUser: numberedSql(INSERT_USER),
  userById: numberedSql(USER_BY_ID),
  userByEmail: numberedSql(USER_BY_EMAIL),
  /** The user row locked, so a concurrent update or deletion waits or wins. */
  lockUserById: `${numberedSql(USER_BY_ID)} FOR UPDATE`,
  updateUser: numberedSql(UPDATE_USER),
  deleteUser: numberedSql(DELETE_USER),
  countUsersOfRole: numberedSql(COUNT_USERS_OF_ROLE),
  userSiteRoles: numberedSql(USER_SITE_ROLES),
  deleteUserSiteRoles: numberedSql(DELETE_USER_SITE_ROLES),
  insertSession: numberedSql(INSERT_SESSION),
  sessionWithUser: numberedSql(SESSION_WITH_USER),
  touchSession: numberedSql(TOUCH_SESSION),
  deleteSession: numberedSql(DELETE_SESSION),
  deleteExpiredSessions: numberedSql(DELETE_EXPIRED_SESSIONS),
  insertAuditEntry: numberedSql(INSERT_AUDIT_ENTRY),
  pruneAuditEntries: numberedSql(PRUNE_AUDIT_ENTRIES),
  relabelAuditActor: numberedSql(RELABEL_AUDIT_ACTOR),
  forgetAuditDetails: numberedSql(FORGET_AUDIT_DETAILS),
  insertSalt: numberedSql(INSERT_SALT),
  getSalt: numberedSql(GET_SALT),
  deleteSaltsBefore: numberedSql(DELETE_SALTS_BEFORE),
  insertInstanceSecret: numberedSql(INSERT_INSTANCE_SECRET),
  getInstanceSecret: numberedSql(GET_INSTANCE_SECRET),
} as const;

const postgresBoolean = (value: boolean): boolean => value;

/**
 * Who may do what, and the trail of it, on PostgreSQL (the account methods of `Store`): users
 * and their site roles, sessions, API tokens, the audit log, and the installation's secrets
 * (daily salts, instance secrets).
 */
export class PostgresAccounts {
  readonly #pool: PgPool;

  constructor(pool: PgPool) {
    this.#pool = pool;
  }

  async listSalts(): Promise<DailySalt[]> {
    const rows = await queryRows<DailySalt>(this.#pool, LIST_SALTS);
    return rows.map(saltFromRow);
  }

  /**
   * Two statements, each autocommitted: when another session is inserting the same day, the
   * INSERT waits for it to commit and then does nothing, and the SELECT, with a snapshot taken
   * after that (READ COMMITTED), sees its row. One statement (a CTE with RETURNING) would not:
   * its snapshot predates the other session's commit. The retry only matters if the day's salt is
   * deleted between the two statements.
   */
  async putSalt(salt: DailySalt): Promise<DailySalt> {
    for (let attempt = 1; ; attempt++) {
      await this.#pool.query(SQL.insertSalt, [salt.day, salt.salt]);
      const [row] = await queryRows<DailySalt>(this.#pool, SQL.getSalt, [salt.day]);
      if (row !== undefined) return saltFromRow(row);
      if (attempt === 3) throw new Error(`the salt of ${salt.day} was deleted while being stored`);
    }
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    const result = await this.#pool.query(SQL.deleteSaltsBefore, [day]);
    return result.rowCount ?? 0;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      await this.#pool.query(SQL.insertToken, tokenValues(created));
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const [row] = await queryRows<TokenRow>(this.#pool, SQL.tokenByHash, [hash]);
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    return (await queryRows<TokenRow>(this.#pool, LIST_TOKENS)).map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#deleteById(SQL.deleteToken, id);
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      await this.#pool.query(SQL.insertUser, userValues(created, postgresBoolean));
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'users', 'email')) {
        throw new StoreConflictError('email', created.email);
      }
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, SQL.userById, id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, SQL.userByEmail, email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    return (await queryRows<UserRow>(this.#pool, LIST_USERS)).map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const current = await this.#findUser(client, SQL.lockUserById, id);
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      await client.query(SQL.updateUser, userUpdateValues(next, postgresBoolean));
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.#deleteById(SQL.deleteUser, id);
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    return (await queryRows<SiteRoleRow>(this.#pool, SQL.userSiteRoles, [userId])).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return withTransaction(this.#pool, async (client) => {
      // The user row locked first, as updateUser does, so a concurrent deletion waits or wins.
      if ((await this.#findUser(client, SQL.lockUserById, userId)) === undefined) return false;
      await client.query(SQL.deleteUserSiteRoles, [userId]);
      await client.query(
        `INSERT INTO user_site_roles (user_id, site_id, role)
           SELECT $1, site_id, role FROM unnest($2::text[], $3::text[]) AS r (site_id, role)`,
        [userId, records.map(({ siteId }) => siteId), records.map(({ role }) => role)],
      );
      return true;
    });
  }

  async countUsers(role?: UserRole): Promise<number> {
    const [row] =
      role === undefined
        ? await queryRows<{ total: string }>(this.#pool, COUNT_USERS)
        : await queryRows<{ total: string }>(this.#pool, SQL.countUsersOfRole, [role]);
    return Number(row?.total ?? 0);
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    await this.#pool.query(SQL.insertSession, sessionValues(created));
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const [row] = await queryRows<SessionWithUserRow>(this.#pool, SQL.sessionWithUser, [hash]);
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    const result = await this.#pool.query(SQL.touchSession, [times.lastSeenAt, times.expiresAt, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#deleteById(SQL.deleteSession, id);
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    const result = await this.#pool.query(
      'DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2',
      [userId, except ?? null],
    );
    return result.rowCount ?? 0;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.#pool.query(SQL.deleteExpiredSessions, [now]);
    return result.rowCount ?? 0;
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    await this.#pool.query(SQL.insertAuditEntry, auditValues(entry));
  }

  async listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    assertPage(query);
    const { where, params } = auditFilter(query, (n) => `$${n}`);
    const n = params.length;
    const [rows, count] = await Promise.all([
      queryRows<AuditRow>(
        this.#pool,
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where}
         ORDER BY occurred_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, query.limit, query.offset],
      ),
      queryRows<{ total: string }>(this.#pool, `SELECT count(*) AS total FROM audit_log ${where}`, params),
    ]);
    return { items: rows.map(auditFromRow), total: Number(count[0]?.total ?? 0) };
  }

  async pruneAuditEntries(before: string): Promise<number> {
    const result = await this.#pool.query(SQL.pruneAuditEntries, [before]);
    return result.rowCount ?? 0;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    const result = await this.#pool.query(SQL.relabelAuditActor, [label, actorId]);
    return result.rowCount ?? 0;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    const result = await this.#pool.query(SQL.forgetAuditDetails, [siteId]);
    return result.rowCount ?? 0;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    // Secrets are never deleted, so the row the insert or a racing process wrote is there to read.
    await this.#pool.query(SQL.insertInstanceSecret, [name, candidate]);
    const [row] = await queryRows<{ secret: string }>(this.#pool, SQL.getInstanceSecret, [name]);
    if (row === undefined) throw new Error(`the instance secret "${name}" could not be stored`);
    return row.secret;
  }

  async #findUser(db: PgQueryable, sql: string, value: string): Promise<User | undefined> {
    const [row] = await queryRows<UserRow>(db, sql, [value]);
    return row && userFromRow(row);
  }

  async #deleteById(sql: string, id: string): Promise<boolean> {
    const result = await this.#pool.query(sql, [id]);
    return (result.rowCount ?? 0) > 0;
  }
}
