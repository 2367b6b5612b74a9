import type { PgClient, PgPool, PgQueryable } from './postgres-pool.js';

/**
 * Runs `work` on one pooled connection between BEGIN and COMMIT, rolling back if it throws.
 * A connection whose ROLLBACK fails, or that broke while checked out, is destroyed rather than
 * returned to the pool.
 *
 * A checked-out connection has no listener for its 'error' event: pg-pool removes its idle
 * listener on checkout (node_modules/pg-pool/index.js `_acquireClient`), and an 'error' event
 * without a listener throws, killing the process. A PostgreSQL restart under load did exactly
 * that (issue #13, finding 1). The listener below keeps the process alive; the query in flight
 * rejects on its own ("Connection terminated unexpectedly"), so the caller sees a plain error.
 */
export async function withTransaction<T>(
  pool: PgPool,
  work: (client: PgQueryable) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // After the client's own deadline the server is not answering: a ROLLBACK would only wait as
    // long again (and hold shutdown); destroying the connection ends the transaction on the server.
    broken ??= isClientTimeout(error) ? (error as Error) : await rollback(client);
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/** node-postgres' `query_timeout` error (node_modules/pg/lib/client.js), which has no code. */
function isClientTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

async function rollback(client: PgClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/*
 * Keys of transaction-level advisory locks (released at COMMIT/ROLLBACK). Arbitrary constants,
 * chosen to be unlikely to collide with another application's keys in the same database
 * (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS).
 */
export const MIGRATION_LOCK = 7_080_110_117;
export const LINK_CLOCK_LOCK = 7_080_110_118;

export async function lockTransaction(client: PgQueryable, key: number): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${key})`);
}
