/**
 * The local hour of an instant in a site's time zone, `YYYY-MM-DDTHH`: the bucket events and
 * rollups are kept in, so a site's days start at its own midnight (issue #5: "the site's time
 * zone"). A site that changes its zone keeps its past buckets; new events use the new zone.
 *
 * Every UTC offset in the tz database is a multiple of 15 minutes (Asia/Kathmandu +05:45,
 * Pacific/Chatham +12:45), and zones change offset on a quarter hour, so all instants of one
 * UTC quarter hour fall in the same local hour: the answer is memoised per zone and quarter.
 */
const QUARTER_MS = 15 * 60 * 1000;
const MEMO_LIMIT = 50_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const memo = new Map<string, string>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function computeLocalHour(ms: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
}

/** A zone Intl does not know (a hand-edited database) counts in UTC rather than failing writes. */
export function localHour(ms: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_MS)}`;
  let hour = memo.get(key);
  if (hour === undefined) {
    try {
      hour = computeLocalHour(ms, timeZone);
    } catch {
      hour = new Date(ms).toISOString().slice(0, 13);
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, hour);
  }
  return hour;
}

/** The day part of a local hour bucket. */
export function dayOfHour(hour: string): string {
  return hour.slice(0, 10);
}
