import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Runs `work` between BEGIN IMMEDIATE and COMMIT, rolling back if it throws.
 *
 * IMMEDIATE takes the write lock up front, where `busy_timeout` makes a second process wait.
 * A deferred transaction that reads and then writes can instead fail at once with SQLITE_BUSY
 * in WAL mode when another connection wrote in between
 * (https://sqlite.org/lang_transaction.html, https://sqlite.org/isolation.html).
 */
export function writeTransaction<T>(db: SqliteDatabase, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR…) already rolled the transaction back.
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
