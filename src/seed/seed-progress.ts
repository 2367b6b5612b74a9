import { LiveLine } from '../import-log/live-line.js';
import { eta, formatCount, type ProgressStream, percentBar, perSecond } from '../import-log/progress-bar.js';

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
  private readonly line: LiveLine;

  constructor(private readonly options: SeedProgressOptions) {
    this.line = new LiveLine(options.stream, () => this.render(), options);
  }

  /** Events written so far (called once per batch, so reading the clock each time is cheap). */
  update(done: number): void {
    this.done = done;
    this.line.maybeDraw();
  }

  /** Clears the bar and prints `seeded N events for DOMAIN over D days in T s (R events/s)`. */
  finish(domain: string, days: number): void {
    const seconds = this.line.elapsed() / 1000;
    this.line.finish(
      `seeded ${formatCount(this.done)} events for ${domain} over ${days} days in ` +
        `${seconds.toFixed(1)} s (${formatCount(this.rate())} events/s)`,
    );
  }

  /** The bar's text as it would be drawn now (exposed for tests). */
  render(): string {
    const total = this.options.total;
    const fraction = total > 0 ? Math.min(1, this.done / total) : 1;
    // Short enough for 80 columns at 10 million events: a wrapped line cannot be redrawn.
    const counts = `${formatCount(this.done)}/${formatCount(total)}`;
    const left = eta(this.done, total, this.line.elapsed());
    return `${percentBar(fraction)} ${counts}  ${formatCount(this.rate())} events/s  ETA ${left}`;
  }

  private rate(): number {
    return perSecond(this.done, this.line.elapsed());
  }
}
