/**
 * Goal conversions in a window of minutes (alert-store.ts, countGoalConversions): the
 * goal.converted batches and the goal-dark-social alert rules need minutes, which the goal
 * rollups (whole local days) cannot answer. Matching and attribution are goal-sql.ts's own, not a
 * copy: the window's folded events through goalMatchesSql (credited to their visitor row), its
 * unfolded ones through goalTailSql (credited to the tail's first page view of the visitor's day
 * when no row holds it yet). Both read the raw events by (site_id, occurred_at) or past the
 * watermark only. A converter is counted in the window of their first conversion of the goal that
 * local day, as the rollups count them, so windows add up to the day's converters.
 */
import type { GoalWindowQuery } from './alert-store.js';
import {
  GOAL_MATCH_COLUMNS,
  type GoalDialect,
  goalChoiceConditions,
  goalMatchesSql,
  goalTailSql,
} from './goal-sql.js';

/** Longer than any local day (25 h on a daylight-saving change), with room. */
const SAME_DAY_MS = 26 * 3_600_000;

const COLUMNS = GOAL_MATCH_COLUMNS.map((column) => `r.${column}`).join(', ');

/**
 * One statement: the folded and unfolded branches see the same watermark (SQLite's subquery, or
 * PostgreSQL's parameter and subquery, as `tail` renders them), so no event is in both or neither.
 * Rows come out as goalResultRows reads them: k0 the goal, k1… the `by` keys.
 */
export function goalWindowSql(
  d: GoalDialect,
  query: GoalWindowQuery,
  bind: (value: unknown) => string,
  tail: () => string,
): string {
  // Placeholders are bound in the order they appear in the text (SQLite's `?` is positional).
  const inWindow = (alias: string) =>
    `${alias}.occurred_at >= ${bind(query.from)} AND ${alias}.occurred_at < ${bind(query.to)}`;
  // A converter counts where their first conversion of the goal and day is, as in the rollups: a
  // folded one is the claim's first_id, an unfolded one is flagged by goalTailSql (`nc`).
  const folded = `SELECT ${COLUMNS} FROM (SELECT m.*, CASE WHEN EXISTS (SELECT 1 FROM goal_visitor_days AS g
      WHERE g.site_id = m.site_id AND g.goal_id = m.goal_id AND g.day = m.day
        AND g.visitor_hash = m.visitor_hash AND g.first_id = m.id) THEN 1 ELSE 0 END AS nc
    FROM (${goalMatchesSql(d, `e.site_id = ${bind(query.siteId)} AND ${inWindow('e')} AND NOT (${tail()})`)}) AS m) AS r`;
  // The tail's events of the window's local days only: a conversion is credited within its own
  // day, which began at most 25 h (a daylight-saving day) before it. A tail left long after an
  // outage is then scanned, not sorted whole by its window functions.
  const recentTail = () => `${tail()} AND e.occurred_at >= ${bind(query.from - SAME_DAY_MS)}`;
  const unfolded = `SELECT ${COLUMNS} FROM ${goalTailSql(d, recentTail)} AS r
    JOIN events AS w ON w.id = r.id WHERE ${inWindow('w')}`;
  const conditions = goalChoiceConditions('c', query, bind);
  const keys = ['goal_id', ...query.by];
  return `SELECT ${keys.map((key, index) => `c.${key} AS k${index}`).join(', ')}, count(*) AS conversions,
      sum(c.nc) AS converters,
      sum(c.revenue) AS revenue
    FROM (${folded} UNION ALL ${unfolded}) AS c
    WHERE ${conditions.length === 0 ? '1 = 1' : conditions.join(' AND ')}
    GROUP BY ${keys.map((key) => `c.${key}`).join(', ')}`;
}
