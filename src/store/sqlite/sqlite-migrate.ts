import { type Migration, SCHEMA_MIGRATIONS_TABLE } from '../migrations/migration.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { writeTransaction } from './sqlite-transaction.js';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own
 * BEGIN IMMEDIATE transaction. The check and the change happen under the same write lock, so
 * two processes starting at once apply each migration exactly once; running it again is a no-op.
 */
export function migrateSqlite(db: SqliteDatabase, migrations: readonly Migration[]): void {
  for (const migration of migrations) {
    writeTransaction(db, () => applyIfPending(db, migration));
  }
}

function applyIfPending(db: SqliteDatabase, migration: Migration): void {
  db.exec(SCHEMA_MIGRATIONS_TABLE);
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
  if (applied !== undefined) return;
  db.exec(migration.sql);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    migration.version,
    migration.name,
    new Date().toISOString(),
  );
}
