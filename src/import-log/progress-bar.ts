import { LiveLine } from './live-line.js';

/** The part of a stream the bar uses: stderr in the CLI, a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  stream: ProgressStream;
  /** Bytes the sources hold (see totalSourceBytes); undefined when unknown (stdin). */
  totalBytes?: number | undefined;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** Milliseconds between redraws: at most 10 a second by default. */
  interval?: number;
  /** Printed in front of the bar and the summary, e.g. `penumbra import-log`. */
  label?: string;
}

/** How often `tick` looks at the clock: a clock read per line would cost more than the line. */
const TICKS_PER_CHECK = 256;
const BAR_WIDTH = 20;

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `1 line`, `2 lines`, `1,204 lines`. */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const seconds = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `' 42% [########------------]` */
export function percentBar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  return `${percent} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** What is left of `total` at the average rate so far, `m:ss`. */
export function eta(done: number, total: number, elapsedMs: number): string {
  return done > 0 ? formatDuration(((total - done) * elapsedMs) / done) : '-:--';
}

export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

/**
 * Shows how far an import is: bytes read of the total (files' sizes; for .gz the compressed
 * bytes, which is what is read), lines, lines per second and the time left, redrawn in place
 * with `\r` on a terminal. On anything else (a pipe, a CI log) it stays silent until `finish`,
 * which prints one summary line: progress redraws would only fill the file.
 */
export class ProgressBar {
  private bytes = 0;
  private lines = 0;
  private ticks = 0;
  private readonly line: LiveLine;

  constructor(private readonly options: ProgressBarOptions) {
    this.line = new LiveLine(options.stream, () => this.render(), options);
  }

  /** Bytes read from a source (pass it as readLogLines' `onBytes`). */
  addBytes(bytes: number): void {
    this.bytes += bytes;
    this.line.maybeDraw();
  }

  /** One (or more) lines handled. */
  tick(lines = 1): void {
    this.lines += lines;
    this.ticks++;
    if (this.ticks % TICKS_PER_CHECK === 0) this.line.maybeDraw();
  }

  /** Prints a message on its own line (a bad line, a warning) without garbling the bar. */
  message(text: string): void {
    this.line.message(text);
  }

  /**
   * Clears the bar and prints the summary line, with `details` appended (counts and such). The
   * rate only after a second of work: 7 lines in 0.09 s are not "79 lines/s" (issue 16).
   */
  finish(details?: string): void {
    const elapsed = this.line.elapsed();
    const rate = elapsed >= 1_000 && this.lines > 0 ? `, ${formatCount(this.lineRate())} lines/s` : '';
    this.line.finish(
      `${this.prefix()}${countOf(this.lines, 'line')} (${formatBytes(this.bytes)}) in ` +
        `${(elapsed / 1000).toFixed(1)} s${rate}` +
        (details ? `; ${details}` : ''),
    );
  }

  /** The bar's text as it would be drawn now (exposed for tests). */
  render(): string {
    const counts = `${formatCount(this.lines)} lines  ${formatCount(this.lineRate())} lines/s`;
    const total = this.options.totalBytes;
    if (total === undefined || total <= 0)
      return `${this.prefix()}${counts}  ${formatBytes(this.bytes)} read`;
    const fraction = Math.min(1, this.bytes / total);
    const sizes = `${formatBytes(this.bytes)} / ${formatBytes(total)}`;
    return `${this.prefix()}${percentBar(fraction)}  ${sizes}  ${counts}  ETA ${eta(this.bytes, total, this.line.elapsed())}`;
  }

  /** Lines per second since the start. */
  private lineRate(): number {
    return perSecond(this.lines, this.line.elapsed());
  }

  private prefix(): string {
    return this.options.label ? `${this.options.label}: ` : '';
  }
}
