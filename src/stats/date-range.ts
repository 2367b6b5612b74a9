/**
 * Days in a site's time zone. Every day is a `YYYY-MM-DD` string; the calendar arithmetic is
 * done on UTC midnights (`Date.UTC` never meets a DST change), and the only place a time zone
 * enters is `localDay`, which asks Intl what day an instant is on the site's wall calendar.
 */
import type { DateRangeInput, DayRange } from './query-model.js';

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** When `all` has no first day of data to start from: the CNIL ceiling for raw audience data. */
export const ALL_FALLBACK_MONTHS = 25;

/** Year, month (1–12) and day of a valid `YYYY-MM-DD`, or undefined. */
function parts(day: string): [number, number, number] | undefined {
  const match = DAY_PATTERN.exec(day);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return undefined;
  return [year, month, date];
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/** UTC midnight of a calendar day; out-of-range months and days roll over as in `Date.UTC`. */
function utcMs(year: number, month: number, date: number): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  return new Date(0).setUTCFullYear(year, month - 1, date);
}

function dayOfMs(ms: number): string {
  const date = new Date(ms);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${year}-${month}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function mustParse(day: string): [number, number, number] {
  const parsed = parts(day);
  if (!parsed) throw new RangeError(`"${day}" is not a calendar day written YYYY-MM-DD.`);
  return parsed;
}

/** True for a real calendar day written `YYYY-MM-DD` (`2024-02-29` yes, `2026-02-30` no). */
export function isValidDay(day: string): boolean {
  return parts(day) !== undefined;
}

/** The day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  const [year, month, date] = mustParse(day);
  return dayOfMs(utcMs(year, month, date + n));
}

/**
 * The same day `n` months later (earlier when negative), kept inside the target month:
 * `2026-03-31` − 1 month is `2026-02-28`.
 */
export function addMonths(day: string, n: number): string {
  const [year, month, date] = mustParse(day);
  const first = new Date(utcMs(year, month + n, 1));
  const targetYear = first.getUTCFullYear();
  const targetMonth = first.getUTCMonth() + 1;
  return dayOfMs(utcMs(targetYear, targetMonth, Math.min(date, daysInMonth(targetYear, targetMonth))));
}

/** Days from `a` to `b`: `daysBetween('2026-01-01', '2026-01-02')` is 1; negative when b < a. */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = mustParse(a);
  const [yb, mb, db] = mustParse(b);
  return Math.round((utcMs(yb, mb, db) - utcMs(ya, ma, da)) / DAY_MS);
}

/** The Monday that starts the ISO 8601 week of `day`. */
export function isoWeekStart(day: string): string {
  const [year, month, date] = mustParse(day);
  const weekday = new Date(utcMs(year, month, date)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The first day of the month of `day`. */
export function monthStart(day: string): string {
  mustParse(day);
  return `${day.slice(0, 8)}01`;
}

/** The first day of the year of `day`. */
export function yearStart(day: string): string {
  mustParse(day);
  return `${day.slice(0, 5)}01-01`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/**
 * The day on the wall calendar of `timeZone` (IANA) at the instant `ms` (epoch milliseconds).
 * Throws a RangeError for an unknown zone.
 */
export function localDay(ms: number, timeZone: string): string {
  let year = 0;
  let month = 0;
  let date = 0;
  let beforeChrist = false;
  for (const part of dayFormat(timeZone).formatToParts(ms)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') date = Number(part.value);
    else if (part.type === 'era') beforeChrist = part.value === 'BC';
  }
  if (beforeChrist) throw new RangeError(`${ms} is before year 1.`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** The last `days` days, today included. */
function lastDays(today: string, days: number): DayRange {
  return { from: addDays(today, 1 - days), to: today };
}

/**
 * The inclusive local days a date range covers, counted in the site's time zone, presets
 * ending today (the local day at `now`) inclusive:
 *
 * - `day`: today;
 * - `24h`: yesterday and today — the local days the last 24 hours touch (ranges are made of
 *   whole days; a caller wanting exactly 24 hours trims the `time:hour` buckets);
 * - `7d`, `28d`, `30d`, `91d`: that many days, today the last of them;
 * - `month`, `year`: from the 1st of this month or of January 1st to today;
 * - `6mo`, `12mo`: that many calendar months, this one included, so from the 1st of the month
 *   5 (or 11) months back to today;
 * - `all`: from `firstDay` (the site's first day with data, as the caller knows it) to today, or
 *   when absent from the same day 25 months back (`ALL_FALLBACK_MONTHS`) — a `firstDay` after
 *   today is treated as today.
 *
 * An explicit `[from, to]` is returned as given (stats-query-schema.ts checks it).
 */
export function resolveDateRange(
  input: DateRangeInput,
  timeZone: string,
  now: number,
  firstDay?: string,
): DayRange {
  if (typeof input !== 'string') return { from: input[0], to: input[1] };
  const today = localDay(now, timeZone);
  switch (input) {
    case 'day':
      return { from: today, to: today };
    case '24h':
      return lastDays(today, 2);
    case '7d':
      return lastDays(today, 7);
    case '28d':
      return lastDays(today, 28);
    case '30d':
      return lastDays(today, 30);
    case '91d':
      return lastDays(today, 91);
    case 'month':
      return { from: monthStart(today), to: today };
    case '6mo':
      return { from: monthStart(addMonths(today, -5)), to: today };
    case '12mo':
      return { from: monthStart(addMonths(today, -11)), to: today };
    case 'year':
      return { from: yearStart(today), to: today };
    case 'all': {
      if (firstDay === undefined) return { from: addMonths(today, -ALL_FALLBACK_MONTHS), to: today };
      mustParse(firstDay);
      return { from: firstDay < today ? firstDay : today, to: today };
    }
  }
}

/** The same number of days immediately before `range` (`compare: "previous_period"`). */
export function previousPeriod(range: DayRange): DayRange {
  const days = daysBetween(range.from, range.to) + 1;
  if (days < 1) throw new RangeError(`The range ${range.from} to ${range.to} ends before it starts.`);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}
