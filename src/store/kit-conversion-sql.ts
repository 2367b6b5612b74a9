import type { KitArrival } from './goal-store.js';

/**
 * A kit's conversions, from the goal claims (folded only, like funnels): claims whose attribution
 * landed on the kit's page with the source and medium one of its variants' visits are classified
 * with (docs/stats.md "Goals and conversions"; kitConversionTarget derives them from the
 * redirect's campaign parameters: `whatsapp`/`messaging`, but `direct`/`copy-paste` for the
 * `copy` variant, or what a kit's own `utm_source` makes of it). The landing page is stored with the query the site keeps
 * (the campaign parameters outside strict mode: `/article?utm_medium=messaging&utm_source=whatsapp`),
 * so the kit's page matches its path alone or followed by a query. `conversions` counts (goal,
 * visitor, day) claims — each goal once per visitor and day — and `converters` the visitors of a
 * day who converted: on any goal without `byGoal`, on each goal with it (one person may meet two
 * goals, so the kit's converters are not the sum of its goals').
 */
export function kitConversionsSql(
  kit: { path: string; arrivals: readonly KitArrival[] },
  range: { siteId: string; fromDay: string; toDay: string },
  bind: (value: unknown) => string,
  byGoal: boolean,
): string {
  const withQuery = `${kit.path}?`;
  return `SELECT ${byGoal ? 'goal_id, ' : ''}count(*) AS conversions, count(DISTINCT day || ' ' || visitor_hash) AS converters
    FROM goal_visitor_days WHERE site_id = ${bind(range.siteId)} AND day >= ${bind(range.fromDay)} AND day <= ${bind(range.toDay)}
      AND (landing_path = ${bind(kit.path)} OR substr(landing_path, 1, ${withQuery.length}) = ${bind(withQuery)})
      AND (${kit.arrivals.map((a) => `(source = ${bind(a.source)} AND medium = ${bind(a.medium)})`).join(' OR ')})${byGoal ? '\n    GROUP BY goal_id' : ''}`;
}

/** Rows of `kitConversionsSql` by goal for one kit, as numbers (PostgreSQL counts come as strings). */
export function kitGoalConversionRows(
  linkId: string,
  rows: readonly Record<string, unknown>[],
): { linkId: string; goalId: string; conversions: number; converters: number }[] {
  return rows.map((row) => ({
    linkId,
    goalId: String(row.goal_id),
    conversions: Number(row.conversions),
    converters: Number(row.converters),
  }));
}
