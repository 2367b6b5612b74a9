import type { RollupSource } from '../store/rollups/rollup-query.js';
import { addDays, daysBetween, monthStart } from './date-range.js';
import type { DayRange, Dimension } from './query-model.js';

/** Tables with a monthly twin, for ranges holding whole months. */
const MONTHLY_TWIN: Partial<Record<RollupSource, RollupSource>> = {
  daily: 'monthly',
  pages: 'pages_monthly',
  page_totals: 'page_totals_monthly',
  geo: 'geo_monthly',
  browsers: 'browsers_monthly',
  generations: 'generations_monthly',
  links: 'links_monthly',
};

/**
 * Twins whose month row is exactly the sum of that month's daily rows, column by column, on every
 * path that writes them, so that a month less some of its days is its other days. Every write
 * folds the twin from the daily rows it writes (rollup-fold-sql.ts FOLD_BASES, rollup-deltas.ts
 * for erasure), migration 17 filled both browser tables from their geo twins alike, and each
 * column is a counter. That includes `visitors`: a table's visitors are a sum of per-event flags
 * (the first page view of a visitor's local day, or of a page and day), visitor-days, never a
 * distinct count over the month. Not `links_monthly`: `first_at` is a minimum, which no
 * subtraction undoes. The goal and funnel rollups are not read through here.
 */
const SUBTRACTABLE: ReadonlySet<RollupSource> = new Set([
  'monthly',
  'pages_monthly',
  'page_totals_monthly',
  'geo_monthly',
  'browsers_monthly',
  'generations_monthly',
]);

/**
 * What reading a month of a twin costs, in days of its daily table: a month holds more distinct
 * keys than a day (pages seen once in the month), far fewer than its days together. On the
 * bench:stats database (10 M events, 365 days) a month has 1.0 (traffic, page totals), 1.1
 * (browsers), 1.2 (countries), 1.4 (pages) and 2.5 (generations) days' rows; 4 leaves room for
 * the read's extra branch.
 */
export const MONTH_IN_DAYS = 4;

/** One store read: a table and the part of the range it covers, on its own time column. */
export interface RangeSegment {
  source: RollupSource;
  /**
   * The days read. With `minus`, the days that remain of the twin's months once `minus` is taken
   * out (a month read whole to its end when the range reaches today).
   */
  range: DayRange;
  /**
   * Edge days read by subtraction: the twin's months (those of `range`) less the daily table's
   * rows over these days, the months' days outside the range. Only for SUBTRACTABLE twins.
   */
  minus?: DayRange[];
}

export function lastDayOfMonth(day: string): string {
  return addDays(monthStart(addDays(monthStart(day), 31)), -1);
}

const dayCount = (range: DayRange): number => daysBetween(range.from, range.to) + 1;

/** A month's part of the range: its days, and those of the month outside it. */
interface MonthPiece {
  days: DayRange;
  /** Days of the month outside the range, to take out if the month is read whole. */
  outside: DayRange[];
}

/**
 * The range cut at month boundaries. A piece starting on the 1st that reaches today holds all
 * there is of today's month (no event comes after today), so it has nothing outside.
 */
function monthPieces(range: DayRange, today: string | undefined): MonthPiece[] {
  const pieces: MonthPiece[] = [];
  for (let first = monthStart(range.from); first <= range.to; first = addDays(lastDayOfMonth(first), 1)) {
    const last = lastDayOfMonth(first);
    const days = { from: [first, range.from].sort()[1] as string, to: [last, range.to].sort()[0] as string };
    const outside: DayRange[] = [];
    if (days.from > first) outside.push({ from: first, to: addDays(days.from, -1) });
    const reachesToday = days.from === first && today !== undefined && days.to >= today;
    if (days.to < last && !reachesToday) outside.push({ from: addDays(days.to, 1), to: last });
    pieces.push({ days, outside });
  }
  return pieces;
}

/** Whether a month piece is read from the twin: whole, or cheaper as the month less its outside days. */
function readsMonth(piece: MonthPiece, subtract: boolean): boolean {
  if (piece.outside.length === 0) return true;
  if (!subtract) return false;
  const outside = piece.outside.reduce((total, days) => total + dayCount(days), 0);
  return outside + MONTH_IN_DAYS < dayCount(piece.days);
}

/**
 * The reads a range needs. A table with a monthly twin reads the whole months inside the range
 * from the twin (12 rows per page for a year, not 365) and the days at either end from the daily
 * table; all parts are sums, so the reads add up. When the twin's columns are all sums
 * (SUBTRACTABLE), an edge month whose days outside the range are much fewer than those inside
 * is read as the month less its outside days (23 days of a 30-day month: the month and 7 days,
 * not 23 days). Days and weeks need days throughout. `edges: 'add'` never subtracts.
 */
export function rangeSegments(
  plan: { source: RollupSource },
  dimensions: readonly Dimension[],
  range: DayRange,
  today?: string,
  edges: 'cheapest' | 'add' = 'cheapest',
): RangeSegment[] {
  const twin = MONTHLY_TWIN[plan.source];
  const byDayOrWeek = dimensions.some((dimension) => dimension === 'time:day' || dimension === 'time:week');
  if (twin === undefined || byDayOrWeek) return [{ source: plan.source, range }];
  const subtract = edges === 'cheapest' && SUBTRACTABLE.has(twin);
  const segments: RangeSegment[] = [];
  for (const piece of monthPieces(range, today)) {
    const previous = segments.at(-1);
    if (!readsMonth(piece, subtract)) {
      if (previous?.source === plan.source) previous.range = { from: previous.range.from, to: piece.days.to };
      else segments.push({ source: plan.source, range: piece.days });
      continue;
    }
    // The days the month's read answers for: the month but for the days it takes out (to the
    // month's end when nothing is taken out there: a range reaching today reads its month whole).
    const endsInside = piece.outside.some((days) => days.from > piece.days.to);
    const days = { from: piece.days.from, to: endsInside ? piece.days.to : lastDayOfMonth(piece.days.to) };
    if (previous?.source === twin) {
      previous.range = { from: previous.range.from, to: days.to };
      if (piece.outside.length > 0) previous.minus = [...(previous.minus ?? []), ...piece.outside];
    } else {
      segments.push({
        source: twin,
        range: days,
        ...(piece.outside.length > 0 ? { minus: piece.outside } : {}),
      });
    }
  }
  return segments;
}

/** A segment's range on its table's time column: hours, days or months. */
export function segmentBounds(source: RollupSource, range: DayRange): { from: string; to: string } {
  if (source === 'hourly') return { from: `${range.from}T00`, to: `${range.to}T23` };
  if (source === 'monthly' || source.endsWith('_monthly'))
    return { from: range.from.slice(0, 7), to: range.to.slice(0, 7) };
  return range;
}
