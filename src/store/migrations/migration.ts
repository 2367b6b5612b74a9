/**
 * One forward-only schema step. Each adapter keeps its own list (the SQL dialects differ) under
 * the same version numbers, so version N means the same tables on both engines. Never edit an
 * applied migration: add the next version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One or more statements, run inside the migration's transaction. */
  readonly sql: string;
  /**
   * SQLite only: the migration rebuilds a table (https://sqlite.org/lang_altertable.html,
   * "Making Other Kinds Of Table Schema Changes"), so foreign key enforcement is switched off
   * around its transaction — `PRAGMA foreign_keys` is a no-op inside one — and
   * `PRAGMA foreign_key_check` must find nothing before it commits.
   */
  readonly rebuildsTables?: true;
}

/** Bookkeeping table, the same on both engines. */
export const SCHEMA_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;
