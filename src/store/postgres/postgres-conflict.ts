/**
 * True when `error` is PostgreSQL's unique_violation (SQLSTATE 23505) on the constraint the
 * migrations name `<table>_<column>_unique`. node-postgres copies the server's `constraint`
 * field onto the error (https://www.postgresql.org/docs/15/errcodes-appendix.html).
 */
export function isPostgresUniqueViolation(error: unknown, table: string, column: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === `${table}_${column}_unique`
  );
}
