import { performance } from 'node:perf_hooks';
import { formatCount, formatDuration, type ProgressStream } from '../import-log/progress-bar.js';

const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

export interface SeedProgressOptions {
  stream: ProgressStream;
  total: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** Milliseconds between redraws: at most 10 a second by default. */
  interval?: number;
}

/**
 * `penumbra seed`'s progress: events written of the total, events per second and the time left,
 * redrawn in place on a terminal. Anything else (a pipe, a CI log) gets only the summary line that
 * `finish` prints, as import-log's ProgressBar does.
 */
export class SeedProgress {
  private done = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly started: number;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly tty: boolean;

  constructor(private readonly options: SeedProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.interval = options.interval ?? 100;
    this.tty = options.stream.isTTY === true;
    this.started = this.now();
  }

  /** Events written so far (called once per batch, so reading the clock each time is cheap). */
  update(done: number): void {
    this.done = done;
    if (!this.tty || this.now() - this.lastDraw < this.interval) return;
    const width = (this.options.stream.columns ?? 80) - 1;
    this.options.stream.write(`${CLEAR_LINE}${this.render().slice(0, width)}`);
    this.lastDraw = this.now();
    this.drawn = true;
  }

  /** Clears the bar and prints `seeded N events for DOMAIN over D days in T s (R events/s)`. */
  finish(domain: string, days: number): void {
    const seconds = this.elapsed() / 1000;
    const summary =
      `seeded ${formatCount(this.done)} events for ${domain} over ${days} days in ` +
      `${seconds.toFixed(1)} s (${formatCount(this.rate())} events/s)`;
    this.options.stream.write(`${this.drawn ? CLEAR_LINE : ''}${summary}\n`);
    this.drawn = false;
  }

  /** The bar's text as it would be drawn now (exposed for tests). */
  render(): string {
    const total = this.options.total;
    const fraction = total > 0 ? Math.min(1, this.done / total) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const eta = this.done > 0 ? formatDuration(((total - this.done) * this.elapsed()) / this.done) : '-:--';
    // Short enough for 80 columns at 10 million events: a wrapped line cannot be redrawn.
    const counts = `${formatCount(this.done)}/${formatCount(total)}`;
    return `${percent} ${bar} ${counts}  ${formatCount(this.rate())} events/s  ETA ${eta}`;
  }

  private rate(): number {
    const elapsed = this.elapsed();
    return elapsed > 0 ? (this.done * 1000) / elapsed : 0;
  }

  private elapsed(): number {
    return this.now() - this.started;
  }
}
