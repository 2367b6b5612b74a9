import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import { type EventWriter, storeEventWriter } from './event-writer.js';
import { WorkerEventWriter } from './worker-event-writer.js';

export interface WriterChoice {
  /** True for the server; a one-shot CLI command writes on its own thread. */
  server: boolean;
  /** The server folds the rollups: on the writer thread when there is one. */
  fold: boolean;
  onThreadExit?: (error: Error) => void;
  onFoldError?: (error: Error) => void;
  onFoldRecovered?: (failedForMs: number) => void;
  onReady?: () => void;
}

export interface ChosenWriter {
  writer: EventWriter;
  /** The writer thread folds the rollups: the caller must not fold as well. */
  foldsRollups: boolean;
}

/**
 * SQLite's page cache of the server's writer thread, in MiB, against 64 for the CLI's bulk
 * writers: the cache is malloc'd as pages are read and stays resident, so the thread's memory
 * grew towards 64 MiB as events came in (issue 12's memory target: server RSS ≤ 200 MiB).
 * Measured at 3 M stored events (1.6 GB file), 60,000–100,000 events of inserts and folds in
 * 250-event transactions, alternating: no CPU cost per event visible through the noise of the
 * shared machine (docs/architecture.md, "Memory").
 */
const SERVER_WRITER_CACHE_MIB = 16;

/**
 * The server's events are written on a worker thread with its own connection (issue 12: a commit
 * never stalls a redirect), unless PENUMBRA_WRITER_THREAD=off. The store is always a file or a
 * PostgreSQL server here (open-store.ts), which a second connection can share; a private
 * `:memory:` SQLite could not be, and is only ever opened by tests that build their own store.
 */
export function chooseEventWriter(
  config: Pick<Config, 'writerThread' | 'databaseUrl' | 'dataDir' | 'postgresTimeouts'>,
  store: Pick<Store, 'insertEvents'>,
  choice: WriterChoice,
): ChosenWriter {
  if (!choice.server || !config.writerThread) return { writer: storeEventWriter(store), foldsRollups: false };
  const writer = new WorkerEventWriter({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    fold: choice.fold,
    postgresTimeouts: config.postgresTimeouts,
    sqliteCacheMiB: SERVER_WRITER_CACHE_MIB,
    ...(choice.onThreadExit ? { onThreadExit: choice.onThreadExit } : {}),
    ...(choice.onFoldError ? { onFoldError: choice.onFoldError } : {}),
    ...(choice.onFoldRecovered ? { onFoldRecovered: choice.onFoldRecovered } : {}),
    ...(choice.onReady ? { onReady: choice.onReady } : {}),
  });
  return { writer, foldsRollups: choice.fold };
}
