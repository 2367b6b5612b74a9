import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/privacy/rate-limiter.js';

const T0 = 1_700_000_000_000;

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens come back at the configured rate', () => {
    const limiter = new RateLimiter({ rate: 2, burst: 5 });
    for (let i = 0; i < 5; i++) expect(limiter.allow('k', T0)).toBe(true);
    expect(limiter.allow('k', T0)).toBe(false);
    expect(limiter.allow('k', T0 + 499)).toBe(false);
    expect(limiter.allow('k', T0 + 500)).toBe(true);
    expect(limiter.allow('k', T0 + 500)).toBe(false);
  });

  it('sustains exactly the rate over time', () => {
    const limiter = new RateLimiter({ rate: 10, burst: 1 });
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms += 10) if (limiter.allow('k', T0 + ms)) allowed++;
    expect(allowed).toBe(100);
  });

  it('never holds more than the burst however long a key was idle', () => {
    const limiter = new RateLimiter({ rate: 100, burst: 3 });
    limiter.allow('k', T0);
    const later = T0 + 86_400_000;
    expect([1, 2, 3, 4].map(() => limiter.allow('k', later))).toEqual([true, true, true, false]);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 1 });
    expect(limiter.allow('a', T0)).toBe(true);
    expect(limiter.allow('a', T0)).toBe(false);
    expect(limiter.allow('b', T0)).toBe(true);
  });

  it('supports rates below one a second', () => {
    const limiter = new RateLimiter({ rate: 1 / 60, burst: 1 });
    expect(limiter.allow('k', T0)).toBe(true);
    expect(limiter.allow('k', T0 + 59_999)).toBe(false);
    expect(limiter.allow('k', T0 + 60_000)).toBe(true);
  });

  it('gives nothing back when the clock steps backwards, and does not punish it either', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 1 });
    expect(limiter.allow('k', T0)).toBe(true);
    expect(limiter.allow('k', T0 - 10_000)).toBe(false);
    expect(limiter.allow('k', T0 + 1000)).toBe(true);
  });

  it('uses the wall clock by default', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 1 });
    expect(limiter.allow('k')).toBe(true);
    expect(limiter.allow('k')).toBe(false);
  });

  it('stays within maxKeys under a flood of 1,000,000 distinct keys', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 2, maxKeys: 10_000 });
    let allowed = 0;
    let largest = 0;
    for (let i = 0; i < 1_000_000; i++) {
      if (limiter.allow(`flood-${i}`, T0)) allowed++;
      largest = Math.max(largest, limiter.size);
    }
    expect(allowed).toBe(1_000_000);
    expect(largest).toBe(10_000);
    expect(limiter.size).toBe(10_000);
  });

  it('forgets keys not seen for a generation, keeps those seen again', () => {
    // maxKeys 4 → two generations of 2.
    const limiter = new RateLimiter({ rate: 1, burst: 1, maxKeys: 4 });
    limiter.allow('busy', T0);
    limiter.allow('idle', T0);
    limiter.allow('y', T0); // current full: [busy, idle] becomes the previous generation
    expect(limiter.allow('busy', T0)).toBe(false); // seen again: moves to the current one
    limiter.allow('z', T0); // current full again: [idle] is dropped
    expect(limiter.size).toBeLessThanOrEqual(4);
    expect(limiter.allow('busy', T0)).toBe(false); // still remembered: still limited
    expect(limiter.allow('idle', T0)).toBe(true); // forgotten: starts again with a full bucket
  });

  it('bounds memory with the default maxKeys too', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 1 });
    let largest = 0;
    for (let i = 0; i < 250_000; i++) {
      limiter.allow(String(i), T0);
      largest = Math.max(largest, limiter.size);
    }
    expect(largest).toBe(100_000);
  });

  it.each([
    [{ rate: 0, burst: 1 }],
    [{ rate: -1, burst: 1 }],
    [{ rate: Number.NaN, burst: 1 }],
    [{ rate: Number.POSITIVE_INFINITY, burst: 1 }],
    [{ rate: 1, burst: 0.5 }],
    [{ rate: 1, burst: 1, maxKeys: 0 }],
    [{ rate: 1, burst: 1, maxKeys: 1 }],
  ])('refuses the options %j', (options) => {
    expect(() => new RateLimiter(options)).toThrow(RangeError);
  });
});
