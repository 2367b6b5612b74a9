import type { NewEvent } from '../store/store.js';
import { isDataError } from './data-error.js';

type Write = (batch: readonly NewEvent[]) => Promise<number>;

export interface IsolatedWrite {
  /** Events the store took. */
  stored: number;
  /** When the store failed for another reason (it is down): the failure, and what is not written. */
  error?: unknown;
  unwritten: readonly NewEvent[];
}

/**
 * Writes a batch; when the store refuses its content (data-error.ts), writes its halves, down
 * to the single events it refuses, which are left out and handed to `onRefused`: one bad event no
 * longer blocks the others of its slice and everything behind it, retried and spooled forever.
 * About 2·log₂(n) writes find one bad event among n. Any other failure stops there and says what
 * was not written, so a caller never writes a committed half twice.
 */
export async function writeIsolating(
  write: Write,
  batch: readonly NewEvent[],
  onRefused: (events: readonly NewEvent[], error: unknown) => void,
): Promise<IsolatedWrite> {
  const queue: (readonly NewEvent[])[] = [batch];
  let stored = 0;
  for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
    try {
      stored += await write(chunk);
    } catch (error) {
      if (!isDataError(error)) return { stored, error, unwritten: [chunk, ...queue].flat() };
      if (chunk.length === 1) {
        onRefused(chunk, error);
        continue;
      }
      const middle = Math.ceil(chunk.length / 2);
      queue.unshift(chunk.slice(0, middle), chunk.slice(middle));
    }
  }
  return { stored, unwritten: [] };
}
