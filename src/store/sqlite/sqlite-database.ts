import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/*
 * The subset of better-sqlite3 the store uses, declared as our own types so that nothing
 * outside this folder depends on the driver (after Kysely's `SqliteDatabase`:
 * "We don't use the type from `better-sqlite3` here to not have a dependency to it").
 */

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** One row at a time: no malloc'd handle per value of every row at once, as `all` needs. */
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** Prepares `sql`, or returns the statement prepared before (the store's cache, cleared by migrate). */
export type SqlitePrepare = (sql: string) => SqliteStatement;

/** How a boolean is stored: SQLite has no boolean type, the schema's CHECKs want 0 or 1. */
export const sqliteBoolean = (value: boolean): number => (value ? 1 : 0);

export interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple: boolean }): unknown;
  close(): unknown;
}

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite's page cache per connection, in MiB, when the opener does not choose (the CLI's bulk
 * writers, the writer thread, a server writing on its request thread): 64 MiB instead of the 2 MiB
 * default, as batch inserts touch five event indexes at random places, and with a small cache
 * each row costs a read (https://sqlite.org/pragma.html#pragma_cache_size).
 */
export const WRITER_CACHE_MIB = 64;

export interface SqliteOpenOptions {
  /**
   * The page cache's bound, in MiB (default WRITER_CACHE_MIB). It is malloc'd as pages are read
   * and stays resident: the server's request connection asks for less (open-store.ts).
   */
  cacheMiB?: number | undefined;
}

/** Opens (and creates, with its directory) the database file, ready for server and CLI to share. */
export function openSqliteDatabase(file: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  configure(db, options.cacheMiB ?? WRITER_CACHE_MIB);
  return db;
}

function configure(db: SqliteDatabase, cacheMiB: number): void {
  // Set first: switching to WAL needs a lock that another process opening the file may hold.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  enableWal(db);
  // In WAL mode NORMAL is safe from corruption; a power cut may lose the last commits only
  // (https://sqlite.org/pragma.html#pragma_synchronous).
  db.pragma('synchronous = NORMAL');
  // Off by default in SQLite, per connection; the cascades of the schema depend on it.
  db.pragma('foreign_keys = ON');
  // A negative cache_size is in KiB (https://sqlite.org/pragma.html#pragma_cache_size).
  db.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`);
  // Sorting and temporary indexes for report queries stay in memory.
  db.pragma('temp_store = MEMORY');
  // Checkpoint every 10,000 WAL pages (about 40 MiB) instead of 1,000: a page that many commits
  // touch (an index leaf, a rollup row) is copied back to the database once per checkpoint, not
  // once per 1,000 pages. Measured on the event writer's inserts (issue 12; 100,000 redirect
  // clicks in 250-event transactions, three alternating runs each): 21.3 → 19.0 µs per event.
  // The WAL file is reused from its start after a checkpoint, so it stays near that size
  // (https://sqlite.org/wal.html#ckpt).
  db.pragma('wal_autocheckpoint = 10000');
}

/**
 * WAL lets the CLI write while the server reads, and readers never block the writer
 * (https://sqlite.org/wal.html). It is a property of the file; `:memory:` keeps "memory".
 *
 * Switching a fresh file needs an exclusive lock, and when several processes open it at once
 * SQLite may answer SQLITE_BUSY without calling the busy handler, to avoid a deadlock
 * (https://sqlite.org/c3ref/busy_handler.html), so the switch is retried here. It only happens
 * while opening, so the short synchronous waits block nothing else.
 */
function enableWal(db: SqliteDatabase): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      sleepSync(10);
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
