/**
 * The writer thread's entry (issue 12, "writes off the request thread"): its own store
 * connection, one transaction per batch posted by worker-event-writer.ts. Batches are written
 * one at a time, in the order they arrive (a port delivers messages in order).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open-store.js';
import { RollupFolder } from '../store/rollups/rollup-folder.js';
import type { Store } from '../store/store.js';
import {
  type FromWriter,
  type ToWriter,
  toWireError,
  type WriterWorkerData,
} from './event-writer-protocol.js';

if (!parentPort) throw new Error('event-writer-worker runs only as a worker thread');
const port: MessagePort = parentPort;
const send = (message: FromWriter) => port.postMessage(message);
const data = workerData as WriterWorkerData;

let store: Store;
try {
  // Migrations already ran on the request thread: this is a no-op check under the same lock.
  store = await openStore({
    databaseUrl: data.databaseUrl,
    dataDir: data.dataDir,
    postgresTimeouts: data.postgresTimeouts,
    sqliteCacheMiB: data.sqliteCacheMiB,
  });
} catch (error) {
  send({ op: 'open-failed', error: toWireError(error) });
  port.close();
  process.exit(1);
}

const folder = data.fold
  ? new RollupFolder(store, {
      step: data.foldStep,
      onError: (error) => send({ op: 'fold-failed', error: toWireError(error) }),
      onRecovered: (failedForMs) => send({ op: 'fold-recovered', failedForMs }),
    })
  : undefined;
folder?.start();

let queue: Promise<void> = Promise.resolve();

async function handle(message: ToWriter): Promise<void> {
  if (message.op === 'close') {
    await folder?.stop();
    await store.close();
    send({ op: 'closed' });
    port.close();
    return;
  }
  try {
    const count =
      message.op === 'write'
        ? await store.insertEvents(message.events)
        : await store.previews.recordPreviewFetches(message.fetches);
    send({ op: 'written', id: message.id, count });
  } catch (error) {
    send({ op: 'failed', id: message.id, error: toWireError(error) });
  }
}

port.on('message', (message: ToWriter) => {
  queue = queue.then(() => handle(message));
});
send({ op: 'ready' });
