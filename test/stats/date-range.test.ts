import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  isoWeekStart,
  isValidDay,
  localDay,
  monthStart,
  previousPeriod,
  resolveDateRange,
  yearStart,
} from '../../src/stats/date-range.js';
import { DATE_PRESETS, type DatePreset } from '../../src/stats/query-model.js';

const at = (iso: string) => Date.parse(iso);

describe('day helpers', () => {
  it('adds days across month, year and leap-day boundaries, both ways', () => {
    const cases: [string, number, string][] = [
      ['2026-01-31', 1, '2026-02-01'],
      ['2025-12-31', 1, '2026-01-01'],
      ['2026-01-01', -1, '2025-12-31'],
      ['2024-02-28', 1, '2024-02-29'],
      ['2024-02-29', 1, '2024-03-01'],
      ['2023-02-28', 1, '2023-03-01'],
      ['2024-03-01', -1, '2024-02-29'],
      ['2026-03-28', 2, '2026-03-30'],
      ['2026-10-24', 2, '2026-10-26'],
      ['2026-05-14', 0, '2026-05-14'],
      ['2026-05-14', 365, '2027-05-14'],
      ['2024-05-14', -366, '2023-05-14'],
      ['0099-12-31', 1, '0100-01-01'],
      ['1999-12-31', 1, '2000-01-01'],
    ];
    for (const [day, n, expected] of cases) expect(addDays(day, n), `${day} + ${n}`).toBe(expected);
  });

  it('counts the days from one day to another, negative backwards', () => {
    expect(daysBetween('2026-01-01', '2026-01-02')).toBe(1);
    expect(daysBetween('2026-01-02', '2026-01-01')).toBe(-1);
    expect(daysBetween('2026-05-14', '2026-05-14')).toBe(0);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    // The days of a DST change are whole days on the calendar.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2016-01-01', '2026-01-01')).toBe(3653);
  });

  it('agrees with itself: addDays(a, daysBetween(a, b)) is b', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 500; i += 1) {
      const a = addDays('1990-01-01', Math.floor(next() * 20_000));
      const n = Math.floor(next() * 8_000) - 4_000;
      const b = addDays(a, n);
      expect(daysBetween(a, b), `${a} + ${n}`).toBe(n);
      expect(addDays(b, -n)).toBe(a);
    }
  });

  it('finds the Monday of the ISO week', () => {
    expect(isoWeekStart('2026-05-11')).toBe('2026-05-11'); // a Monday
    expect(isoWeekStart('2026-05-17')).toBe('2026-05-11'); // Sunday ends the ISO week
    expect(isoWeekStart('2026-05-13')).toBe('2026-05-11');
    expect(isoWeekStart('2026-01-01')).toBe('2025-12-29'); // a Thursday: week 1 starts in December
    expect(isoWeekStart('2027-01-03')).toBe('2026-12-28');
    expect(isoWeekStart('2024-03-01')).toBe('2024-02-26');
    expect(isoWeekStart('2026-03-29')).toBe('2026-03-23'); // the Sunday Europe goes to summer time
  });

  it('finds the first of the month and of the year', () => {
    expect(monthStart('2026-05-14')).toBe('2026-05-01');
    expect(monthStart('2024-02-29')).toBe('2024-02-01');
    expect(monthStart('2026-01-01')).toBe('2026-01-01');
    expect(yearStart('2026-12-31')).toBe('2026-01-01');
  });

  it('moves by months, staying inside the shorter month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-05-14', -5)).toBe('2025-12-14');
    expect(addMonths('2026-05-14', 12)).toBe('2027-05-14');
    expect(addMonths('2026-03-30', -25)).toBe('2024-02-29');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
  });

  it('tells calendar days from strings that only look like them', () => {
    for (const day of ['2026-05-14', '2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01']) {
      expect(isValidDay(day), day).toBe(true);
    }
    for (const day of [
      '2026-02-29',
      '1900-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-05-00',
      '2026-5-14',
      '2026-05-14T00',
      ' 2026-05-14',
      '20260514',
      '',
    ]) {
      expect(isValidDay(day), day).toBe(false);
    }
  });

  it('refuses to compute with days that are not on the calendar', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-05-14', '2026-5-15')).toThrow(RangeError);
    expect(() => monthStart('May 14')).toThrow(RangeError);
    expect(() => isoWeekStart('2026-13-01')).toThrow(RangeError);
  });
});

