/**
 * Timestamps of access logs, parsed without `Date.parse` on the hot path: a log holds millions
 * of lines from a handful of days, so the epoch of the day is computed once per day (cached)
 * and the time of day and the UTC offset are plain arithmetic on character codes.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Length of `10/Oct/2000:13:55:36 -0700`, the `%t` / `$time_local` layout. */
export const CLF_TIME_LENGTH = 26;

/** `count` decimal digits at `start`, or -1 when any is not a digit. */
export function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Midnight UTC of a calendar day, or NaN when the day does not exist (31 Feb). */
function dayEpoch(year: number, month: number, day: number): number {
  if (year < 0 || month < 0 || month > 11 || day < 1 || day > 31) return Number.NaN;
  const epoch = Date.UTC(year, month, day);
  return new Date(epoch).getUTCDate() === day ? epoch : Number.NaN;
}

/** A one-entry cache per layout: logs are in time order, so the day changes once a day. */
interface DayCache {
  key: string;
  epoch: number;
}

const clfDay: DayCache = { key: '\0', epoch: 0 };
const isoDay: DayCache = { key: '\0', epoch: 0 };

function cachedDay(cache: DayCache, text: string, start: number, length: number, compute: () => number) {
  if (text.startsWith(cache.key, start)) return cache.epoch;
  const epoch = compute();
  if (!Number.isNaN(epoch)) {
    cache.key = text.slice(start, start + length);
    cache.epoch = epoch;
  }
  return epoch;
}

/** The offset `+hhmm`, `-hhmm` or `+hh:mm` at `start` in milliseconds east of UTC, or NaN. */
function utcOffset(text: string, start: number, colon: boolean): number {
  const sign = text.charCodeAt(start);
  if (sign !== 43 && sign !== 45) return Number.NaN;
  const hours = digits(text, start + 1, 2);
  const minutesAt = start + (colon ? 4 : 3);
  if (colon && text.charCodeAt(start + 3) !== 58) return Number.NaN;
  const minutes = digits(text, minutesAt, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN;
  const offset = hours * HOUR + minutes * MINUTE;
  return sign === 45 ? -offset : offset;
}

/** `HH:MM:SS` at `start` in milliseconds since midnight, or NaN (a leap second :60 is allowed). */
function timeOfDay(text: string, start: number): number {
  if (text.charCodeAt(start + 2) !== 58 || text.charCodeAt(start + 5) !== 58) return Number.NaN;
  const hours = digits(text, start, 2);
  const minutes = digits(text, start + 3, 2);
  const seconds = digits(text, start + 6, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) {
    return Number.NaN;
  }
  return hours * HOUR + minutes * MINUTE + seconds * 1000;
}

/**
 * `10/Oct/2000:13:55:36 -0700` at `start` (Apache `%t` without its brackets, nginx
 * `$time_local`) → milliseconds since the epoch, or NaN. The time is local to the server;
 * subtracting the offset gives UTC (13:55:36 -0700 is 20:55:36Z).
 */
export function parseClfTime(text: string, start = 0): number {
  if (text.length < start + CLF_TIME_LENGTH) return Number.NaN;
  if (text.charCodeAt(start + 2) !== 47 || text.charCodeAt(start + 6) !== 47) return Number.NaN;
  if (text.charCodeAt(start + 11) !== 58 || text.charCodeAt(start + 20) !== 32) return Number.NaN;
  const day = cachedDay(clfDay, text, start, 11, () =>
    dayEpoch(
      digits(text, start + 7, 4),
      MONTHS[text.slice(start + 3, start + 6)] ?? -1,
      digits(text, start, 2),
    ),
  );
  return day + timeOfDay(text, start + 12) - utcOffset(text, start + 21, false);
}

/** Where the zone of an ISO time starts, after optional fractional seconds. */
function skipFraction(text: string, at: number): number {
  if (text.charCodeAt(at) !== 46) return at;
  let end = at + 1;
  while (end < text.length && digits(text, end, 1) >= 0) end++;
  return end;
}

/** The fraction `.123456` as milliseconds (nginx `$time_iso8601` has none; others add them). */
function fractionMs(text: string, dot: number, end: number): number {
  if (end - dot < 2) return 0;
  const ms = digits(text, dot + 1, Math.min(3, end - dot - 1));
  return end - dot - 1 >= 3 ? ms : ms * 10 ** (3 - (end - dot - 1));
}

/**
 * ISO 8601 / RFC 3339 `2000-10-10T13:55:36-07:00` (nginx `$time_iso8601`), also with a space
 * for the `T`, fractional seconds, `Z`, or an offset without its colon. NaN for anything else
 * and for a time without a zone (its instant is unknown).
 */
export function parseIsoTime(text: string): number {
  if (text.length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 32 && separator !== 116) return Number.NaN;
  const day = cachedDay(isoDay, text, 0, 10, () =>
    dayEpoch(digits(text, 0, 4), digits(text, 5, 2) - 1, digits(text, 8, 2)),
  );
  const zoneAt = skipFraction(text, 19);
  const zone = text.charCodeAt(zoneAt);
  const utc = zone === 90 || zone === 122;
  const colon = text.charCodeAt(zoneAt + 3) === 58;
  const zoneEnd = utc ? zoneAt + 1 : zoneAt + (colon ? 6 : 5);
  if (zoneEnd !== text.length) return Number.NaN;
  const offset = utc ? 0 : utcOffset(text, zoneAt, colon);
  return day + timeOfDay(text, 11) + fractionMs(text, 19, zoneAt) - offset;
}

/**
 * A Unix time as a number or numeric string — nginx `$msec` is seconds with a millisecond
 * fraction (`1700000000.123`); other shippers write milliseconds, microseconds or nanoseconds.
 * The unit is told by the size: 1e11 seconds is the year 5138, 1e11 ms is 1973.
 */
export function parseEpochTime(value: number): number {
  if (!Number.isFinite(value) || value < 0) return Number.NaN;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}

const NUMERIC = /^\d+(?:\.\d+)?$/;

/**
 * Any timestamp a JSON log may hold: an epoch number, the CLF layout, ISO 8601; `Date.parse`
 * only as the last resort for other layouts (RFC 2822 and the like).
 */
export function parseAnyTime(value: unknown): number {
  if (typeof value === 'number') return parseEpochTime(value);
  if (typeof value !== 'string' || value === '') return Number.NaN;
  if (NUMERIC.test(value)) return parseEpochTime(Number(value));
  if (value.charCodeAt(2) === 47) return value.length === CLF_TIME_LENGTH ? parseClfTime(value) : Number.NaN;
  const iso = parseIsoTime(value);
  return Number.isNaN(iso) && !/^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : iso;
}
