import { performance } from 'node:perf_hooks';
import type { ProgressStream } from './progress-bar.js';

const CLEAR_LINE = '\r\x1b[K';

export interface LiveLineOptions {
  /** Milliseconds, monotonic. */
  now?: (() => number) | undefined;
  /** Milliseconds between redraws: at most 10 a second by default. */
  interval?: number | undefined;
}

/**
 * One status line redrawn in place with `\r` on a terminal, at most every `interval` ms; on
 * anything else (a pipe, a CI log) silent until `finish` prints the summary: redraws would only
 * fill the file. The progress of import-log and of seed are both drawn with it.
 */
export class LiveLine {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly started: number;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly tty: boolean;

  constructor(
    private readonly stream: ProgressStream,
    private readonly render: () => string,
    options: LiveLineOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.interval = options.interval ?? 100;
    this.tty = stream.isTTY === true;
    this.started = this.now();
  }

  /** Milliseconds since the line was made. */
  elapsed(): number {
    return this.now() - this.started;
  }

  /** Redraws if on a terminal and the last redraw is old enough. */
  maybeDraw(): void {
    if (!this.tty || this.now() - this.lastDraw < this.interval) return;
    this.draw();
  }

  /** Prints a message on its own line (a bad line, a warning) without garbling the status line. */
  message(text: string): void {
    this.stream.write(this.drawn ? `${CLEAR_LINE}${text}\n` : `${text}\n`);
    this.drawn = false;
    if (this.tty) this.draw();
  }

  /** Clears the status line and prints `summary` on a line of its own. */
  finish(summary: string): void {
    this.stream.write(`${this.drawn ? CLEAR_LINE : ''}${summary}\n`);
    this.drawn = false;
  }

  /** Cut to the terminal's width: a wrapped line cannot be redrawn with `\r`. */
  private draw(): void {
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`${CLEAR_LINE}${this.render().slice(0, width)}`);
    this.lastDraw = this.now();
    this.drawn = true;
  }
}
