import { Backoff, type BackoffOptions } from '../backoff.js';
import type { NewEvent } from '../store/store.js';
import { withDeadline } from './deadline.js';
import { DropReporter, type SinkLog } from './drop-reporter.js';
import { errorCode } from './error-code.js';
import type { EventSpool } from './event-spool.js';
import type { EventWriter } from './event-writer.js';
import { writeIsolating } from './isolating-write.js';

export interface EventSinkOptions {
  writer: EventWriter;
  /** Where events go while the store fails and at a shutdown deadline (event-spool.ts). */
  spool?: EventSpool | undefined;
  /** Longest an event waits before it is written (DESIGN.md §5: e.g. every 100 ms). */
  flushIntervalMs?: number;
  /** A batch this large is written at once, without waiting for the timer. */
  maxBatch?: number;
  /**
   * Rows per transaction. A write blocks the event loop (better-sqlite3 is synchronous), so a
   * backlog is written in slices with the loop free between them: requests keep being answered
   * while it drains (bench/redirect measured 16–46 ms stalls with 1,000-row slices).
   */
  sliceSize?: number;
  /** Events kept in memory; beyond it the oldest are dropped, counted and logged. */
  maxPending?: number;
  /** Past this many pending events (a writer that cannot keep up), the excess is spooled. */
  spoolThreshold?: number;
  /** Delays between attempts while the store fails (100 ms doubling to 30 s, jittered). */
  backoff?: BackoffOptions;
  log?: SinkLog | undefined;
  now?: () => number;
}

/** What `/healthz` shows of the write path (issue 13, findings 2 and 5). */
export interface SinkHealth {
  /** Events in memory, not yet written (nor yet spooled). */
  pending: number;
  /** Events in the on-disk spool, waiting for replay. */
  spooled: number;
  /** Events lost since the start (memory and spool both full). */
  dropped: number;
  /** ISO time of the first failure of the current failing period, or null. */
  storeFailingSince: string | null;
  /** A short code of the last failure (`SQLITE_READONLY`, `ECONNREFUSED`, `57P01`), or null. */
  lastErrorCode: string | null;
  /** ISO time of the last successful write, or null. */
  lastWriteAt: string | null;
}

/** What `close` could not store. */
export interface SinkCloseResult {
  /** Events appended to the spool at close, for the next start to replay. */
  spooled: number;
  /** Events lost since the start. */
  dropped: number;
}

/**
 * The batching event sink: hot paths (redirect, ingestion) hand it events and never wait; it
 * writes them through its EventWriter in slices, one at a time, and flushes on close.
 *
 * While the store fails (issue 13, finding 5), attempts are spaced by an exponential backoff
 * and only the timer starts them — a request never does — and what is pending is moved to the
 * spool at every tick. The log gets one line when the store starts failing and one when the
 * backlog (memory and spool) is written again. The first successful write ends the backoff.
 */
export class EventSink {
  private pending: NewEvent[] = [];
  private draining: Promise<void> | undefined;
  private replaying: Promise<void> | undefined;
  private spooling: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private immediate = false;
  private closed = false;
  /** The last write failure, cleared by the next successful write. */
  private lastError: unknown;
  private failingSince: number | undefined;
  private retryAt = 0;
  private writtenWhileFailing = 0;
  private lastWriteAt: number | undefined;
  private spoolFailing = false;
  /** Events on their way to the spool (appended and fsync'd asynchronously). */
  private toSpool = 0;
  /** Failed attempts since the start: how `flush` tells that one of its own attempts failed. */
  private failures = 0;
  private readonly backoff: Backoff;
  private readonly drops: DropReporter;
  private readonly now: () => number;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly sliceSize: number;
  private readonly spoolThreshold: number;

  constructor(private readonly options: EventSinkOptions) {
    this.maxBatch = options.maxBatch ?? 1_000;
    this.maxPending = options.maxPending ?? 200_000;
    this.sliceSize = options.sliceSize ?? 250;
    this.spoolThreshold = options.spoolThreshold ?? 50_000;
    this.now = options.now ?? Date.now;
    this.backoff = new Backoff(options.backoff);
    this.drops = new DropReporter(options.log, this.now);
    this.timer = setInterval(() => this.tick(), options.flushIntervalMs ?? 100);
    this.timer.unref();
  }

