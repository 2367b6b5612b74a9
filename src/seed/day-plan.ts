import type { DailyCurve } from './daily-curve.js';

export const DAY_MS = 86_400_000;

/** One local day of the range and how many events it ends with. */
export interface PlannedDay {
  /** The day's local midnight, in ms since the epoch. */
  start: number;
  /** The part of the day inside the range, as shares of its traffic (see DailyCurve.share). */
  from: number;
  to: number;
  /** Events generated up to the end of this day, counted from the first day (the last one is the total). */
  cumulativeEvents: number;
}

/** Weekdays are busier for news; Monday is index 0. */
const WEEKDAY_WEIGHTS = [1.1, 1.12, 1.1, 1.08, 1.0, 0.72, 0.78];
/** How much the audience grows from the first day to the last. */
const TREND = 0.25;
/** Day-to-day noise (±) and the odd big news day. */
const NOISE = 0.08;
const NEWS_DAY_CHANCE = 1 / 12;

/**
 * The offset of a time zone from UTC at one instant, in ms (computed once: formatting a date per
 * event would cost more than the event). A range that crosses a DST change is off by an hour on
 * one side of it, which a demo can live with.
 */
export function timeZoneOffset(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * Splits `events` over the local days of the last `days` days up to `now`: a weekly rhythm, a
 * gentle upward trend, a little noise and a few news spikes; the first and last days count only
 * their part inside the range. The cumulative targets end exactly at `events`.
 */
export function planDays(options: {
  events: number;
  days: number;
  now: number;
  timeZone: string;
  curve: DailyCurve;
  random: () => number;
}): PlannedDay[] {
  const { events, days, now, curve, random } = options;
  const offset = timeZoneOffset(options.timeZone, now);
  const rangeStart = now - days * DAY_MS;
  const firstDay = Math.floor((rangeStart + offset) / DAY_MS);
  const lastDay = Math.floor((now + offset) / DAY_MS);
  const planned: (PlannedDay & { weight: number })[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const start = day * DAY_MS - offset;
    const from = curve.share(rangeStart - start);
    const to = curve.share(now - start);
    // 1970-01-01 was a Thursday: +3 makes Monday 0.
    const weekday = WEEKDAY_WEIGHTS[(((day + 3) % 7) + 7) % 7] as number;
    const trend = 1 + (TREND * (day - firstDay)) / Math.max(1, lastDay - firstDay);
    const noise = 1 + NOISE * (2 * random() - 1);
    const spike = random() < NEWS_DAY_CHANCE ? 1.5 + random() * 0.7 : 1;
    const weight = Math.max(0, to - from) * weekday * trend * noise * spike;
    planned.push({ start, from, to, cumulativeEvents: 0, weight });
  }
  const total = planned.reduce((sum, day) => sum + day.weight, 0);
  let running = 0;
  return planned.map(({ weight, ...day }) => {
    running += weight;
    return { ...day, cumulativeEvents: total > 0 ? Math.round((events * running) / total) : events };
  });
}
