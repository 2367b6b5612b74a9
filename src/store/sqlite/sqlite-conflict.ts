/**
 * True when `error` is SQLite's unique-constraint failure on `table.column`. better-sqlite3
 * sets `code` to the extended result code (SQLITE_CONSTRAINT_UNIQUE), and SQLite names the
 * columns in the message: "UNIQUE constraint failed: links.slug"
 * (https://sqlite.org/rescode.html#constraint_unique).
 */
export function isSqliteUniqueViolation(error: unknown, table: string, column: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(`${table}.${column}`)
  );
}