  /** Queues an event; returns at once. */
  push(event: NewEvent): void {
    this.pending.push(event);
    if (this.pending.length > this.maxPending) {
      this.pending.shift();
      this.drops.record(1, 'memory-full');
    }
    if (this.closed) {
      // A request that finished after close (past the shutdown deadline): straight to the spool.
      this.spoolPending();
      return;
    }
    // While backing off, only the timer tries again: no retry storm driven by traffic.
    if (this.pending.length >= this.maxBatch && !this.immediate && !this.backingOff()) {
      this.immediate = true;
      setImmediate(() => {
        this.immediate = false;
        this.startDrain();
      });
    }
  }

  get size(): number {
    return this.pending.length;
  }

  get dropped(): number {
    return this.drops.dropped;
  }

  health(): SinkHealth {
    const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
    return {
      pending: this.pending.length + this.toSpool,
      spooled: this.options.spool?.events ?? 0,
      dropped: this.drops.dropped,
      storeFailingSince: iso(this.failingSince),
      lastErrorCode: this.failingSince === undefined ? null : errorCode(this.lastError),
      lastWriteAt: iso(this.lastWriteAt),
    };
  }

  /**
   * Writes everything queued so far, now, whatever the backoff; resolves when it is stored and
   * any spool replay started has ended (rejects if the store fails).
   */
  async flush(): Promise<void> {
    await this.draining;
    const failuresBefore = this.failures;
    while (this.pending.length > 0) {
      await this.startDrain();
      if (this.failures !== failuresBefore) throw this.lastError;
    }
    await this.replaying;
    await this.spooling;
    if (this.failures !== failuresBefore) throw this.lastError;
  }

