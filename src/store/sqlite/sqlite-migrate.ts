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
    if (migration.rebuildsTables === true) {
      withoutForeignKeys(db, () => writeTransaction(db, () => applyIfPending(db, migration, true)));
    } else {
      writeTransaction(db, () => applyIfPending(db, migration, false));
    }
  }
}

function applyIfPending(db: SqliteDatabase, migration: Migration, checkForeignKeys: boolean): void {
  db.exec(SCHEMA_MIGRATIONS_TABLE);
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
  if (applied !== undefined) return;
  db.exec(migration.sql);
  if (checkForeignKeys) assertForeignKeysHold(db, migration);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    migration.version,
    migration.name,
    new Date().toISOString(),
  );
}

/**
 * Steps 1 and 12 of https://sqlite.org/lang_altertable.html#otheralter: foreign key enforcement
 * off before the transaction (the pragma does nothing inside one), back to what it was after,
 * whether the migration committed or rolled back.
 */
function withoutForeignKeys(db: SqliteDatabase, work: () => void): void {
  const enabled = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enabled) db.pragma('foreign_keys = OFF');
  try {
    work();
  } finally {
    if (enabled) db.pragma('foreign_keys = ON');
  }
}

/** Step 10: the rebuilt tables must still satisfy every foreign key, or nothing is committed. */
function assertForeignKeysHold(db: SqliteDatabase, migration: Migration): void {
  const violations = db.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new Error(
      `migration ${migration.version} would break foreign keys: ${JSON.stringify(violations.slice(0, 5))}`,
    );
  }
}
