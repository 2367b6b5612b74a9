import { addDays, daysBetween, isoWeekStart, monthStart } from './date-range.js';
import type { DayRange, TimeDimension } from './query-model.js';

/** The bucket a stored day (or hour, for `time:hour`) falls in. */
export function bucketOf(dimension: TimeDimension, value: string): string {
  switch (dimension) {
    case 'time:hour':
      return `${value.slice(0, 10)} ${value.slice(11, 13)}:00`;
    case 'time:day':
      return value;
    case 'time:week':
      return isoWeekStart(value);
    case 'time:month':
      return monthStart(value);
  }
}

/** Every bucket of a range, in order: the x axis of a chart, with no gap where nothing happened. */
export function bucketsOf(dimension: TimeDimension, range: DayRange): string[] {
  const buckets: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    if (dimension === 'time:hour') {
      for (let hour = 0; hour < 24; hour++) buckets.push(`${day} ${String(hour).padStart(2, '0')}:00`);
      continue;
    }
    const bucket = bucketOf(dimension, day);
    if (buckets.at(-1) !== bucket) buckets.push(bucket);
  }
  return buckets;
}

/**
 * The most buckets a timeline may have: the rows one answer may hold (MAX_LIMIT). Every bucket
 * of a timeline is built in memory, empty ones too, twice with a comparison: `time:hour` over ten
 * years made 175,000 of them and grew the server by 120 MB for one request, which a public
 * dashboard link could repeat (found by test/fuzz's memory check).
 */
export const MAX_TIME_BUCKETS = 10_000;

/** How many buckets `bucketsOf` would make, without making them (an upper bound for weeks). */
export function bucketCount(dimension: TimeDimension, range: DayRange): number {
  const days = daysBetween(range.from, range.to) + 1;
  switch (dimension) {
    case 'time:hour':
      return days * 24;
    case 'time:day':
      return days;
    case 'time:week':
      return Math.ceil(days / 7) + 1;
    case 'time:month':
      return Math.ceil(days / 28) + 1;
  }
}
