import type { PgTimeouts } from '../store/postgres/postgres-timeouts.js';
import type { NewPreviewFetch } from '../store/preview-store.js';
import type { NewEvent } from '../store/store.js';

/*
 * The messages between the request thread and the writer thread (worker-event-writer.ts and
 * event-writer-worker.ts). Kept small and typed so that other store work (rollup folding) can
 * join the same thread later with ops of its own.
 *
 * Batches travel as plain objects through the structured clone algorithm. A compact encoding was
 * measured against it (250-event batches, sender CPU per event): JSON text 2.4–5.1 µs, one array
 * per event 2.3–2.8 µs, one flat array 2.1–5.8 µs, objects 1.9–3.3 µs on this 2-core machine —
 * no encoding won beyond the noise, so the simplest one stays.
 */

/** What the worker needs to open its own connection to the store the request thread uses. */
export interface WriterWorkerData {
  /** A `postgres://` URL, or undefined for the SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * Fold stored events into the rollups here (rollup-folder.ts): a fold is a write, and on the
   * request thread it took a fifth of a loaded redirect server's busy time (bench/redirect
   * profile, issue 12).
   */
  fold: boolean;
  /**
   * Events per fold step (FOLD_STEP by default). A bulk import folds smaller steps: the thread
   * holds the write lock for a whole step, and another writer of the same file (a server running
   * meanwhile) waits for it at most `busy_timeout` (5 s), which a 50,000-event step came close to
   * on this loaded machine.
   */
  foldStep?: number | undefined;
  /** The request thread's PostgreSQL bounds (postgres-timeouts.ts), so the writer cannot hang either. */
  postgresTimeouts?: Readonly<PgTimeouts> | undefined;
  /** SQLite's page cache for the thread's connection, in MiB (sqlite-database.ts: 64 by default). */
  sqliteCacheMiB?: number | undefined;
}

export type ToWriter =
  /** Store one batch in one transaction; answered by `written` or `failed` with the same id. */
  | { op: 'write'; id: number; events: readonly NewEvent[] }
  /**
   * Store preview fetches (an import's, preview-store.ts), answered like `write`: on this thread,
   * so that they never wait for the write lock behind this thread's own writes and folds.
   */
  | { op: 'write-preview-fetches'; id: number; fetches: readonly NewPreviewFetch[] }
  /** Close the store connection; answered by `closed`, then the thread ends. */
  | { op: 'close' };

/** An error as it crosses the thread boundary (`code` carries SQLITE_BUSY, PostgreSQL SQLSTATEs). */
export interface WireError {
  name: string;
  message: string;
  code?: string | undefined;
}

export type FromWriter =
  | { op: 'ready' }
  | { op: 'open-failed'; error: WireError }
  | { op: 'written'; id: number; count: number }
  | { op: 'failed'; id: number; error: WireError }
  /** Background folds started failing (retried with backoff, reported once): for the server's log. */
  | { op: 'fold-failed'; error: WireError }
  /** Background folds work again after failing for `failedForMs`. */
  | { op: 'fold-recovered'; failedForMs: number }
  | { op: 'closed' };

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}

/** A store error raised in the writer thread, rebuilt on the request thread. */
export class WriterThreadError extends Error {
  readonly code: string | undefined;
  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name === 'Error' ? 'WriterThreadError' : wire.name;
    this.code = wire.code;
  }
}
