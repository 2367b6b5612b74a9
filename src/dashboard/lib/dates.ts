import type { DateRangeInput } from '../../stats/query-model';

/**
 * The ranges the picker offers, as the stats API names them (docs/stats.md): `day` is today,
 * `24h` yesterday and today (the rollups count whole local days); `custom` reads `from` and `to`
 * (inclusive local days).
 */
export const RANGE_CHOICES = ['day', '24h', '7d', '30d', '12mo', 'custom'] as const;
export type RangeChoice = (typeof RANGE_CHOICES)[number];
const PRESETS = ['day', '24h', '7d', '12mo'] as const;

export interface DateRange {
  choice: RangeChoice;
  from?: string;
  to?: string;
  /** What the stats API receives as `date_range`. */
  input: DateRangeInput;
  /** The dark-social report's query string (`date_range=30d` or `from=…&to=…`). */
  search: string;
  /**
   * A custom range in the URL that ends before it starts: refused, not swapped (issue 16), so the
   * pages say so instead of showing figures for dates nobody chose.
   */
  reversed?: { from: string; to: string };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  return !!value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The range in the URL (`range`, `from`, `to`), 30 days when absent or malformed. */
export function readRange(query: URLSearchParams): DateRange {
  const choice = query.get('range');
  const from = query.get('from');
  const to = query.get('to');
  if (choice === 'custom' && isDay(from) && isDay(to)) {
    if (from > to) return { choice, from, to, input: [from, to], search: '', reversed: { from, to } };
    return { choice, from, to, input: [from, to], search: `from=${from}&to=${to}` };
  }
  const preset = PRESETS.find((candidate) => candidate === choice) ?? '30d';
  return {
    choice: preset,
    input: preset,
    search: `date_range=${preset}`,
  };
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Monday of the ISO week of `day`, as the stats API labels `time:week` buckets. */
export function isoWeekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Every bucket of a range in order (the x axis, without gaps), after src/stats/time-buckets.ts. */
export function bucketsOf(
  timeline: 'time:hour' | 'time:day' | 'time:week',
  range: { from: string; to: string },
): string[] {
  const buckets: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    if (timeline === 'time:hour') {
      for (let hour = 0; hour < 24; hour++) buckets.push(`${day} ${String(hour).padStart(2, '0')}:00`);
      continue;
    }
    const bucket = timeline === 'time:week' ? isoWeekStart(day) : day;
    if (buckets.at(-1) !== bucket) buckets.push(bucket);
  }
  return buckets;
}

/** Today in the browser's zone, `YYYY-MM-DD`. */
export function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The hour now on a site's wall clock, as the stats API labels `time:hour` buckets (`2026-05-10 14:00`). */
export function hourNow(timeZone: string, now = Date.now()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:00`;
}
