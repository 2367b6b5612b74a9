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
}

/** Bookkeeping table, the same on both engines. */
export const SCHEMA_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;
