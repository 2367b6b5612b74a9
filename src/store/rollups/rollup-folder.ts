import { Backoff } from '../../backoff.js';
import type { Store } from '../store.js';
import { FOLD_INTERVAL_MS, FOLD_STEP } from './rollup-fold-step.js';

/**
 * Folds stored events into the rollups in the background (issue 12): about once a second, the
 * events past the watermark, FOLD_STEP at a time until none is left, one fold at a time. Runs in
 * the process (or thread) that owns the writing connection: on SQLite only one connection
 * writes at a time, and a fold is a write. Reads never wait for it — they add the unfolded tail
 * themselves — so a fold that fails (a PostgreSQL outage) costs read speed, not exactness. It is
 * tried again with backoff (issue 13, finding 5: no retry storm), and reported once when a failing
 * streak starts and once when it ends, never a stack trace a second.
 */
export class RollupFolder {
  readonly #store: Pick<Store, 'foldRollups'>;
  readonly #onError: (error: unknown) => void;
  readonly #onRecovered: ((failedForMs: number) => void) | undefined;
  readonly #intervalMs: number;
  readonly #step: number;
  readonly #backoff: Backoff;
  #failingSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    store: Pick<Store, 'foldRollups'>,
    options: {
      /** The first failure of a streak (the next ones are retried quietly). */
      onError: (error: unknown) => void;
      /** The first success after a streak, with how long folds failed. */
      onRecovered?: (failedForMs: number) => void;
      intervalMs?: number;
      /** Events per fold step: FOLD_STEP by default. */
      step?: number | undefined;
      /** The longest wait between two attempts while folds fail, 30 s by default. */
      maxBackoffMs?: number;
    },
  ) {
    this.#store = store;
    this.#onError = options.onError;
    this.#onRecovered = options.onRecovered;
    this.#intervalMs = options.intervalMs ?? FOLD_INTERVAL_MS;
    this.#step = options.step ?? FOLD_STEP;
    this.#backoff = new Backoff({ baseMs: this.#intervalMs, maxMs: options.maxBackoffMs ?? 30_000 });
  }

  start(): void {
    this.#schedule();
  }

  /** Stops the timer and waits for a fold in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Folds until nothing is left (or the folder is stopped); resolves when done. */
  async foldAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const folded = await this.#store.foldRollups(this.#step);
      total += folded;
      if (folded < this.#step || this.#stopped) return total;
      // Let requests in between two steps (better-sqlite3 runs on this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #schedule(delayMs = this.#intervalMs): void {
    if (this.#stopped) return;
    // setTimeout after each fold rather than setInterval: a slow fold never overlaps the next.
    this.#timer = setTimeout(() => {
      this.#running = this.foldAll().then(
        () => {
          this.#succeeded();
          this.#schedule();
        },
        (error) => this.#schedule(this.#failed(error)),
      );
    }, delayMs);
    this.#timer.unref();
  }

  /** Reports the start of a failing streak only; returns the wait before the next attempt. */
  #failed(error: unknown): number {
    if (this.#failingSince === undefined) {
      this.#failingSince = Date.now();
      this.#onError(error);
    }
    return this.#backoff.next();
  }

  #succeeded(): void {
    if (this.#failingSince === undefined) return;
    const failedForMs = Date.now() - this.#failingSince;
    this.#failingSince = undefined;
    this.#backoff.reset();
    this.#onRecovered?.(failedForMs);
  }
}

/**
 * Folds every stored event not folded yet, FOLD_STEP at a time: bulk writers (seed, import-log)
 * call it every FOLD_STEP events and at the end, so their rollups are built in the large steps
 * that cost least per event, and a one-shot command leaves nothing for the next server to fold.
 */
export async function foldPending(store: Pick<Store, 'foldRollups'>): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await store.foldRollups(FOLD_STEP);
    total += folded;
    if (folded < FOLD_STEP) return total;
  }
}
