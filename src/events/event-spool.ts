import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { NewEvent } from '../store/store.js';
import { checkSpoolRecord, encodeSpoolRecord, spoolRecordEvents } from './spool-record.js';

export interface EventSpoolOptions {
  /** PENUMBRA_SPOOL_DIR, `<dataDir>/spool` by default. */
  dir: string;
  /** The spool's size limit in bytes (PENUMBRA_SPOOL_MAX_BYTES, 1 GiB by default). */
  maxBytes: number;
  /** A segment is closed for appends past this size, so a replay never reads one unbounded file. */
  segmentBytes?: number;
}

export interface AppendResult {
  written: number;
  error?: unknown;
}

export interface ReplayResult {
  /** Events read from valid records. */
  events: number;
  /** Events the writer stored (fewer when a repeated replay found them stored already). */
  stored: number;
  /** Records whose checksum failed (a torn write): skipped. */
  corruptRecords: number;
}

/** Events per record: a record is appended whole or not at all, so a full spool drops little. */
const RECORD_EVENTS = 1_000;
const SEGMENT = /^events-\d{16}-\d+-\d+\.(spool|replaying)$/;

/**
 * A bounded, append-only spool of events the store could not take (issue 13, finding 3): on a
 * failing store and at a shutdown deadline. Each append is one or more checksummed records
 * (spool-record.ts), fsync'd before `append` resolves. Every spooled event gets a unique
 * `dedupeKey` (`spool:<uuid>`) if it had none: the events table stores a key once
 * (ON CONFLICT (dedupe_key) DO NOTHING, as for imported log lines), so a replay repeated after a
 * crash in its middle stores each event exactly once.
 *
 * Replay renames the segments to `.replaying` (new appends go to a fresh segment), writes their
 * events through the sink's writer and deletes each file once all of it is stored.
 */
