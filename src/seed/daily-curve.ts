const HOUR_MS = 3_600_000;

/**
 * A news site's day in local time: quiet at night, a morning peak (breakfast and commute), a
 * lunch bump, a dip in the afternoon and the highest peak in the evening on the sofa.
 */
export const NEWS_HOURS: readonly number[] = [
  1.6, 1.0, 0.7, 0.55, 0.6, 1.0, 2.4, 4.6, 5.8, 5.2, 4.5, 4.3, 4.8, 4.6, 4.0, 3.8, 3.9, 4.2, 4.8, 5.6, 6.0,
  5.4, 4.0, 2.6,
];

/**
 * Traffic over one day as 24 hourly weights, uniform within each hour. Sampling goes through the
 * cumulative share so that a part of a day (today up to now, the first day of the range from the
 * range's start) keeps the day's shape: draw `u` between `share(from)` and `share(to)`.
 */
export class DailyCurve {
  /** cumulative[h] = share of the day before hour h; cumulative[24] = 1. */
  private readonly cumulative: Float64Array;

  constructor(hourWeights: readonly number[] = NEWS_HOURS) {
    if (hourWeights.length !== 24) throw new RangeError('a daily curve has 24 hourly weights');
    const total = hourWeights.reduce((sum, weight) => sum + weight, 0);
    this.cumulative = new Float64Array(25);
    for (let hour = 0; hour < 24; hour++) {
      this.cumulative[hour + 1] = (this.cumulative[hour] as number) + (hourWeights[hour] as number) / total;
    }
    this.cumulative[24] = 1;
  }

  /** The share of the day's traffic before `ms` milliseconds into the day (0 … 86,400,000). */
  share(ms: number): number {
    if (ms <= 0) return 0;
    if (ms >= 24 * HOUR_MS) return 1;
    const hour = Math.floor(ms / HOUR_MS);
    const start = this.cumulative[hour] as number;
    const end = this.cumulative[hour + 1] as number;
    return start + ((end - start) * (ms - hour * HOUR_MS)) / HOUR_MS;
  }

  /** Milliseconds into the day at which `u` (0 … 1) of the day's traffic has come. */
  at(u: number): number {
    const cumulative = this.cumulative;
    let low = 0;
    let high = 24;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) <= u) low = middle;
      else high = middle;
    }
    const start = cumulative[low] as number;
    const width = (cumulative[low + 1] as number) - start;
    const within = width > 0 ? (u - start) / width : 0;
    return (low + Math.min(Math.max(within, 0), 1)) * HOUR_MS;
  }
}