  /**
   * Stops the timer and writes what is left, trying until `deadline` (ms since the epoch). What
   * cannot be written by then, or at all, goes to the spool. Without a spool it rejects as
   * `flush` does.
   */
  async close(deadline = Number.POSITIVE_INFINITY): Promise<SinkCloseResult> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.closed = true;
    const spool = this.options.spool;
    if (!spool) {
      await this.flush();
      return { spooled: 0, dropped: this.drops.dropped };
    }
    const before = spool.events;
    // One last attempt whatever the backoff: the store may be back since the last failure (the
    // PostgreSQL outage fault test spooled 1,960 events 2 s after the outage ended). A dead store
    // fails it fast (connection refused, or the connect timeout well inside the deadline).
    await withDeadline(this.flush(), deadline);
    // A batch still in flight at the deadline is spooled too: losing it is worse than the rare
    // case of a commit already under way (see docs/architecture.md, "Shutdown").
    this.pending.unshift(...this.inFlight);
    this.inFlight = [];
    this.spoolPending();
    await this.spooling;
    // The spool's disk failed too: what is left dies with the process. Never silently.
    this.drops.record(this.pending.splice(0).length, 'spool-failed');
    return { spooled: Math.max(0, spool.events - before), dropped: this.drops.dropped };
  }

  /** The slice being written, so a close at the deadline can spool it. */
  private inFlight: NewEvent[] = [];

  private readonly write = (batch: readonly NewEvent[]) => this.options.writer.write(batch);

  /** Events the store refuses for their content (data-error.ts): dropped, counted, logged. */
  private readonly refused = (events: readonly NewEvent[], error: unknown) => {
    this.drops.record(events.length, 'refused', { code: errorCode(error) });
  };

  private backingOff(): boolean {
    return this.failingSince !== undefined && this.now() < this.retryAt;
  }

  private tick(): void {
    this.drops.tick();
    if (this.backingOff()) {
      this.spoolPending();
      return;
    }
    if (this.pending.length > this.spoolThreshold && this.options.spool) {
      this.spoolPending(this.spoolThreshold);
    }
    if (this.pending.length > 0) void this.startDrain();
    // By bytes, not events: a segment holding only a torn record is read (and deleted) too.
    if ((this.options.spool?.bytes ?? 0) > 0) this.startReplay();
  }

  private startDrain(): Promise<void> {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      this.checkRecovered();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.sliceSize);
      this.inFlight = batch;
      const result = await writeIsolating(this.write, batch, this.refused);
      if (this.inFlight !== batch) return; // spooled by close at its deadline
      this.inFlight = [];
      if (result.stored > 0 || result.error === undefined) this.succeeded(result.stored);
      if (result.error !== undefined) {
        this.pending.unshift(...result.unwritten);
        this.failed(result.error);
        this.spoolPending();
        return;
      }
      // Let sockets be served before the next slice (an awaited promise alone would not).
      if (this.pending.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.backingOff()) return;
    }
  }

  private startReplay(): void {
    const spool = this.options.spool;
    if (!spool || this.replaying || this.closed) return;
    const replayWrite = async (batch: readonly NewEvent[]) => {
      const result = await writeIsolating(this.write, batch, this.refused);
      if (result.error !== undefined) throw result.error; // the rest is replayed again, deduplicated
      return result.stored;
    };
    this.replaying = spool
      .replay(replayWrite, this.sliceSize)
      .then(
        (result) => {
          this.succeeded(result.stored);
          if (result.events === 0 && result.corruptRecords === 0) return;
          this.options.log?.info?.(
            { replayed: result.events, stored: result.stored, corruptRecords: result.corruptRecords },
            `event spool replayed: ${result.stored} of ${result.events} events stored`,
          );
          if (result.corruptRecords > 0) {
            this.options.log?.error(
              { corruptRecords: result.corruptRecords },
              `event spool: ${result.corruptRecords} torn or corrupt record(s) skipped`,
            );
          }
        },
        (error) => {
          if (!this.closed) this.failed(error);
        },
      )
      .finally(() => {
        this.replaying = undefined;
        this.checkRecovered();
      });
  }

  private succeeded(stored: number): void {
    this.lastError = undefined;
    this.lastWriteAt = this.now();
    this.retryAt = 0;
    this.backoff.reset();
    if (this.failingSince !== undefined) this.writtenWhileFailing += stored;
  }

  private failed(error: unknown): void {
    this.lastError = error;
    this.failures += 1;
    const now = this.now();
    // A drain and a replay failing together count as one attempt.
    if (now >= this.retryAt) this.retryAt = now + this.backoff.next();
    if (this.failingSince !== undefined) return;
    this.failingSince = now;
    this.writtenWhileFailing = 0;
    // One line per state change, the message only: no stack per attempt (issue 13, finding 5).
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.error(
      { code: errorCode(error), pending: this.pending.length },
      `event store failing since ${new Date(now).toISOString()}: ${message}`,
    );
  }

  /** Failing → healthy once memory and spool are both written. */
  private checkRecovered(): void {
    if (this.failingSince === undefined || this.lastError !== undefined) return;
    if (this.pending.length > 0 || this.draining || this.replaying) return;
    if ((this.options.spool?.events ?? 0) > 0) return;
    const seconds = ((this.now() - this.failingSince) / 1000).toFixed(1);
    this.options.log?.info?.(
      { written: this.writtenWhileFailing },
      `event store recovered: ${this.writtenWhileFailing} events written after ${seconds} s`,
    );
    this.failingSince = undefined;
  }

  /** Moves pending events (those past `keep`, the newest) to the spool. */
  private spoolPending(keep = 0): void {
    const spool = this.options.spool;
    if (!spool || this.pending.length <= keep) return;
    const events = this.pending.splice(keep);
    this.toSpool += events.length;
    this.spooling = this.spooling.then(() =>
      spool
        .append(events)
        .then(({ written, error }) => {
          if (error === undefined) {
            this.spoolFailing = false;
            this.drops.record(events.length - written, 'spool-full');
          } else {
            this.spoolFailed(events.slice(written), error);
          }
        })
        .finally(() => {
          this.toSpool -= events.length;
        }),
    );
  }

  /** The spool's disk fails too: keep the events in memory (bounded), say so once. */
  private spoolFailed(events: NewEvent[], error: unknown): void {
    this.pending.unshift(...events);
    const excess = this.pending.length - this.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.drops.record(excess, 'memory-full');
    }
    if (this.spoolFailing) return;
    this.spoolFailing = true;
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.error({ code: errorCode(error) }, `event spool failing: ${message}`);
  }
}
