import { describe, expect, it } from 'vitest';
import { parseAnyTime, parseClfTime, parseIsoTime } from '../../src/import-log/parse-log-time.js';

describe('log timestamps', () => {
  it('parses the CLF layout like Date.parse does its ISO equivalent, across days, months and zones', () => {
    const cases: [string, string][] = [
      ['10/Oct/2000:13:55:36 -0700', '2000-10-10T13:55:36-07:00'],
      ['10/Oct/2000:13:55:37 -0700', '2000-10-10T13:55:37-07:00'],
      ['11/Oct/2000:00:00:00 +0000', '2000-10-11T00:00:00Z'],
      ['29/Feb/2024:23:59:60 +1400', '2024-02-29T23:59:59+14:00'],
      ['01/Jan/2025:00:00:00 -0930', '2025-01-01T00:00:00-09:30'],
      ['31/Dec/1999:23:59:59 +0100', '1999-12-31T23:59:59+01:00'],
    ];
    for (const [clf, iso] of cases) {
      const leap = clf.includes(':60 ') ? 1000 : 0;
      expect(parseClfTime(clf), clf).toBe(Date.parse(iso) + leap);
    }
  });

  it('reads the time where it starts in a longer string', () => {
    expect(parseClfTime('x [10/Oct/2000:13:55:36 -0700]', 3)).toBe(Date.parse('2000-10-10T13:55:36-07:00'));
  });

  it('answers NaN for impossible dates and broken layouts', () => {
    for (const text of [
      '30/Feb/2024:00:00:00 +0000',
      '10/Oct/2000:13:55',
      '10/oct/2000:13:55:36 -0700',
      'aa/Oct/2000:13:55:36 -0700',
      '10/Oct/2000:13:61:36 -0700',
      '10/Oct/2000:13:55:36 -07',
    ]) {
      expect(parseClfTime(text), text).toBeNaN();
    }
  });

  it('parses ISO 8601 with offsets, Z, fractions and a space', () => {
    expect(parseIsoTime('2024-10-15T08:01:02+02:00')).toBe(Date.parse('2024-10-15T08:01:02+02:00'));
    expect(parseIsoTime('2024-10-15T08:01:02+0200')).toBe(Date.parse('2024-10-15T08:01:02+02:00'));
    expect(parseIsoTime('2024-10-15 06:01:02Z')).toBe(Date.parse('2024-10-15T06:01:02Z'));
    expect(parseIsoTime('2024-10-15T06:01:02.5Z')).toBe(Date.parse('2024-10-15T06:01:02.500Z'));
    expect(parseIsoTime('2024-10-15T06:01:02.123456-03:00')).toBe(
      Date.parse('2024-10-15T06:01:02.123-03:00'),
    );
    expect(parseIsoTime('2024-10-15T06:01:02')).toBeNaN();
    expect(parseIsoTime('2024-13-15T06:01:02Z')).toBeNaN();
  });

  it('reads epoch seconds, milliseconds and the like in JSON logs', () => {
    expect(parseAnyTime(1728972062)).toBe(1728972062000);
    expect(parseAnyTime('1728972062.123')).toBe(1728972062123);
    expect(parseAnyTime(1728972062123)).toBe(1728972062123);
    expect(parseAnyTime(1728972062123456)).toBe(1728972062123);
    expect(parseAnyTime('Tue, 15 Oct 2024 06:01:02 GMT')).toBe(Date.parse('2024-10-15T06:01:02Z'));
    expect(parseAnyTime('soon')).toBeNaN();
    expect(parseAnyTime(true)).toBeNaN();
  });
});
