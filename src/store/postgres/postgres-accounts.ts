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
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { type PgPool, type PgQueryable, queryRows } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

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
    const rows = await queryRows<DailySalt>(
      this.#pool,
      'SELECT day, salt FROM daily_salts ORDER BY day DESC',
    );
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
      await this.#pool.query(
        'INSERT INTO daily_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING',
        [salt.day, salt.salt],
      );
      const [row] = await queryRows<DailySalt>(
        this.#pool,
        'SELECT day, salt FROM daily_salts WHERE day = $1',
        [salt.day],
      );
      if (row !== undefined) return saltFromRow(row);
      if (attempt === 3) throw new Error(`the salt of ${salt.day} was deleted while being stored`);
    }
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM daily_salts WHERE day < $1', [day]);
    return result.rowCount ?? 0;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        created.id,
        created.name,
        created.hash,
        created.createdAt,
        JSON.stringify(created.scopes),
        created.siteIds && JSON.stringify(created.siteIds),
      ]);
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const [row] = await queryRows<TokenRow>(
      this.#pool,
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = $1`,
      [hash],
    );
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const sql = `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`;
    return (await queryRows<TokenRow>(this.#pool, sql)).map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#deleteById('api_tokens', id);
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        created.id,
        created.email,
        created.name,
        created.role,
        created.passwordHash,
        created.createdAt,
        created.updatedAt,
        created.allSites,
      ]);
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'users', 'email')) {
        throw new StoreConflictError('email', created.email);
      }
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, 'id', id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, 'email', email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    const sql = `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`;
    return (await queryRows<UserRow>(this.#pool, sql)).map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const current = await this.#findUser(client, 'id', id, 'FOR UPDATE');
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      await client.query(
        'UPDATE users SET name = $2, role = $3, password_hash = $4, updated_at = $5, all_sites = $6 WHERE id = $1',
        [id, next.name, next.role, next.passwordHash, next.updatedAt, next.allSites],
      );
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    // Sessions go by ON DELETE CASCADE.
    return this.#deleteById('users', id);
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    const sql = 'SELECT site_id, role FROM user_site_roles WHERE user_id = $1 ORDER BY site_id';
    return (await queryRows<SiteRoleRow>(this.#pool, sql, [userId])).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return withTransaction(this.#pool, async (client) => {
      // The user row locked first, as updateUser does, so a concurrent deletion waits or wins.
      if ((await this.#findUser(client, 'id', userId, 'FOR UPDATE')) === undefined) return false;
      await client.query('DELETE FROM user_site_roles WHERE user_id = $1', [userId]);
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
        ? await queryRows<{ total: string }>(this.#pool, 'SELECT count(*) AS total FROM users')
        : await queryRows<{ total: string }>(
            this.#pool,
            'SELECT count(*) AS total FROM users WHERE role = $1',
            [role],
          );
    return Number(row?.total ?? 0);
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    await this.#pool.query(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      created.id,
      created.userId,
      created.csrfToken,
      created.createdAt,
      created.expiresAt,
      created.lastSeenAt,
    ]);
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const [row] = await queryRows<SessionWithUserRow>(
      this.#pool,
      `SELECT ${SESSION_WITH_USER_SELECT} FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = $1`,
      [hash],
    );
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1',
      [id, times.lastSeenAt, times.expiresAt],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#deleteById('sessions', id);
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    const result = await this.#pool.query(
      'DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2',
      [userId, except ?? null],
    );
    return result.rowCount ?? 0;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    await this.#pool.query(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      auditValues(entry),
    );
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
    const result = await this.#pool.query('DELETE FROM audit_log WHERE occurred_at < $1', [before]);
    return result.rowCount ?? 0;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    const result = await this.#pool.query('UPDATE audit_log SET actor_label = $2 WHERE actor_id = $1', [
      actorId,
      label,
    ]);
    return result.rowCount ?? 0;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    const result = await this.#pool.query("UPDATE audit_log SET details = '{}' WHERE site_id = $1", [siteId]);
    return result.rowCount ?? 0;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    // Secrets are never deleted, so the row the insert or a racing process wrote is there to read.
    await this.#pool.query(
      'INSERT INTO instance_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, candidate],
    );
    const [row] = await queryRows<{ secret: string }>(
      this.#pool,
      'SELECT secret FROM instance_secrets WHERE name = $1',
      [name],
    );
    if (row === undefined) throw new Error(`the instance secret "${name}" could not be stored`);
    return row.secret;
  }

  async #findUser(
    db: PgQueryable,
    column: 'id' | 'email',
    value: string,
    lock: '' | 'FOR UPDATE' = '',
  ): Promise<User | undefined> {
    const sql = `SELECT ${USER_COLUMNS} FROM users WHERE ${column} = $1 ${lock}`;
    const [row] = await queryRows<UserRow>(db, sql, [value]);
    return row && userFromRow(row);
  }

  async #deleteById(table: 'api_tokens' | 'users' | 'sessions', id: string): Promise<boolean> {
    const result = await this.#pool.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }
}
