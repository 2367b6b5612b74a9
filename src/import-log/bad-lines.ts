import type { LineError, LineErrorCode } from './parsed-request.js';

export interface BadLineExample {
  source: string;
  lineNumber: number;
  code: LineErrorCode | 'too_long';
  message: string;
  /** The beginning of the line, for the user to recognise it. */
  excerpt: string;
}

const EXCERPT_LENGTH = 120;

/**
 * Counts the lines an import could not read, by code, and keeps the first few to show: one bad
 * line never stops an import, and a million of them must not fill memory or the terminal.
 */
export class BadLines {
  readonly counts = new Map<LineErrorCode | 'too_long', number>();
  readonly examples: BadLineExample[] = [];
  total = 0;

  constructor(private readonly keep = 5) {}

  add(source: string, lineNumber: number, line: string, error: LineError): BadLineExample | undefined {
    return this.record(source, lineNumber, line, error.code, error.message);
  }

  /** A line cut by readLogLines because it exceeds its maximum length. */
  addTooLong(
    source: string,
    lineNumber: number,
    line: string,
    maxLength: number,
  ): BadLineExample | undefined {
    return this.record(source, lineNumber, line, 'too_long', `longer than ${maxLength} characters`);
  }

  /** `3 bad lines (malformed 2, bad_request 1)`, or '' when there were none. */
  summary(): string {
    if (this.total === 0) return '';
    const parts = [...this.counts].map(([code, count]) => `${code} ${count}`);
    return `${this.total} bad line${this.total === 1 ? '' : 's'} (${parts.join(', ')})`;
  }

  /** Returns the example when it is one of the first few (for the caller to print it now). */
  private record(
    source: string,
    lineNumber: number,
    line: string,
    code: BadLineExample['code'],
    message: string,
  ): BadLineExample | undefined {
    this.total++;
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    if (this.examples.length >= this.keep) return undefined;
    // A copy, not a slice: a slice would keep the whole read chunk alive.
    const excerpt = [...line.slice(0, EXCERPT_LENGTH)].join('');
    const example = { source, lineNumber, code, message, excerpt };
    this.examples.push(example);
    return example;
  }
}

/** `access.log:17: malformed: … — "excerpt"` */
export function formatBadLine(example: BadLineExample): string {
  return `${example.source}:${example.lineNumber}: ${example.code}: ${example.message} — ${JSON.stringify(example.excerpt)}`;
}
