import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { ChosenWriter } from './choose-event-writer.js';
import { storeEventWriter } from './event-writer.js';
import { WorkerEventWriter } from './worker-event-writer.js';

/**
 * Events per fold step on the writer thread: about as cheap per event as 50,000 (measured here,
 * 10,000 to 300,000 events per step cost the same to within the noise) while the write lock is
 * held a fifth as long by each step (event-writer-protocol.ts, `foldStep`).
 */
const BULK_FOLD_STEP = 10_000;

/**
 * The writer of a bulk command (`penumbra import-log`; issue 12, Bulk): a writer thread with its
 * own connection stores the batches and folds the rollups while this thread reads, parses and
 * classifies the next lines — the two halves of an import cost about the same, and this machine
 * has two cores. PENUMBRA_WRITER_THREAD=off keeps everything on this thread, as the server does.
 */
export function bulkEventWriter(
  config: Pick<Config, 'writerThread' | 'databaseUrl' | 'dataDir' | 'postgresTimeouts'>,
  store: Pick<Store, 'insertEvents'>,
): ChosenWriter {
  if (!config.writerThread) return { writer: storeEventWriter(store), foldsRollups: false };
  const writer = new WorkerEventWriter({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    fold: true,
    foldStep: BULK_FOLD_STEP,
    postgresTimeouts: config.postgresTimeouts,
  });
  return { writer, foldsRollups: true };
}