describe('localDay', () => {
  it('turns at local midnight across the DST changes of Europe/Paris', () => {
    const cases: [string, string][] = [
      // Spring forward on Sunday 2026-03-29 at 01:00 UTC: that day has 23 hours.
      ['2026-03-28T22:59:59.999Z', '2026-03-28'],
      ['2026-03-28T23:00:00Z', '2026-03-29'],
      ['2026-03-29T00:59:59Z', '2026-03-29'],
      ['2026-03-29T01:00:00Z', '2026-03-29'],
      ['2026-03-29T21:59:59Z', '2026-03-29'],
      ['2026-03-29T22:00:00Z', '2026-03-30'],
      // Fall back on Sunday 2026-10-25 at 01:00 UTC: that day has 25 hours.
      ['2026-10-24T21:59:59Z', '2026-10-24'],
      ['2026-10-24T22:00:00Z', '2026-10-25'],
      ['2026-10-25T22:59:59Z', '2026-10-25'],
      ['2026-10-25T23:00:00Z', '2026-10-26'],
    ];
    for (const [iso, day] of cases) expect(localDay(at(iso), 'Europe/Paris'), iso).toBe(day);
  });

  it('turns at local midnight across the DST changes of America/New_York', () => {
    const cases: [string, string][] = [
      // Spring forward on Sunday 2026-03-08 at 07:00 UTC.
      ['2026-03-08T04:59:59Z', '2026-03-07'],
      ['2026-03-08T05:00:00Z', '2026-03-08'],
      ['2026-03-09T03:59:59Z', '2026-03-08'],
      ['2026-03-09T04:00:00Z', '2026-03-09'],
      // Fall back on Sunday 2026-11-01 at 06:00 UTC.
      ['2026-11-01T03:59:59Z', '2026-10-31'],
      ['2026-11-01T04:00:00Z', '2026-11-01'],
      ['2026-11-02T04:59:59Z', '2026-11-01'],
      ['2026-11-02T05:00:00Z', '2026-11-02'],
    ];
    for (const [iso, day] of cases) expect(localDay(at(iso), 'America/New_York'), iso).toBe(day);
  });

  it('handles half- and three-quarter-hour offsets and the year end', () => {
    const cases: [string, string, string][] = [
      ['Asia/Kolkata', '2025-12-31T18:29:59Z', '2025-12-31'],
      ['Asia/Kolkata', '2025-12-31T18:30:00Z', '2026-01-01'],
      // Chatham is at +13:45 in the southern summer, +12:45 in winter.
      ['Pacific/Chatham', '2025-12-31T10:14:59Z', '2025-12-31'],
      ['Pacific/Chatham', '2025-12-31T10:15:00Z', '2026-01-01'],
      ['Pacific/Chatham', '2026-07-01T11:14:59Z', '2026-07-01'],
      ['Pacific/Chatham', '2026-07-01T11:15:00Z', '2026-07-02'],
      ['Pacific/Kiritimati', '2025-12-31T10:00:00Z', '2026-01-01'],
      ['Pacific/Pago_Pago', '2026-01-01T10:59:59Z', '2025-12-31'],
      ['UTC', '2025-12-31T23:59:59.999Z', '2025-12-31'],
      ['UTC', '2026-01-01T00:00:00Z', '2026-01-01'],
      ['America/New_York', '2026-01-01T04:59:59Z', '2025-12-31'],
      ['Europe/Paris', '2024-02-29T23:00:00Z', '2024-03-01'],
    ];
    for (const [zone, iso, day] of cases) expect(localDay(at(iso), zone), `${zone} ${iso}`).toBe(day);
  });

  it("agrees with the platform's own calendar over many instants and zones", () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Asia/Kolkata',
      'Pacific/Chatham',
      'UTC',
      'Asia/Tokyo',
    ];
    let ms = at('2023-01-01T00:00:00Z');
    for (let i = 0; i < 2_000; i += 1) {
      ms += 17 * 3_600_000 + 13 * 60_000 + 7_000; // a step that visits every hour and minute offset
      const zone = zones[i % zones.length] as string;
      const expected = new Date(ms).toLocaleDateString('en-CA', { timeZone: zone });
      expect(localDay(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(expected);
    }
  });

  it('throws a RangeError for a zone that does not exist', () => {
    expect(() => localDay(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('resolveDateRange', () => {
  // 00:30 on Monday 2026-03-30 in Paris (summer time since the day before), still the 29th in UTC.
  const now = at('2026-03-29T22:30:00Z');

  it('counts the presets in the site time zone, ending today inclusive', () => {
    const expected: Record<DatePreset, [string, string]> = {
      day: ['2026-03-30', '2026-03-30'],
      '24h': ['2026-03-29', '2026-03-30'],
      '7d': ['2026-03-24', '2026-03-30'],
      '28d': ['2026-03-03', '2026-03-30'],
      '30d': ['2026-03-01', '2026-03-30'],
      '91d': ['2025-12-30', '2026-03-30'],
      month: ['2026-03-01', '2026-03-30'],
      '6mo': ['2025-10-01', '2026-03-30'],
      '12mo': ['2025-04-01', '2026-03-30'],
      year: ['2026-01-01', '2026-03-30'],
      all: ['2024-02-29', '2026-03-30'],
    };
    for (const preset of DATE_PRESETS) {
      const [from, to] = expected[preset];
      expect(resolveDateRange(preset, 'Europe/Paris', now), preset).toEqual({ from, to });
    }
  });

  it('gives the N-day presets exactly N days', () => {
    const lengths: [DatePreset, number][] = [
      ['day', 1],
      ['24h', 2],
      ['7d', 7],
      ['28d', 28],
      ['30d', 30],
      ['91d', 91],
    ];
    for (const zone of ['UTC', 'America/New_York', 'Pacific/Chatham']) {
      for (const [preset, days] of lengths) {
        const range = resolveDateRange(preset, zone, now);
        expect(daysBetween(range.from, range.to) + 1, `${zone} ${preset}`).toBe(days);
      }
    }
  });

  it('takes "today" from the site zone, not from UTC', () => {
    expect(resolveDateRange('day', 'UTC', now)).toEqual({ from: '2026-03-29', to: '2026-03-29' });
    expect(resolveDateRange('day', 'America/New_York', now)).toEqual({
      from: '2026-03-29',
      to: '2026-03-29',
    });
    expect(resolveDateRange('day', 'Europe/Paris', now)).toEqual({ from: '2026-03-30', to: '2026-03-30' });
  });

  it('starts the calendar presets in the previous year just after New Year', () => {
    // 00:30 on 2026-01-01 in Kolkata; 2025-12-31 in UTC.
    const newYear = at('2025-12-31T19:00:00Z');
    expect(resolveDateRange('year', 'Asia/Kolkata', newYear)).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(resolveDateRange('year', 'UTC', newYear)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(resolveDateRange('month', 'Asia/Kolkata', newYear)).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(resolveDateRange('7d', 'Asia/Kolkata', newYear)).toEqual({ from: '2025-12-26', to: '2026-01-01' });
    expect(resolveDateRange('6mo', 'Asia/Kolkata', newYear)).toEqual({
      from: '2025-08-01',
      to: '2026-01-01',
    });
    expect(resolveDateRange('12mo', 'Asia/Kolkata', newYear)).toEqual({
      from: '2025-02-01',
      to: '2026-01-01',
    });
    expect(resolveDateRange('24h', 'Pacific/Chatham', at('2025-12-31T10:15:00Z'))).toEqual({
      from: '2025-12-31',
      to: '2026-01-01',
    });
  });

  it('starts "all" at the first day of data, or 25 months back without one', () => {
    const today = '2026-03-30';
    expect(resolveDateRange('all', 'Europe/Paris', now, '2025-06-01')).toEqual({
      from: '2025-06-01',
      to: today,
    });
    expect(resolveDateRange('all', 'Europe/Paris', now, '2019-01-01')).toEqual({
      from: '2019-01-01',
      to: today,
    });
    expect(resolveDateRange('all', 'Europe/Paris', now, today)).toEqual({ from: today, to: today });
    expect(resolveDateRange('all', 'Europe/Paris', now, '2026-04-02')).toEqual({ from: today, to: today });
    expect(resolveDateRange('all', 'UTC', at('2026-05-14T12:00:00Z'))).toEqual({
      from: '2024-04-14',
      to: '2026-05-14',
    });
    expect(() => resolveDateRange('all', 'UTC', now, '2026-02-30')).toThrow(RangeError);
  });

  it('returns explicit ranges as given', () => {
    expect(resolveDateRange(['2026-01-01', '2026-01-31'], 'Pacific/Chatham', now)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });
});

describe('previousPeriod', () => {
  it('is the same number of days immediately before', () => {
    expect(previousPeriod({ from: '2026-03-24', to: '2026-03-30' })).toEqual({
      from: '2026-03-17',
      to: '2026-03-23',
    });
    expect(previousPeriod({ from: '2026-05-14', to: '2026-05-14' })).toEqual({
      from: '2026-05-13',
      to: '2026-05-13',
    });
    // March 2024 has 31 days: the 31 before end on the leap day.
    expect(previousPeriod({ from: '2024-03-01', to: '2024-03-31' })).toEqual({
      from: '2024-01-30',
      to: '2024-02-29',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-01-10' })).toEqual({
      from: '2025-12-22',
      to: '2025-12-31',
    });
    // Days, not calendar periods: the 365 days before 2025 leave out 2024's first day.
    expect(previousPeriod({ from: '2025-01-01', to: '2025-12-31' })).toEqual({
      from: '2024-01-02',
      to: '2024-12-31',
    });
  });

  it('has the length of the range it follows, for every preset', () => {
    for (const preset of DATE_PRESETS) {
      const range = resolveDateRange(preset, 'America/New_York', at('2026-11-01T12:00:00Z'));
      const previous = previousPeriod(range);
      expect(daysBetween(previous.from, previous.to), preset).toBe(daysBetween(range.from, range.to));
      expect(addDays(previous.to, 1), preset).toBe(range.from);
    }
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => previousPeriod({ from: '2026-05-14', to: '2026-05-13' })).toThrow(RangeError);
  });
});