export class EventSpool {
  private bytesTotal = 0;
  private eventsTotal = 0;
  private corruptTotal = 0;
  private active: { path: string; bytes: number } | undefined;
  private sequence = 0;
  /** Appends and renames, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private replaying: Promise<ReplayResult> | undefined;

  private constructor(private readonly options: Required<EventSpoolOptions>) {}

  /** Creates the directory if needed and counts what a previous run left there. */
  static async open(options: EventSpoolOptions): Promise<EventSpool> {
    const spool = new EventSpool({ segmentBytes: 64 * 1024 * 1024, ...options });
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    for (const name of await spool.claimable()) {
      const path = join(options.dir, name);
      spool.bytesTotal += (await stat(path)).size;
      spool.eventsTotal += (await scanSegment(path)).events;
    }
    return spool;
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Events waiting in the spool. */
  get events(): number {
    return this.eventsTotal;
  }

  get bytes(): number {
    return this.bytesTotal;
  }

  /** Torn or corrupt records found by replays so far (each is skipped, its events lost). */
  get corruptRecords(): number {
    return this.corruptTotal;
  }

  /**
   * Appends the events in order, fsync'd, and resolves with how many were written: the first
   * `written` are on disk. Without `error`, the rest did not fit under the size limit (the caller
   * drops and counts them); with it, an I/O error stopped the append (the caller keeps them).
   */
  append(events: readonly NewEvent[]): Promise<AppendResult> {
    const run = this.queue.then(() => this.appendNow(events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Replays every segment through `write`, oldest first; resolves when the spool is empty (of
   * what was there when it began). Rejects, keeping what is not stored yet, if `write` does.
   * Concurrent calls share one replay.
   */
  replay(write: (batch: readonly NewEvent[]) => Promise<number>, sliceSize = 250): Promise<ReplayResult> {
    this.replaying ??= this.replayAll(write, sliceSize).finally(() => {
      this.replaying = undefined;
    });
    return this.replaying;
  }

  /** Resolves when the appends queued so far are on disk. */
  async settled(): Promise<void> {
    await this.queue;
  }

  private async appendNow(events: readonly NewEvent[]): Promise<AppendResult> {
    let written = 0;
    try {
      for (let start = 0; start < events.length; start += RECORD_EVENTS) {
        const slice = events.slice(start, start + RECORD_EVENTS).map(withSpoolKey);
        const record = encodeSpoolRecord(slice);
        const size = Buffer.byteLength(record);
        if (this.bytesTotal + size > this.options.maxBytes) break;
        await this.writeRecord(record, size);
        written += slice.length;
      }
      return { written };
    } catch (error) {
      return { written, error };
    } finally {
      // Counted once the whole append is done, so the sink never counts an event twice (it
      // counts the events it handed over until `append` resolves).
      this.eventsTotal += written;
    }
  }

  private async writeRecord(record: string, size: number): Promise<void> {
    if (!this.active || this.active.bytes + size > this.options.segmentBytes) {
      this.active = { path: join(this.options.dir, this.segmentName()), bytes: 0 };
    }
    const created = this.active.bytes === 0;
    const handle = await open(this.active.path, 'a', 0o600);
    try {
      await handle.appendFile(record);
      // fsync per append batch: an answered event is on disk before we say it is spooled.
      await handle.sync();
    } catch (error) {
      // A partial write left a torn line: the next record starts a new segment rather than being
      // glued to it (the torn line fails its checksum alone, at replay).
      this.active = undefined;
      throw error;
    } finally {
      await handle.close();
    }
    // A new file's directory entry is durable only once the directory is synced (fsync(2)).
    if (created) await syncDirectory(this.options.dir);
    this.active.bytes += size;
    this.bytesTotal += size;
  }

  private segmentName(): string {
    this.sequence += 1;
    return `events-${String(Date.now()).padStart(16, '0')}-${process.pid}-${this.sequence}.spool`;
  }

  /**
   * Segments this process may replay: its own, and those of processes that are gone. A running
   * process sharing the directory keeps its own (it may be appending to them).
   */
  private async claimable(): Promise<string[]> {
    const names = (await readdir(this.options.dir)).filter((name) => SEGMENT.test(name));
    return names.filter((name) => !ownedByOtherLiveProcess(name)).sort();
  }

  /** Renames every `.spool` segment to `.replaying`, in the append queue, and lists them all. */
  private claimSegments(): Promise<string[]> {
    const run = this.queue.then(async () => {
      this.active = undefined;
      const claimed: string[] = [];
      for (const name of await this.claimable()) {
        if (name.endsWith('.spool')) {
          const replaying = name.replace(/\.spool$/, '.replaying');
          await rename(join(this.options.dir, name), join(this.options.dir, replaying));
          claimed.push(replaying);
        } else {
          claimed.push(name);
        }
      }
      return claimed.sort();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async replayAll(
    write: (batch: readonly NewEvent[]) => Promise<number>,
    sliceSize: number,
  ): Promise<ReplayResult> {
    const result: ReplayResult = { events: 0, stored: 0, corruptRecords: 0 };
    for (const name of await this.claimSegments()) {
      const path = join(this.options.dir, name);
      const size = (await stat(path)).size;
      const segment = await replaySegment(path, write, sliceSize);
      result.events += segment.events;
      result.stored += segment.stored;
      result.corruptRecords += segment.corruptRecords;
      this.corruptTotal += segment.corruptRecords;
      // Deleted only once every event of it is committed: a crash before this replays it again.
      await unlink(path);
      this.bytesTotal = Math.max(0, this.bytesTotal - size);
      this.eventsTotal = Math.max(0, this.eventsTotal - segment.events);
    }
    return result;
  }
}

function ownedByOtherLiveProcess(name: string): boolean {
  const pid = Number(name.split('-')[2]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists (kill(2))
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withSpoolKey(event: NewEvent): NewEvent {
  return event.dedupeKey ? event : { ...event, dedupeKey: `spool:${randomUUID()}` };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function readLines(path: string) {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}

async function scanSegment(path: string): Promise<{ events: number }> {
  let events = 0;
  for await (const line of readLines(path)) {
    const record = checkSpoolRecord(line);
    if (record.ok) events += record.count;
  }
  return { events };
}

async function replaySegment(
  path: string,
  write: (batch: readonly NewEvent[]) => Promise<number>,
  sliceSize: number,
): Promise<ReplayResult> {
  const result: ReplayResult = { events: 0, stored: 0, corruptRecords: 0 };
  for await (const line of readLines(path)) {
    if (line === '') continue;
    const record = checkSpoolRecord(line);
    if (!record.ok) {
      result.corruptRecords += 1;
      continue;
    }
    const events = spoolRecordEvents(line);
    for (let start = 0; start < events.length; start += sliceSize) {
      result.stored += await write(events.slice(start, start + sliceSize));
      // better-sqlite3 blocks the loop during a write: let requests in between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    result.events += events.length;
  }
  return result;
}
