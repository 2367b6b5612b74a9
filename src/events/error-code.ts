/**
 * A short, stable code for a store or disk failure, safe to show on `/healthz`: the driver's
 * code (`SQLITE_READONLY`, `ENOSPC`, `ECONNREFUSED`, a PostgreSQL SQLSTATE such as `57P01`) or
 * the error's class name — never its message, which may carry paths or values.
 */
export function errorCode(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(code)) return code;
  if (error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name)) return error.name;
  return 'UNKNOWN';
}
