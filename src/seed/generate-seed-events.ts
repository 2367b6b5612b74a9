import type { NewEvent } from '../store/store.js';
import { DailyCurve } from './daily-curve.js';
import { planDays } from './day-plan.js';
import { newsForSeed } from './news-paths.js';
import { newsLanguageOf } from './news-vocabulary.js';
import { seededRandom } from './seeded-random.js';
import { type SeedKit, type SeedSite, TrafficGenerator } from './traffic-generator.js';
import { buildTrafficMix } from './traffic-mix.js';

export type { SeedKit, SeedSite } from './traffic-generator.js';

export interface SeedPlan {
  site: SeedSite;
  /** Share kits of the site (clicks, previews and bots go to their variants); may be empty. */
  kits: readonly SeedKit[];
  /** Exactly this many events come out. */
  events: number;
  /** Spread over this many days before `now`. */
  days: number;
  seed: number;
  /** The end of the range, ms since the epoch (part of the plan, so that a seed gives the same events). */
  now: number;
  /** Events per batch (5,000 by default). */
  batchSize?: number | undefined;
}

/**
 * Realistic demo traffic for one site, in batches ready for `store.insertEvents`: deterministic
 * for a given plan. Days come in order, oldest first, each with its share of the total (weekly
 * rhythm, trend, news days); within a day, episodes come at random times along the daily curve.
 */
export function* generateSeedEvents(plan: SeedPlan): Generator<NewEvent[], void, undefined> {
  const { events: total, now } = plan;
  const batchSize = plan.batchSize ?? 5_000;
  if (!Number.isInteger(total) || total < 0) throw new RangeError('events must be a whole number ≥ 0');
  if (!Number.isInteger(plan.days) || plan.days < 1) throw new RangeError('days must be a whole number ≥ 1');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be ≥ 1');
  const random = seededRandom(plan.seed);
  const curve = new DailyCurve();
  const days = planDays({ events: total, days: plan.days, now, timeZone: plan.site.timezone, curve, random });
  const mix = buildTrafficMix(plan.site);
  const traffic = new TrafficGenerator(
    plan.site,
    mix,
    random,
    now,
    newsForSeed(plan.seed, newsLanguageOf(plan.site)),
    plan.kits,
    seededRandom((plan.seed ^ 0x2c1b3c6d) >>> 0),
  );

  let pending: NewEvent[] = [];
  let yielded = 0;
  for (const [index, day] of days.entries()) {
    const target = index === days.length - 1 ? total : day.cumulativeEvents;
    const width = day.to - day.from;
    traffic.startDay(index);
    while (yielded + pending.length < target) {
      const time = Math.min(now, Math.floor(day.start + curve.at(day.from + random() * width)));
      traffic.episode(time, pending);
      // Only whole batches inside the total leave here; the overshoot of the last episode is cut below.
      while (pending.length >= batchSize && yielded + batchSize <= total) {
        const batch = pending;
        pending = batch.splice(batchSize);
        yielded += batch.length;
        yield batch;
      }
    }
  }
  if (pending.length > total - yielded) pending.length = total - yielded;
  if (pending.length > 0) yield pending;
}
