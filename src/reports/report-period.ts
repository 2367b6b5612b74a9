/** A digest's period: a whole week (Monday to Sunday, ISO 8601) or calendar month, in the site's days. */
export type PeriodKind = 'weekly' | 'monthly';

export interface ReportPeriod {
  kind: PeriodKind;
  /** `2026-W49` or `2026-11`: with the recipient, what makes a digest sent once. */
  key: string;
  /** Inclusive local days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The period before, for the trend. */
  previous: { from: string; to: string };
}

const DAY_MS = 86_400_000;
const toMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, days: number): string => toDay(toMs(day) + days * DAY_MS);

/** ISO 8601 week-numbering year and week of a Monday. */
function isoWeek(monday: string): string {
  const thursday = new Date(toMs(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last whole period that ended before `today` (the site's local day). */
export function lastCompletePeriod(kind: PeriodKind, today: string): ReportPeriod {
  if (kind === 'weekly') {
    const weekday = (new Date(toMs(today)).getUTCDay() + 6) % 7; // Monday 0
    const from = addDays(today, -weekday - 7);
    const to = addDays(from, 6);
    return {
      kind,
      key: isoWeek(from),
      from,
      to,
      previous: { from: addDays(from, -7), to: addDays(from, -1) },
    };
  }
  const firstOfThis = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThis, -1);
  const from = `${to.slice(0, 7)}-01`;
  const previousTo = addDays(from, -1);
  return {
    kind,
    key: to.slice(0, 7),
    from,
    to,
    previous: { from: `${previousTo.slice(0, 7)}-01`, to: previousTo },
  };
}
