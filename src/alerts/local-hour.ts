const formats = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) on the wall clock of `timeZone` at `ms`: quiet hours are in the site's zone. */
export function localHour(ms: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return Number(format.formatToParts(ms).find((part) => part.type === 'hour')?.value ?? 0) % 24;
}

/** Whether `hour` is in [start, end), a range that may wrap midnight (22 → 7); start = end is no range. */
export function inQuietHours(hour: number, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}
