import { parseCombined, parseVhostCombined } from './parse-combined.js';
import { parseJsonLine } from './parse-json-line.js';
import type { ParseResult } from './parsed-request.js';

/**
 * The access-log layouts `penumbra import-log --format` reads:
 * - `combined`: Apache and nginx's predefined combined format (the default of both);
 * - `vhost_combined`: Apache's Debian/Ubuntu default, `%v:%p` in front of combined;
 * - `json`: one object per line (nginx `escape=json` and log shippers; see parse-json-line.ts).
 */
export const LOG_FORMATS = ['combined', 'vhost_combined', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LineParser = (line: string) => ParseResult;

const PARSERS: Readonly<Record<LogFormat, LineParser>> = {
  combined: parseCombined,
  vhost_combined: parseVhostCombined,
  json: parseJsonLine,
};

export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

/** The parser of one format; look it up once, outside the per-line loop. */
export function lineParser(format: LogFormat): LineParser {
  return PARSERS[format];
}

/** Parses one line (without its line ending; a trailing `\r` is tolerated). */
export function parseLine(line: string, format: LogFormat): ParseResult {
  return PARSERS[format](line);
}
