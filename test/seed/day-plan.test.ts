import { describe, expect, it } from 'vitest';
import { DailyCurve } from '../../src/seed/daily-curve.js';
import { DAY_MS, planDays, timeZoneOffset } from '../../src/seed/day-plan.js';
import { seededRandom } from '../../src/seed/seeded-random.js';

describe('DailyCurve', () => {
  it('maps shares of the day to times and back', () => {
    const curve = new DailyCurve();
    expect(curve.share(0)).toBe(0);
    expect(curve.share(DAY_MS)).toBe(1);
    for (const u of [0.01, 0.2, 0.5, 0.77, 0.99]) expect(curve.share(curve.at(u))).toBeCloseTo(u, 9);
    // A quiet night: the first five hours hold far less than a fifth of the day.
    expect(curve.share(5 * 3_600_000)).toBeLessThan(0.1);
  });
});

describe('planDays', () => {
  it('spreads the events over the range, ending exactly at the total', () => {
    const now = Date.UTC(2026, 4, 20, 15, 30);
    const days = planDays({
      events: 100_000,
      days: 30,
      now,
      timeZone: 'UTC',
      curve: new DailyCurve(),
      random: seededRandom(1),
    });
    expect(days).toHaveLength(31);
    expect(days.at(-1)?.cumulativeEvents).toBe(100_000);
    expect(days[0]?.from).toBeGreaterThan(0);
    expect(days.at(-1)?.to).toBeLessThan(1);
    for (let index = 1; index < days.length; index++) {
      expect(days[index]?.cumulativeEvents).toBeGreaterThanOrEqual(days[index - 1]?.cumulativeEvents ?? 0);
      expect(days[index]?.start).toBe((days[index - 1]?.start ?? 0) + DAY_MS);
    }
  });

  it('knows a time zone offset at an instant', () => {
    const winter = Date.UTC(2026, 0, 15);
    const summer = Date.UTC(2026, 6, 15);
    expect(timeZoneOffset('UTC', winter)).toBe(0);
    expect(timeZoneOffset('Europe/Paris', winter)).toBe(3_600_000);
    expect(timeZoneOffset('Europe/Paris', summer)).toBe(7_200_000);
    expect(timeZoneOffset('America/New_York', winter)).toBe(-5 * 3_600_000);
  });
});
