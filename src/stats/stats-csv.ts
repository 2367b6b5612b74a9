/**
 * A stats result as CSV (RFC 4180) for spreadsheets: one header row, one row per result row,
 * CRLF after every row. Dimension values come from the outside world (page paths, referrer
 * sources, link slugs), so text cells that a spreadsheet would run as a formula are defused.
 */
import type { StatsResult } from './query-model.js';

const LINE_END = '\r\n';
/** Ratios (`dark_social_share` …) are written with at most this many decimals. */
export const CSV_DECIMALS = 4;

/** OWASP "CSV Injection": these first characters make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One text cell: a leading `'` before a would-be formula, then RFC 4180 quoting. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One number cell: integers as they are, other numbers rounded to 4 decimals; null (and NaN) empty. */
export function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  // Number() drops the trailing zeros `toFixed` adds, and String(-0) is `0` (no regex: check-redos).
  return String(Number(value.toFixed(CSV_DECIMALS)));
}

/**
 * The rows of a result, columns named after the query: its dimensions, then its metrics, then
 * `<metric>_previous` for each metric when the result carries a comparison.
 */
export function statsToCsv(result: StatsResult): string {
  const dimensions = result.query.dimensions ?? [];
  const metrics = result.query.metrics;
  const compared =
    result.meta.comparison_range !== undefined || result.results.some((row) => row.comparison !== undefined);
  const header = [
    ...dimensions,
    ...metrics,
    ...(compared ? metrics.map((metric) => `${metric}_previous`) : []),
  ].map(csvText);
  const lines = [header.join(',')];
  for (const row of result.results) {
    const cells = [
      ...dimensions.map((_, index) => csvText(row.dimensions[index] ?? '')),
      ...metrics.map((_, index) => csvNumber(row.metrics[index])),
      ...(compared ? metrics.map((_, index) => csvNumber(row.comparison?.[index])) : []),
    ];
    lines.push(cells.join(','));
  }
  return lines.join(LINE_END) + LINE_END;
}
