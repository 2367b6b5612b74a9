import type { Store } from '../store.js';
import { FOLD_INTERVAL_MS, FOLD_STEP } from './rollup-fold-step.js';

/**
 * Folds stored events into the rollups in the background (issue 12): about once a second, the
 * events past the watermark, FOLD_STEP at a time until none is left, one fold at a time. Runs in
 * the process (or thread) that owns the writing connection: on SQLite only one connection
 * writes at a time, and a fold is a write. Reads never wait for it — they add the unfolded tail
 * themselves — so a fold that fails (a PostgreSQL outage) costs read speed, not exactness, and is
 * simply tried again on the next tick.
 */
export class RollupFolder {
  readonly #store: Pick<Store, 'foldRollups'>;
  readonly #onError: (error: unknown) => void;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    store: Pick<Store, 'foldRollups'>,
    options: { onError: (error: unknown) => void; intervalMs?: number },
  ) {
    this.#store = store;
    this.#onError = options.onError;
    this.#intervalMs = options.intervalMs ?? FOLD_INTERVAL_MS;
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
      const folded = await this.#store.foldRollups(FOLD_STEP);
      total += folded;
      if (folded < FOLD_STEP || this.#stopped) return total;
      // Let requests in between two steps (better-sqlite3 runs on this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    // setTimeout after each fold rather than setInterval: a slow fold never overlaps the next.
    this.#timer = setTimeout(() => {
      this.#running = this.foldAll().then(
        () => this.#schedule(),
        (error) => {
          this.#onError(error);
          this.#schedule();
        },
      );
    }, this.#intervalMs);
    this.#timer.unref();
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
