import pg from 'pg';

/*
 * The subset of node-postgres the store uses, declared as our own types so that nothing
 * outside this folder depends on the driver (after Kysely's `SqliteDatabase`).
 */

export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<PgResult>;
}

export interface PgClient extends PgQueryable {
  /** Passing an error destroys the connection instead of returning it to the pool. */
  release(error?: Error): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/** A plain SQL identifier, so a schema name can be spliced into SQL and `SET` without quoting games. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`PostgreSQL schema must match ${SCHEMA_NAME}, got "${schema}"`);
  }
}

/**
 * A pool whose every connection works in `schema` when one is given. pg-pool awaits
 * `onConnect` before it hands a new connection out, and drops the connection if it fails
 * (pg-pool ≥ 3.10, see node_modules/pg-pool/index.js `_afterConnect`).
 */
export function createPgPool(connectionString: string, schema: string | undefined): PgPool {
  if (schema !== undefined) assertSchemaName(schema);
  const pool = new pg.Pool({
    connectionString,
    ...(schema === undefined ? {} : { onConnect: (client) => setSearchPath(client, schema) }),
  });
  // An idle connection that breaks (server restart, network) is reported here; without a
  // listener Node would crash the process. The pool already discards the connection and the
  // next query opens a new one (https://node-postgres.com/apis/pool#error).
  pool.on('error', () => {});
  return pool;
}

async function setSearchPath(client: PgQueryable, schema: string): Promise<void> {
  await client.query(`SET search_path TO ${schema}`);
}
