import type { NewPreviewFetch } from '../store/preview-store.js';
import type { NewEvent, Store } from '../store/store.js';

/**
 * Where the event sink hands its batches (issue 13, "the writer seam"). The sink knows nothing
 * else of the store: a writer may run SQL on this thread (`storeEventWriter`) or post the batch
 * to a worker thread with its own connection (worker-event-writer.ts, issue 12).
 *
 * Contract:
 * - `write` stores the whole batch in one transaction, or none of it, and resolves with the
 *   number of events stored (an event whose `dedupeKey` is already stored is skipped, not an
 *   error: that is how a spool replayed twice never counts twice).
 * - A rejection means nothing of the batch was committed; the sink keeps the batch, backs off and
 *   retries it, or spools it (src/events/event-spool.ts).
 * - The batch array is the sink's: a writer must not keep or mutate it after resolving.
 */
export interface EventWriter {
  write(batch: readonly NewEvent[]): Promise<number>;
  /**
   * Optional: stores preview fetches the same way, in order with the batches (a writer thread:
   * the caller's own connection would wait for the write lock behind the thread's work).
   */
  writePreviewFetches?(fetches: readonly NewPreviewFetch[]): Promise<number>;
  /** Optional: releases the writer's own resources (a worker, a connection). The sink never calls it. */
  close?(): Promise<void>;
}

/** The writer of a single-threaded process: the store's own `insertEvents`. */
export function storeEventWriter(store: Pick<Store, 'insertEvents'>): EventWriter {
  return { write: (batch) => store.insertEvents(batch) };
}
