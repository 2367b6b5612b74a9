/**
 * Bounds on every connection, so that neither a request nor shutdown can wait forever on a
 * dead or stuck server (issue #13, finding 3). 0 turns a bound off.
 */
export interface PgTimeouts {
  /** Opening a connection (TCP + authentication): node-postgres `connectionTimeoutMillis`. */
  connectMs: number;
  /**
   * One statement, enforced by the server (`statement_timeout`), and by the client a little
   * later (`query_timeout`) for a server that no longer answers at all.
   */
  statementMs: number;
  /** A transaction left open by a stalled client is ended by the server after this long. */
  idleInTransactionMs: number;
  /** TCP keepalive's first probe after this much silence, so a vanished peer is noticed. */
  keepAliveMs: number;
}

export const DEFAULT_PG_TIMEOUTS: Readonly<PgTimeouts> = Object.freeze({
  connectMs: 5_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
  keepAliveMs: 10_000,
});
