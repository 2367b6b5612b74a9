import { type Migration, SCHEMA_MIGRATIONS_TABLE } from '../migrations/migration.js';
import type { PgPool, PgQueryable } from './postgres-pool.js';
import { MIGRATION_LOCK, withTransaction } from './postgres-transaction.js';

/**
 * Creates the schema if asked, then applies the migrations not yet recorded in
 * `schema_migrations`, each in its own transaction. Every step first takes the same advisory
 * lock, so two processes starting at once apply each migration exactly once (the second waits,
 * then finds it applied). Even CREATE SCHEMA IF NOT EXISTS can fail when two sessions race,
 * hence it runs under the lock too.
 */
export async function migratePostgres(
  pool: PgPool,
  migrations: readonly Migration[],
  schema: string | undefined,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await lockForMigration(client);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(SCHEMA_MIGRATIONS_TABLE);
  });
  for (const migration of migrations) {
    await withTransaction(pool, (client) => applyIfPending(client, migration));
  }
}

/**
 * A migration may rewrite a large table, and a second instance waits on the lock for as long:
 * neither is bound by the pool's statement timeout (postgres-pool.ts), which is meant for
 * requests. `SET LOCAL` ends with the transaction; the client-side deadline is set per query,
 * to the longest a Node timer allows (node-postgres treats 0 as "use the pool's").
 */
const MIGRATION_QUERY_TIMEOUT_MS = 2_147_483_647;

async function lockForMigration(client: PgQueryable): Promise<void> {
  await client.query('SET LOCAL statement_timeout = 0');
  await client.query({
    text: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`,
    query_timeout: MIGRATION_QUERY_TIMEOUT_MS,
  });
}

async function applyIfPending(client: PgQueryable, migration: Migration): Promise<void> {
  await lockForMigration(client);
  const applied = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
    migration.version,
  ]);
  if (applied.rows.length > 0) return;
  await client.query({ text: migration.sql, query_timeout: MIGRATION_QUERY_TIMEOUT_MS });
  await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
    migration.version,
    migration.name,
    new Date().toISOString(),
  ]);
}
