/**
 * bench/browser-fold (issue 14): what the browser rollup adds to a fold. Folds alternately a step
 * of page views without a browser family (every page view under '', as before migration 17: the
 * geo-and-browser grouping has as many groups as the country grouping had alone) and a step with
 * the eight families spread over them, each on a fresh SQLite file, and prints µs per event of each.
 *
 *   node --import tsx bench/browser-fold.ts [--step 50000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { BROWSER_FAMILIES } from '../src/privacy/browser-family.js';
import { foldPending } from '../src/store/rollups/rollup-folder.js';
import type { NewEvent } from '../src/store/store.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { withBenchStore } from './bench-store.js';
import { picker } from './bench-utils.js';

const { values } = parseArgs({
  options: { step: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '3' } },
});
const STEP = Number(values.step);
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const random = seededRandom(17);
const pick = picker(random);
const ARRIVALS = [
  ['dark-social', 'messaging', 'whatsapp', 'in-app-browser', 'certain'],
  ['search', 'organic', 'google', 'referrer', 'certain'],
  ['direct', 'none', 'direct', 'none', 'certain'],
  ['internal', 'internal', 'direct', 'referrer', 'certain'],
] as const;

function event(siteId: string, index: number, withBrowser: boolean): NewEvent {
  const [channel, medium, source, evidence, confidence] = pick(ARRIVALS);
  return {
    siteId,
    linkId: null,
    type: random() < 0.85 ? 'pageview' : 'event',
    kind: 'human',
    channel,
    medium,
    source,
    evidence,
    confidence,
    occurredAt: START + Math.floor(random() * 30 * DAY_MS),
    path: `/article/${Math.floor(random() * 2_000)}`,
    visitorHash: `v${index % 40_000}`,
    country: pick(['FR', 'DE', 'US', 'GB', 'BE', 'CH', 'CA', 'ES']),
    device: pick(['mobile', 'desktop', 'tablet']),
    browser: withBrowser ? pick(BROWSER_FAMILIES) : null,
  };
}

/** A fresh store per step, so that both kinds fold into tables of the same size. */
async function foldOnce(withBrowser: boolean): Promise<number> {
  return withBenchStore({ name: 'browsers' }, async (store, siteId) => {
    const batch: NewEvent[] = [];
    for (let index = 0; index < STEP; index++) batch.push(event(siteId, index, withBrowser));
    for (let from = 0; from < batch.length; from += 5_000)
      await store.insertEvents(batch.slice(from, from + 5_000));
    const started = performance.now();
    await foldPending(store);
    return ((performance.now() - started) * 1000) / STEP;
  });
}

const spent: Record<string, number[]> = { without: [], with: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  for (const withBrowser of [false, true]) {
    const perEvent = await foldOnce(withBrowser);
    spent[withBrowser ? 'with' : 'without']?.push(perEvent);
    console.log(
      `fold ${STEP} events ${withBrowser ? 'with 8 families' : 'without a family'}: ${perEvent.toFixed(2)} µs per event`,
    );
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
console.log(
  `median: without ${median(spent.without ?? []).toFixed(2)} µs, with ${median(spent.with ?? []).toFixed(2)} µs per event`,
);
