/**
 * Whether a write failed because of the batch's content — which retrying can never fix — rather
 * than the store being unavailable. Such a batch would otherwise be retried and spooled forever,
 * holding every event behind it (a "poison" batch). By the error's class name as well as
 * `instanceof`, because the worker-thread writer re-creates errors with their name and code.
 *
 * - RangeError: refused before any SQL (records.ts refuses a non-finite value). Not TypeError:
 *   that is more likely a bug of ours, and the events are better kept (spooled) until it is fixed.
 * - SQLite: SQLITE_CONSTRAINT_* (CHECK, NOT NULL, foreign key), SQLITE_MISMATCH, SQLITE_TOOBIG
 *   (https://sqlite.org/rescode.html).
 * - PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation)
 *   (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
export function isDataError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'RangeError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
    return true;
  }
  return /^2[23][0-9A-Z]{3}$/.test(code);
}
