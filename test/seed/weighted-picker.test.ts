import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/seed/seeded-random.js';
import { WeightedPicker } from '../../src/seed/weighted-picker.js';

describe('WeightedPicker', () => {
  it('picks in proportion to the weights and never a zero-weight item', () => {
    const picker = new WeightedPicker([
      ['a', 6],
      ['b', 3],
      ['c', 1],
      ['never', 0],
    ]);
    const random = seededRandom(3);
    const counts = new Map<string, number>();
    for (let draw = 0; draw < 100_000; draw++) {
      const item = picker.pick(random());
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect((counts.get('a') ?? 0) / 100_000).toBeCloseTo(0.6, 2);
    expect((counts.get('b') ?? 0) / 100_000).toBeCloseTo(0.3, 2);
    expect((counts.get('c') ?? 0) / 100_000).toBeCloseTo(0.1, 2);
    expect(counts.has('never')).toBe(false);
    expect(picker.values()).toEqual(['a', 'b', 'c']);
  });

  it('answers at the edges of [0, 1) and refuses an empty table', () => {
    const picker = new WeightedPicker([
      ['x', 1],
      ['y', 2],
    ]);
    expect(['x', 'y']).toContain(picker.pick(0));
    expect(['x', 'y']).toContain(picker.pick(1 - 2 ** -32));
    expect(() => new WeightedPicker([['z', 0]])).toThrow(RangeError);
  });
});
