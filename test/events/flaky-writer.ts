import type { EventWriter } from '../../src/events/event-writer.js';
import type { NewEvent, Store } from '../../src/store/store.js';

/**
 * A real store's writer that fails while `failing` is set, the way SQLite does on a full disk
 * (SQLITE_FULL). It counts attempts, so a test can bound the retry rate. For the sink's own unit
 * tests only: the process tests in test/faults fail a real disk.
 */
export class FlakyWriter implements EventWriter {
  failing = false;
  attempts = 0;
  /** Fails after this many more successful writes (a crash in the middle of a replay). */
  failAfter: number | undefined;

  constructor(private readonly store: Pick<Store, 'insertEvents'>) {}

  async write(batch: readonly NewEvent[]): Promise<number> {
    this.attempts += 1;
    if (this.failAfter !== undefined) {
      if (this.failAfter === 0) this.failing = true;
      this.failAfter -= 1;
    }
    if (this.failing) {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }
    return this.store.insertEvents(batch);
  }
}

/** Log lines as a sink writes them. */
export class CapturedLog {
  readonly lines: { level: 'error' | 'info'; message: string; details: Record<string, unknown> }[] = [];
  error(details: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'error', message, details });
  }
  info(details: Record<string, unknown>, message: string): void {
    this.lines.push({ level: 'info', message, details });
  }
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line.message)).map((line) => line.message);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}
