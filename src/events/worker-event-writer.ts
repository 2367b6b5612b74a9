import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NewPreviewFetch } from '../store/preview-store.js';
import type { NewEvent } from '../store/store.js';
import type { EventWriter } from './event-writer.js';
import {
  type FromWriter,
  type ToWriter,
  WriterThreadError,
  type WriterWorkerData,
} from './event-writer-protocol.js';

export interface WorkerEventWriterOptions extends Omit<WriterWorkerData, 'fold'> {
  /** Fold the rollups on the writer thread too (rollup-folder.ts). */
  fold?: boolean;
  /** Called when the writer thread ended unexpectedly (a new one is started at once). */
  onThreadExit?: (error: Error) => void;
  /** Called when background folds on the writer thread start failing (once per failing streak). */
  onFoldError?: (error: Error) => void;
  /** Called when they work again, with how long they failed. */
  onFoldRecovered?: (failedForMs: number) => void;
  /** Called when a thread has opened the store (at start, and after each restart). */
  onReady?: () => void;
}

interface InFlight {
  resolve(count: number): void;
  reject(error: Error): void;
}

/** The thread ended without answering: nothing of the batch is known to be stored. */
export class WriterThreadExitedError extends Error {
  constructor(detail: string) {
    super(`The event writer thread ended (${detail}) before answering`);
    this.name = 'WriterThreadExitedError';
  }
}

/**
 * Built (`dist/`), the worker is the compiled `.js` beside this file. From sources (tsx, vitest)
 * it is a `.ts` file, and a worker thread does not inherit the parent's module hooks
 * (`execArgv: ['--import', 'tsx']` is refused for workers, checked on Node 20.20): a one-line
 * bootstrap registers tsx's ESM hooks in the thread, then imports the entry.
 */
function spawnWorker(data: WriterWorkerData): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  if (!fromSources)
    return new Worker(new URL('./event-writer-worker.js', import.meta.url), { workerData: data });
  const entry = new URL('./event-writer-worker.ts', import.meta.url).href;
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/**
 * The event writer of the server (issue 12, "writes off the request thread"): batches are posted
 * to a worker thread that owns its own store connection, so the request thread never runs event
 * SQL and a commit (or a slow PostgreSQL round trip) never stalls a redirect. One message per
 * batch, answered with the number stored or the store's error.
 *
 * If the thread dies (a crash, an out-of-memory kill), every batch it had not answered fails —
 * the sink keeps those batches and retries them — and a new thread is started.
 */
export class WorkerEventWriter implements EventWriter {
  private worker: Worker | undefined;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private exits = 0;

  constructor(private readonly options: WorkerEventWriterOptions) {
    this.worker = this.start();
  }

  /** How many times the thread ended unexpectedly and was replaced. */
  get restarts(): number {
    return this.exits;
  }

  /** The current thread (for tests and diagnostics). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  write(batch: readonly NewEvent[]): Promise<number> {
    return this.request((id) => ({ op: 'write', id, events: batch }));
  }

  writePreviewFetches(fetches: readonly NewPreviewFetch[]): Promise<number> {
    return this.request((id) => ({ op: 'write-preview-fetches', id, fetches }));
  }

  private request(message: (id: number) => ToWriter): Promise<number> {
    if (this.closing) return Promise.reject(new Error('The event writer is closed'));
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.inFlight.set(id, { resolve, reject });
      // Held while a batch is in flight, so a process never exits with events unanswered.
      if (this.inFlight.size === 1) worker.ref();
      this.post(worker, message(id));
    });
  }

  /** Waits for the batches in flight, closes the thread's store connection, then ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private post(worker: Worker, message: ToWriter): void {
    worker.postMessage(message);
  }

  private start(): Worker {
    const { databaseUrl, dataDir, fold = false, foldStep, postgresTimeouts, sqliteCacheMiB } = this.options;
    const worker = spawnWorker({ databaseUrl, dataDir, fold, foldStep, postgresTimeouts, sqliteCacheMiB });
    worker.unref();
    let failure: Error | undefined;
    let opened = false;
    worker.on('message', (message: FromWriter) => {
      if (message.op === 'ready') {
        opened = true;
        this.options.onReady?.();
      } else if (message.op === 'open-failed') failure = new WriterThreadError(message.error);
      else if (message.op === 'fold-failed') this.options.onFoldError?.(new WriterThreadError(message.error));
      else if (message.op === 'fold-recovered') this.options.onFoldRecovered?.(message.failedForMs);
      else this.settle(message);
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      this.onExit(worker, failure ?? new WriterThreadExitedError(`exit code ${code}`), opened);
    });
    return worker;
  }

  private settle(message: FromWriter): void {
    if (message.op !== 'written' && message.op !== 'failed') return;
    const waiting = this.inFlight.get(message.id);
    if (!waiting) return;
    this.inFlight.delete(message.id);
    if (this.inFlight.size === 0) this.worker?.unref();
    if (message.op === 'written') waiting.resolve(message.count);
    else waiting.reject(new WriterThreadError(message.error));
  }

  private onExit(worker: Worker, error: Error, opened: boolean): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const unanswered = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const waiting of unanswered) waiting.reject(error);
    if (this.closing) return;
    this.exits += 1;
    this.options.onThreadExit?.(error);
    // A thread that had opened the store is replaced at once, so the next batch does not pay the
    // start-up. One that could not open it is started again only by the next batch, which the
    // sink paces with its retry delays, never in a loop.
    if (opened) this.worker = this.start();
  }

  private async shutDown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const drained = [...this.inFlight.values()].map(
      (waiting) =>
        new Promise<void>((done) => {
          const { resolve, reject } = waiting;
          waiting.resolve = (count) => {
            resolve(count);
            done();
          };
          waiting.reject = (error) => {
            reject(error);
            done();
          };
        }),
    );
    await Promise.all(drained);
    worker.ref();
    const ended = new Promise<void>((done) => worker.once('exit', () => done()));
    this.post(worker, { op: 'close' });
    // A thread that cannot close its connection in time is ended anyway: close must finish.
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await ended;
    clearTimeout(timer);
  }
}
