/**
 * bench/stats' funnel question (issue 14): three of the seeded site's page or event goals in
 * order — page goals first — counted by FunnelService as `GET /api/sites/:id/funnels/:item/result`
 * and `POST /api/stats/funnel` count them: visitors per step and channel, reached in order on the
 * same local day. A site with fewer than two such goals gets page goals for its three most viewed
 * pages first (createGoal counts them back from the raw events once; the reused database keeps
 * them), so the funnel has steps people really take.
 *
 * The funnel is saved once as "Bench funnel" (its rollup backfilled from the claims, timed; the
 * reused database keeps it) and timed both ways: saved, as the result route reads it (its
 * rollup, migration 18), and live from the claims, as `POST /api/stats/funnel` counts steps
 * given directly.
 */

import { FunnelService } from '../src/funnels/funnel-service.js';
import { GoalService } from '../src/goals/goal-service.js';
import type { DateRangeInput } from '../src/stats/query-model.js';
import type { StatsService } from '../src/stats/stats-service.js';
import type { Site, Store } from '../src/store/store.js';

/** Page and event goals of the site, page goals first. */
async function stepGoals(store: Store, site: Site): Promise<string[]> {
  const goals = (await store.goals.listGoals(site.id)).filter((goal) => goal.kind !== 'share');
  return [...goals.filter((goal) => goal.kind === 'page'), ...goals.filter((goal) => goal.kind === 'event')]
    .slice(0, 3)
    .map((goal) => goal.id);
}

const SAVED_NAME = 'Bench funnel';

/** The funnel questions for `site`: the saved funnel's result, and the same steps counted live. */
export async function funnelQuestion(
  store: Store,
  stats: StatsService,
  site: Site,
): Promise<{
  saved: (range: DateRangeInput) => Promise<unknown>;
  live: (range: DateRangeInput) => Promise<unknown>;
}> {
  if ((await stepGoals(store, site)).length < 2) {
    const top = await stats.query({
      site: site.id,
      metrics: ['pageviews'],
      dimensions: ['page'],
      date_range: '12mo',
      limit: 3,
    });
    const goals = new GoalService(store.goals);
    const started = Date.now();
    for (const [index, row] of top.results.entries()) {
      const path = String(row.dimensions[0]);
      await goals.create(site.id, { name: `Bench page ${index + 1}`, kind: 'page', pathPattern: path });
    }
    console.log(`made ${top.results.length} page goals, counted back in ${Date.now() - started} ms`);
  }
  const steps = await stepGoals(store, site);
  const funnels = new FunnelService({ store, range: (of, input) => stats.range(of, input) });
  let saved = (await store.funnels.listFunnels(site.id)).find((funnel) => funnel.name === SAVED_NAME);
  if (saved === undefined || saved.steps.join() !== steps.join()) {
    const started = Date.now();
    saved = saved
      ? await store.funnels.updateFunnel(site.id, saved.id, { steps })
      : await funnels.create(site, { name: SAVED_NAME, steps });
    console.log(`saved "${SAVED_NAME}", its rollup backfilled in ${Date.now() - started} ms`);
  }
  const funnel = saved as NonNullable<typeof saved>;
  const first = await funnels.result(site, { funnel }, '30d');
  console.log(`funnel: ${first.steps.map((step) => `${step.name} ${step.visitors}`).join(' → ')} (30 days)`);
  return {
    saved: (range) => funnels.result(site, { funnel }, range),
    live: (range) => funnels.result(site, { steps }, range),
  };
}
