/** Where the event sink reports its state changes (the server's logger). */
export interface SinkLog {
  error(details: Record<string, unknown>, message: string): void;
  info?(details: Record<string, unknown>, message: string): void;
}

/**
 * Why events were dropped: memory full while the store and spool fail, the spool full, the spool
 * failing at shutdown (what is in memory is lost), or the store refusing an event's content
 * (isolating-write.ts).
 */
export type DropReason = 'memory-full' | 'spool-full' | 'spool-failed' | 'refused';

const MINUTE_MS = 60_000;

/**
 * Counts dropped events and says so in the log without flooding it (issue 13, finding 2: drops
 * were silent): one line when drops start, then at most one a minute with the count since the
 * last line, and one when a minute passed without any.
 */
export class DropReporter {
  private total = 0;
  private unreported = 0;
  private lastLineAt = 0;
  private lastDropAt = 0;
  private dropping = false;
  private readonly byReason: Record<DropReason, number> = {
    'memory-full': 0,
    'spool-full': 0,
    'spool-failed': 0,
    refused: 0,
  };

  constructor(
    private readonly log: SinkLog | undefined,
    private readonly now: () => number,
  ) {}

  get dropped(): number {
    return this.total;
  }

  get reasons(): Readonly<Record<DropReason, number>> {
    return this.byReason;
  }

  /** `details` (a short error code, never event data) go with the first line of a dropping period. */
  record(count: number, reason: DropReason, details: Record<string, unknown> = {}): void {
    if (count <= 0) return;
    const now = this.now();
    this.total += count;
    this.byReason[reason] += count;
    this.lastDropAt = now;
    if (!this.dropping) {
      this.dropping = true;
      this.lastLineAt = now;
      this.log?.error(
        { ...details, dropped: count, reason, droppedTotal: this.total },
        `events dropped: ${count} (${reason}); further drops are logged once a minute`,
      );
      return;
    }
    this.unreported += count;
    this.tick();
  }

  /** Called on the sink's timer: the once-a-minute count and the end of a dropping period. */
  tick(): void {
    if (!this.dropping) return;
    const now = this.now();
    if (this.unreported > 0 && now - this.lastLineAt >= MINUTE_MS) {
      this.log?.error(
        { dropped: this.unreported, droppedTotal: this.total },
        `events dropped: ${this.unreported} in the last minute (${this.total} in total)`,
      );
      this.unreported = 0;
      this.lastLineAt = now;
    } else if (this.unreported === 0 && now - this.lastDropAt >= MINUTE_MS) {
      this.dropping = false;
      this.log?.info?.({ droppedTotal: this.total }, `events no longer dropped (${this.total} in total)`);
    }
  }
}
