import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { ChosenWriter } from './choose-event-writer.js';
import { storeEventWriter } from './event-writer.js';
import { WorkerEventWriter } from './worker-event-writer.js';

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
    postgresTimeouts: config.postgresTimeouts,
  });
  return { writer, foldsRollups: true };
}
