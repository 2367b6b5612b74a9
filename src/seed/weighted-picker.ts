/**
 * Picks items in proportion to their weights in constant time with one random number (Vose's
 * alias method): the generator draws tens of millions of channels, paths and countries, and a
 * scan of a cumulative list per draw would cost more than building the event itself.
 */
export class WeightedPicker<T> {
  private readonly items: readonly T[];
  /** Per slot: the chance to keep the slot's own item instead of its alias. */
  private readonly keep: Float64Array;
  private readonly alias: Int32Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const live = entries.filter(([, weight]) => weight > 0);
    if (live.length === 0) throw new RangeError('a weighted picker needs at least one positive weight');
    const total = live.reduce((sum, [, weight]) => sum + weight, 0);
    const n = live.length;
    this.items = live.map(([item]) => item);
    this.keep = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = live.map(([, weight]) => (weight * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((value, index) => {
      (value < 1 ? small : large).push(index);
    });
    while (small.length > 0 && large.length > 0) {
      const less = small.pop() as number;
      const more = large.pop() as number;
      this.keep[less] = scaled[less] as number;
      this.alias[less] = more;
      const rest = (scaled[more] as number) + (scaled[less] as number) - 1;
      scaled[more] = rest;
      (rest < 1 ? small : large).push(more);
    }
    // What is left is 1 up to rounding: those slots always keep their own item.
    for (const index of [...small, ...large]) {
      this.keep[index] = 1;
      this.alias[index] = index;
    }
  }

  /** `u` uniform in [0, 1): its integer part (scaled) picks a slot, its fraction the side. */
  pick(u: number): T {
    const scaled = u * this.items.length;
    const slot = scaled | 0;
    const index = scaled - slot < (this.keep[slot] as number) ? slot : (this.alias[slot] as number);
    return this.items[index] as T;
  }

  /** Every item that can come out, for checks and tests. */
  values(): readonly T[] {
    return this.items;
  }
}
