import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import { darkSocialReport } from '../../../src/stats/dark-social-report.js';
import { addDays } from '../../../src/stats/date-range.js';
import type { DayRange, Dimension, Metric, StatsQuery } from '../../../src/stats/query-model.js';
import { rangeSegments } from '../../../src/stats/range-segments.js';
import { planRollup, StatsPlanError } from '../../../src/stats/rollup-planner.js';
import { runStatsQuery } from '../../../src/stats/stats-engine.js';
import type { Link } from '../../../src/store/store.js';
import { type ContractStore, newLink, newSite, type StoreRef } from './fixtures.js';
import { generate, randomQuery } from './rollup-contract.js';

/*
 * Edge months read by subtraction (issue 12, src/stats/range-segments.ts): a month less the days
 * outside the range must answer exactly as the days inside it added up, on every store, in a
 * site's local days (zones far from UTC, a DST change), with the tail unfolded, partly folded
 * and folded, and with events stamped after "today" in today's month.
 */

/** Ranges with an edge on either side of 1 March and 1 April 2026 (local days), long and short. */
function edgeRanges(): DayRange[] {
  const starts = ['2026-02-21', '2026-03-04', '2026-03-09'];
  const ends = ['2026-03-29', '2026-04-10', '2026-04-20'];
  const ranges: DayRange[] = [];
  for (const from of starts) for (const to of ends) if (from <= to) ranges.push({ from, to });
  // Within one month: both ends inside it.
  ranges.push({ from: '2026-03-03', to: '2026-03-28' }, { from: '2026-04-02', to: '2026-04-27' });
  return ranges;
}

/** The dashboard's month chart, and one question per table with a twin but the links' (the report reads them). */
const FIXED: [Metric[], Dimension[]][] = [
  [['visitors', 'pageviews', 'visits'], []],
  [['visitors', 'visits'], ['time:month']],
  [
    ['visitors', 'pageviews'],
    ['time:month', 'country'],
  ],
  [['visitors', 'visits', 'pageviews'], ['browser']],
  [['pageviews', 'amplification'], ['page']],
];

async function expectSameAnswers(
  store: ContractStore,
  siteId: string,
  random: () => number,
  today: string,
): Promise<number> {
  let subtracted = 0;
  for (const range of edgeRanges()) {
    const queries: StatsQuery[] = FIXED.map(([metrics, dimensions]) => ({
      siteId,
      metrics,
      dimensions,
      filters: [],
      range,
      comparison: null,
      orderBy: [],
      limit: 10_000,
      offset: 0,
      today,
    }));
    for (let round = 0; round < 2; round++) queries.push({ ...randomQuery(random, siteId), range, today });
    queries.push({
      ...(queries[3] as StatsQuery),
      roundTo: 10,
      comparison: { from: '2026-02-22', to: '2026-03-27' },
    });
    for (const query of queries) {
      let plan: ReturnType<typeof planRollup>;
      try {
        plan = planRollup(query.metrics, query.dimensions, query.filters);
      } catch (error) {
        if (error instanceof StatsPlanError) continue;
        throw error;
      }
      if (rangeSegments(plan, query.dimensions, range, today).some((segment) => segment.minus)) subtracted++;
      const added = await runStatsQuery(store, query, 'add');
      expect(await runStatsQuery(store, query), JSON.stringify(query)).toEqual(added);
    }
    expect(await darkSocialReport(store, siteId, range, today)).toEqual(
      await darkSocialReport(store, siteId, range, today, 'add'),
    );
  }
  return subtracted;
}

export function edgeMonthContract(store: StoreRef): void {
  describe('edge months read by subtraction', () => {
    for (const timezone of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      it(`answer as the edge days added up (${timezone}), whatever is folded`, async () => {
        const random = seededRandom(20261207);
        const site = await store().createSite(newSite({ timezone }));
        const kit = newLink(site.id);
        const variants = [kit, newLink(site.id, { parentId: kit.id, channel: 'whatsapp' })];
        await store().createLinks(variants);
        const events = generate(random, site.id, variants as Link[]);
        const half = Math.floor(events.length / 2);
        await store().insertEvents(events.slice(0, half));
        // Nothing folded: every branch is the tail.
        const today = addDays('2026-04-10', Math.floor(random() * 3));
        let subtracted = await expectSameAnswers(store(), site.id, random, today);
        // Part folded: the months' and days' folded rows, and a tail spread over the range.
        await store().foldRollups();
        await store().insertEvents(events.slice(half));
        await store().foldRollups(Math.floor(half / 2));
        subtracted += await expectSameAnswers(store(), site.id, random, today);
        while ((await store().foldRollups()) > 0);
        subtracted += await expectSameAnswers(store(), site.id, random, today);
        // Not a vacuous comparison: most of these ranges have an edge month read by subtraction.
        expect(subtracted).toBeGreaterThan(60);
      }, 180_000);
    }
  });
}
