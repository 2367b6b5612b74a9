/**
 * The SQL of the account methods of `Store` (sqlite-accounts.ts, postgres-accounts.ts): users
 * and their site roles, sessions, API tokens, the audit log and the installation's secrets.
 * Written once with `?` placeholders, each bound in the order it appears; PostgreSQL numbers them
 * once, at load (`numberedSql`), so no statement is rewritten per call. What stays per engine:
 * the transactions and row locks around them, `IS NOT` against `IS DISTINCT FROM`, how a site
 * role list is inserted, and how the drivers spell booleans and counts.
 */
import { AUDIT_COLUMNS } from './audit-rows.js';
import type { ApiToken, Session, User } from './store.js';
import { SESSION_COLUMNS, SESSION_WITH_USER_SELECT, TOKEN_COLUMNS, USER_COLUMNS } from './store-rows.js';

export const INSERT_TOKEN = `INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`;
export const TOKEN_BY_HASH = `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = ?`;
export const LIST_TOKENS = `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`;
export const DELETE_TOKEN = 'DELETE FROM api_tokens WHERE id = ?';

export const INSERT_USER = `INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
export const USER_BY_ID = `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`;
export const USER_BY_EMAIL = `SELECT ${USER_COLUMNS} FROM users WHERE email = ?`;
export const LIST_USERS = `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`;
export const UPDATE_USER =
  'UPDATE users SET name = ?, role = ?, password_hash = ?, updated_at = ?, all_sites = ? WHERE id = ?';
/** Sessions and site roles go by ON DELETE CASCADE. */
export const DELETE_USER = 'DELETE FROM users WHERE id = ?';
export const COUNT_USERS = 'SELECT count(*) AS total FROM users';
export const COUNT_USERS_OF_ROLE = 'SELECT count(*) AS total FROM users WHERE role = ?';

export const USER_SITE_ROLES = 'SELECT site_id, role FROM user_site_roles WHERE user_id = ? ORDER BY site_id';
export const DELETE_USER_SITE_ROLES = 'DELETE FROM user_site_roles WHERE user_id = ?';

export const INSERT_SESSION = `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`;
export const SESSION_WITH_USER = `SELECT ${SESSION_WITH_USER_SELECT} FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ?`;
export const TOUCH_SESSION = 'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?';
export const DELETE_SESSION = 'DELETE FROM sessions WHERE id = ?';
export const DELETE_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires_at <= ?';

export const INSERT_AUDIT_ENTRY = `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const PRUNE_AUDIT_ENTRIES = 'DELETE FROM audit_log WHERE occurred_at < ?';
export const RELABEL_AUDIT_ACTOR = 'UPDATE audit_log SET actor_label = ? WHERE actor_id = ?';
export const FORGET_AUDIT_DETAILS = "UPDATE audit_log SET details = '{}' WHERE site_id = ?";

export const LIST_SALTS = 'SELECT day, salt FROM daily_salts ORDER BY day DESC';
export const INSERT_SALT = 'INSERT INTO daily_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING';
export const GET_SALT = 'SELECT day, salt FROM daily_salts WHERE day = ?';
export const DELETE_SALTS_BEFORE = 'DELETE FROM daily_salts WHERE day < ?';

export const INSERT_INSTANCE_SECRET =
  'INSERT INTO instance_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING';
export const GET_INSTANCE_SECRET = 'SELECT secret FROM instance_secrets WHERE name = ?';

/** INSERT_TOKEN's values: scopes and sites as JSON text (the columns are text on both engines). */
export function tokenValues(token: ApiToken): unknown[] {
  return [
    token.id,
    token.name,
    token.hash,
    token.createdAt,
    JSON.stringify(token.scopes),
    token.siteIds && JSON.stringify(token.siteIds),
  ];
}

/** INSERT_USER's values; `bool` spells `all_sites` for the engine (SQLite 0/1). */
export function userValues<B>(user: User, bool: (value: boolean) => B): unknown[] {
  return [
    user.id,
    user.email,
    user.name,
    user.role,
    user.passwordHash,
    user.createdAt,
    user.updatedAt,
    bool(user.allSites),
  ];
}

/** UPDATE_USER's values. */
export function userUpdateValues<B>(user: User, bool: (value: boolean) => B): unknown[] {
  return [user.name, user.role, user.passwordHash, user.updatedAt, bool(user.allSites), user.id];
}

/** INSERT_SESSION's values. */
export function sessionValues(session: Session): unknown[] {
  return [
    session.id,
    session.userId,
    session.csrfToken,
    session.createdAt,
    session.expiresAt,
    session.lastSeenAt,
  ];
}
