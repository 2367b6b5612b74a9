/** Socket errors that mean the database server cannot be reached at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of a server going away or refusing for now: class 08 (connection exception), 57P01
 * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up), 57014 a statement
 * cancelled by `statement_timeout` (https://www.postgresql.org/docs/15/errcodes-appendix.html).
 */
const SERVER_GONE = /^(08[0-9A-Z]{3}|57P0[123]|57014)$/;

/** node-postgres' own errors for a lost or never-made connection carry no code, only these words. */
const CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/**
 * Whether `error` says the store is unreachable or overloaded for now — worth a retry later —
 * rather than a bug: the HTTP layer answers 503 `store_unavailable` for these (issue #13).
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string' && (UNREACHABLE.has(code) || SERVER_GONE.test(code))) return true;
  // A reset of the database connection's socket names its system call; a client that hung up on
  // its own request (Node's "aborted", also ECONNRESET) does not, and stays the client's error.
  if (code === 'ECONNRESET' && typeof syscall === 'string') return true;
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return CONNECTION_LOST.test(error.message);
}
