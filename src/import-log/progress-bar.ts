import { performance } from 'node:perf_hooks';

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
const CLEAR_LINE = '\r\x1b[K';

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
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

function bar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
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
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly started: number;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly tty: boolean;

  constructor(private readonly options: ProgressBarOptions) {
    this.now = options.now ?? (() => performance.now());
    this.interval = options.interval ?? 100;
    this.tty = options.stream.isTTY === true;
    this.started = this.now();
  }

  /** Bytes read from a source (pass it as readLogLines' `onBytes`). */
  addBytes(bytes: number): void {
    this.bytes += bytes;
    this.maybeDraw();
  }

  /** One (or more) lines handled. */
  tick(lines = 1): void {
    this.lines += lines;
    this.ticks++;
    if (this.ticks % TICKS_PER_CHECK === 0) this.maybeDraw();
  }

  /** Prints a message on its own line (a bad line, a warning) without garbling the bar. */
  message(text: string): void {
    this.options.stream.write(this.drawn ? `${CLEAR_LINE}${text}\n` : `${text}\n`);
    this.drawn = false;
    if (this.tty) this.draw();
  }

  /** Clears the bar and prints the summary line, with `details` appended (counts and such). */
  finish(details?: string): void {
    const summary =
      `${this.prefix()}${formatCount(this.lines)} lines (${formatBytes(this.bytes)}) in ` +
      `${(this.elapsed() / 1000).toFixed(1)} s, ${formatCount(this.lineRate())} lines/s` +
      (details ? `; ${details}` : '');
    this.options.stream.write(`${this.drawn ? CLEAR_LINE : ''}${summary}\n`);
    this.drawn = false;
  }

  /** The bar's text as it would be drawn now (exposed for tests). */
  render(): string {
    const counts = `${formatCount(this.lines)} lines  ${formatCount(this.lineRate())} lines/s`;
    const total = this.options.totalBytes;
    if (total === undefined || total <= 0)
      return `${this.prefix()}${counts}  ${formatBytes(this.bytes)} read`;
    const fraction = Math.min(1, this.bytes / total);
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const sizes = `${formatBytes(this.bytes)} / ${formatBytes(total)}`;
    return `${this.prefix()}${percent} ${bar(fraction)}  ${sizes}  ${counts}  ETA ${this.eta(total)}`;
  }

  /** Lines per second since the start. */
  private lineRate(): number {
    const elapsed = this.elapsed();
    return elapsed > 0 ? (this.lines * 1000) / elapsed : 0;
  }

  /** The bytes left at the average rate so far. */
  private eta(total: number): string {
    if (this.bytes <= 0) return '-:--';
    return formatDuration(((total - this.bytes) * this.elapsed()) / this.bytes);
  }

  private prefix(): string {
    return this.options.label ? `${this.options.label}: ` : '';
  }

  private elapsed(): number {
    return this.now() - this.started;
  }

  private maybeDraw(): void {
    if (!this.tty) return;
    if (this.now() - this.lastDraw < this.interval) return;
    this.draw();
  }

  /** Cut to the terminal's width: a wrapped line cannot be redrawn with `\r`. */
  private draw(): void {
    const width = (this.options.stream.columns ?? 80) - 1;
    this.options.stream.write(`${CLEAR_LINE}${this.render().slice(0, width)}`);
    this.lastDraw = this.now();
    this.drawn = true;
  }
}
