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
    ...(choice.onThreadExit ? { onThreadExit: choice.onThreadExit } : {}),
    ...(choice.onFoldError ? { onFoldError: choice.onFoldError } : {}),
    ...(choice.onFoldRecovered ? { onFoldRecovered: choice.onFoldRecovered } : {}),
    ...(choice.onReady ? { onReady: choice.onReady } : {}),
  });
  return { writer, foldsRollups: choice.fold };
}
