import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface SqliteBackupResult {
  /** Pages copied (SQLite's page size is 4,096 bytes unless changed). */
  pages: number;
  /** `ok`, or what `PRAGMA quick_check` found wrong in the copy. */
  check: string;
}

/** The most pages `sqlite3_backup_step` may copy at once (better-sqlite3 clamps to this). */
const ALL_PAGES = 0x7fffffff;
/** As the store's own connections: wait for a writer's lock rather than fail. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Copies a live SQLite database with SQLite's online backup API (https://sqlite.org/backup.html)
 * through better-sqlite3's `db.backup()`. Every page is copied in one step, inside one read
 * transaction: the copy is the database as one instant saw it, even while a server writes (in WAL
 * mode readers never block the writer, https://sqlite.org/wal.html). Step by step, a write from
 * another process between two steps would restart the copy, forever under steady traffic.
 *
 * The copy is written next to `target` and renamed into place once checked, so an interrupted
 * backup never leaves a file that looks complete.
 */
export async function backupSqliteFile(source: string, target: string): Promise<SqliteBackupResult> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file`);
  const partial = `${target}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
    const check = settleCopy(partial);
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${check}`);
    renameSync(partial, target);
    return { pages: totalPages, check };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Makes the finished copy one self-contained file (rollback-journal mode: no -wal or -shm beside
 * it; the server switches it back to WAL when it opens it), then runs `PRAGMA quick_check`
 * (https://sqlite.org/pragma.html#pragma_quick_check) on it.
 */
function settleCopy(file: string): string {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const rows = copy.pragma('quick_check') as { quick_check: string }[];
    return rows.map((row) => row.quick_check).join('; ');
  } finally {
    copy.close();
  }
}
