import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/backoff.js';

describe('Backoff', () => {
  it('doubles from the base to the cap, each delay in the upper half of its step', () => {
    const low = new Backoff({ baseMs: 100, maxMs: 30_000, random: () => 0 });
    const high = new Backoff({ baseMs: 100, maxMs: 30_000, random: () => 0.999_999 });
    const lows = Array.from({ length: 12 }, () => low.next());
    const highs = Array.from({ length: 12 }, () => Math.round(high.next()));
    expect(lows).toEqual([50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 15_000, 15_000, 15_000]);
    expect(highs).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('never overflows after many failures, and starts over after a reset', () => {
    const backoff = new Backoff({ baseMs: 100, maxMs: 30_000, random: () => 0.5 });
    for (let i = 0; i < 5_000; i++) expect(backoff.next()).toBeLessThanOrEqual(30_000);
    expect(backoff.attempts).toBe(5_000);
    backoff.reset();
    expect(backoff.next()).toBe(75);
  });

  it('spreads instances that fail together (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => new Backoff().next()));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(50);
  });

  it('with full jitter, draws each delay from zero to the ceiling (the change listener reconnects at once)', () => {
    const low = new Backoff({ baseMs: 100, maxMs: 5_000, jitter: 'full', random: () => 0 });
    const high = new Backoff({ baseMs: 100, maxMs: 5_000, jitter: 'full', random: () => 0.999_999 });
    expect(Array.from({ length: 8 }, () => low.next())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from({ length: 8 }, () => Math.round(high.next()))).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000,
    ]);
  });
});
