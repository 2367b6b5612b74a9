import { describe, expect, it } from 'vitest';
import type { TimeDimension } from '../../src/stats/query-model.js';
import { bucketCount, bucketsOf } from '../../src/stats/time-buckets.js';

describe('bucketCount', () => {
  const ranges = [
    { from: '2026-01-01', to: '2026-01-01' },
    { from: '2025-12-29', to: '2026-02-03' },
    { from: '2024-02-28', to: '2025-03-01' },
  ];

  it('counts hours and days exactly, and never fewer weeks or months than the timeline has', () => {
    for (const range of ranges) {
      expect(bucketCount('time:hour', range)).toBe(bucketsOf('time:hour', range).length);
      expect(bucketCount('time:day', range)).toBe(bucketsOf('time:day', range).length);
      for (const dimension of ['time:week', 'time:month'] as TimeDimension[]) {
        expect(bucketCount(dimension, range)).toBeGreaterThanOrEqual(bucketsOf(dimension, range).length);
      }
    }
  });

  it('counts ten years of hours without making them', () => {
    expect(bucketCount('time:hour', { from: '2015-01-01', to: '2024-12-31' })).toBe(3_653 * 24);
  });
});
