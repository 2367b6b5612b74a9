import pg from 'pg';
import { DEFAULT_PG_TIMEOUTS, type PgTimeouts } from './postgres-timeouts.js';

/*
 * The subset of node-postgres the store uses, declared as our own types so that nothing
 * outside this folder depends on the driver (after Kysely's `SqliteDatabase`).
 */

export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

/** A statement with its own client-side timeout (node-postgres `QueryConfig.query_timeout`). */
export interface PgQueryConfig {
  text: string;
  values?: unknown[];
  query_timeout?: number;
}

export interface PgQueryable {
  query(sql: string | PgQueryConfig, params?: unknown[]): Promise<PgResult>;
}

export interface PgClient extends PgQueryable {
  /** Passing an error destroys the connection instead of returning it to the pool. */
  release(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/**
 * The one place rows leave the driver untyped: the SELECT list of `sql` defines `R`, and the
 * mappers of store-rows.ts turn `R` into the interface's types.
 */
export async function queryRows<R>(db: PgQueryable, sql: string, params?: unknown[]): Promise<R[]> {
  return (await db.query(sql, params)).rows as R[];
}

/** The client's own deadline comes after the server's, so the server's clearer error wins. */
const CLIENT_GRACE_MS = 5_000;

/** A plain SQL identifier, so a schema name can be spliced into SQL and `SET` without quoting games. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`PostgreSQL schema must match ${SCHEMA_NAME}, got "${schema}"`);
  }
}

/** node-postgres options for `timeouts` (https://node-postgres.com/apis/client#new-client). */
export function pgTimeoutOptions(timeouts: Readonly<PgTimeouts>): pg.ClientConfig {
  return {
    ...(timeouts.connectMs > 0 ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
    ...(timeouts.statementMs > 0
      ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + CLIENT_GRACE_MS }
      : {}),
    ...(timeouts.idleInTransactionMs > 0
      ? { idle_in_transaction_session_timeout: timeouts.idleInTransactionMs }
      : {}),
    keepAlive: timeouts.keepAliveMs > 0,
    ...(timeouts.keepAliveMs > 0 ? { keepAliveInitialDelayMillis: timeouts.keepAliveMs } : {}),
  };
}

/**
 * A pool whose every connection works in `schema` when one is given. pg-pool awaits
 * `onConnect` before it hands a new connection out, and drops the connection if it fails
 * (pg-pool ≥ 3.10, see node_modules/pg-pool/index.js `_afterConnect`).
 */
export function createPgPool(
  connectionString: string,
  schema: string | undefined,
  timeouts: Readonly<PgTimeouts> = DEFAULT_PG_TIMEOUTS,
): PgPool {
  if (schema !== undefined) assertSchemaName(schema);
  const pool = new pg.Pool({
    connectionString,
    ...pgTimeoutOptions(timeouts),
    ...(schema === undefined ? {} : { onConnect: (client) => setSearchPath(client, schema) }),
  });
  // An idle connection that breaks (server restart, network) is reported here; without a
  // listener Node would crash the process. The pool already discards the connection and the
  // next query opens a new one (https://node-postgres.com/apis/pool#error). A checked-out
  // connection is not covered: withTransaction listens on it itself.
  pool.on('error', () => {});
  return pool;
}

export async function setSearchPath(client: PgQueryable, schema: string): Promise<void> {
  await client.query(`SET search_path TO ${schema}`);
}
