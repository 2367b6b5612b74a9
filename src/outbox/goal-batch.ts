import { goalRevenue } from '../stats/goal-revenue.js';
import { roundCount, STRICT_ROUNDING } from '../stats/strict-rounding.js';
import type { Goal, GoalConversionRow } from '../store/goal-store.js';
import type { PrivacyMode } from '../store/store.js';
import type { GoalActivity, GoalBatchData } from './webhook-payloads.js';

/**
 * One window's goal conversions as a goal.converted payload: per goal, its conversions and
 * converters, revenue per currency, and how they came (channel, medium, source, confidence of the
 * visit credited). The store sums them: no event, visitor hash, address or user agent is read. A
 * strict-mode site sends aggregates only, as its reports show them: per goal and channel, counts
 * rounded to 10, no `bySource`; a goal whose conversions round to zero is left out, its revenue
 * with it (there is nothing left to say it of). Revenue is exact, to the currency's minor unit,
 * as the stats API gives it on a strict site (docs/privacy.md).
 */
export function goalBatch(
  byClassification: readonly GoalConversionRow[],
  byCurrency: readonly GoalConversionRow[],
  goals: readonly Goal[],
  window: { from: number; to: number },
  privacyMode: PrivacyMode,
): GoalBatchData | undefined {
  const strict = privacyMode === 'strict';
  const round = strict ? roundCount : (count: number) => count;
  const activity: GoalActivity[] = [];
  for (const goal of goals) {
    const rows = byClassification.filter((row) => row.goalId === goal.id);
    const conversions = round(rows.reduce((total, row) => total + row.conversions, 0));
    if (conversions === 0) continue;
    const channels = new Map<string, number>();
    for (const row of rows)
      channels.set(row.channel ?? '', (channels.get(row.channel ?? '') ?? 0) + row.conversions);
    activity.push({
      id: goal.id,
      name: goal.name,
      kind: goal.kind,
      conversions,
      converters: round(rows.reduce((total, row) => total + row.converters, 0)),
      revenue: goalRevenue(byCurrency, goal.id),
      byChannel: [...channels]
        .map(([channel, count]) => ({ channel, conversions: round(count) }))
        .filter((entry) => entry.conversions > 0)
        .sort((a, b) => b.conversions - a.conversions || (a.channel < b.channel ? -1 : 1)),
      ...(strict
        ? {}
        : {
            bySource: rows
              .map((row) => ({
                channel: row.channel ?? '',
                medium: row.medium ?? '',
                source: row.source ?? '',
                confidence: row.confidence ?? '',
                conversions: row.conversions,
                converters: row.converters,
              }))
              .sort((a, b) => b.conversions - a.conversions || (a.source < b.source ? -1 : 1)),
          }),
    });
  }
  if (activity.length === 0) return undefined;
  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    privacyMode,
    goals: activity.sort((a, b) => b.conversions - a.conversions || (a.name < b.name ? -1 : 1)),
    ...(strict ? { roundedTo: STRICT_ROUNDING } : {}),
  };
}
