/**
 * The SQL of goal-store.ts, shared by both engines (docs/architecture.md "Goals and conversions").
 * Only three things differ and come from a GoalDialect: how a page goal's pattern is matched
 * against a path's part before the query (GLOB on SQLite, LIKE on PostgreSQL, both
 * case-sensitive), how a property is read from the
 * props JSON text, and the placeholders.
 *
 * Matching: an event converts on every goal of its site it matches — a page goal on a page view
 * whose path (its query left out) matches the pattern, an event goal on a custom event of that name (and property
 * value, compared as text), a share goal on a `share` and/or `copy` event.
 *
 * Attribution (docs/stats.md "Goals and conversions"): the visitor's first page view of the
 * local day, if its id is not after the conversion's (`visitor_days.first_id <= e.id`: a visit
 * that started later cannot have brought the conversion), else the event's own channel, medium,
 * source and confidence with the landing path ''. The rule depends on event ids only, so where
 * the fold happens to cut a batch changes nothing.
 */
import type {
  FunnelQuery,
  FunnelStepRow,
  Goal,
  GoalConversionQuery,
  GoalConversionRow,
  GoalGroupKey,
  GoalKind,
  NewGoal,
  ShareGoalWay,
} from './goal-store.js';

export interface GoalDialect {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * A case-sensitive match of the path part of `path` (before any `?`) against the stored engine
   * pattern `pattern` (goals.path_match). A stored path keeps the query the site keeps
   * (`/pricing?utm_medium=email&utm_source=news` outside strict mode, the site's queryParams),
   * and a visit that came with campaign parameters is still a visit of `/pricing`. The path part
   * holds no other `?`: a URL's path encodes it (`%3F`), and a goal's pattern has none
   * (goal-rules.ts).
   */
  pathMatch(path: string, pattern: string): string;
  /**
   * The text of the top-level property `key` of the JSON text `props` (strings unquoted, numbers
   * and booleans as their JSON text), NULL when absent or null.
   */
  propText(props: string, key: string): string;
}

export const SQLITE_GOAL_DIALECT: GoalDialect = {
  engine: 'sqlite',
  // instr(p || '?', '?') is one past the path part, query or not.
  pathMatch: (path, pattern) => `substr(${path}, 1, instr(${path} || '?', '?') - 1) GLOB ${pattern}`,
  // json_each reads any key (json_extract's path syntax would need the key quoted); invalid JSON
  // reads as no property rather than failing the fold. Numbers come back as SQL numbers, cast to
  // their text (a real prints with up to 15 significant digits: '9.99').
  propText: (props, key) => `(SELECT CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
      WHEN 'null' THEN NULL ELSE CAST(j.value AS TEXT) END
    FROM json_each(CASE WHEN json_valid(${props}) THEN ${props} ELSE '{}' END) AS j WHERE j.key = ${key} LIMIT 1)`,
};

export const POSTGRES_GOAL_DIALECT: GoalDialect = {
  engine: 'postgres',
  // LIKE is case-sensitive, like GLOB; the pattern escapes % _ and \ (pathMatchPattern).
  pathMatch: (path, pattern) => `split_part(${path}, '?', 1) LIKE ${pattern}`,
  // json (not jsonb) ->> keeps a number's text as sent: '9.990' stays '9.990'.
  propText: (props, key) => `(${props}::json ->> ${key})`,
};

/**
 * A page goal's pattern (`*` = any run of characters, everything else literal) in the engine's
 * syntax: GLOB's own metacharacters `?` and `[` go inside brackets; LIKE's `%`, `_` and `\` are
 * escaped with `\`, its default escape character.
 */
export function pathMatchPattern(pattern: string, engine: GoalDialect['engine']): string {
  if (engine === 'sqlite') return pattern.replace(/[[?]/g, (c) => `[${c}]`);
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%');
}

export const GOAL_COLUMNS =
  'id, site_id, name, kind, path_pattern, event_name, prop_key, prop_value, share_way, created_at';

export const INSERT_GOAL = `INSERT INTO goals (${GOAL_COLUMNS}, path_match) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const GET_GOAL = `SELECT ${GOAL_COLUMNS} FROM goals WHERE site_id = ? AND id = ?`;
export const LIST_GOALS = `SELECT ${GOAL_COLUMNS} FROM goals WHERE site_id = ? ORDER BY created_at, id`;
export const RENAME_GOAL = 'UPDATE goals SET name = ? WHERE site_id = ? AND id = ?';
export const DELETE_GOAL = 'DELETE FROM goals WHERE site_id = ? AND id = ?';
/** A deleted goal's rows, and a deleted site's (`goal_id` left out). */
export const GOAL_ROW_TABLES = ['rollup_goals', 'rollup_goals_monthly', 'goal_visitor_days'] as const;
export const ANY_GOALS = 'SELECT EXISTS (SELECT 1 FROM goals) AS any';

export interface GoalRow {
  id: string;
  site_id: string;
  name: string;
  kind: GoalKind;
  path_pattern: string | null;
  event_name: string | null;
  prop_key: string | null;
  prop_value: string | null;
  share_way: ShareGoalWay | null;
  created_at: string;
}

export function goalFromRow(row: GoalRow): Goal {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    kind: row.kind,
    pathPattern: row.path_pattern,
    eventName: row.event_name,
    propKey: row.prop_key,
    propValue: row.prop_value,
    shareWay: row.share_way,
    createdAt: row.created_at,
  };
}

export function goalParams(goal: Goal, engine: GoalDialect['engine']): unknown[] {
  return [
    goal.id,
    goal.siteId,
    goal.name,
    goal.kind,
    goal.pathPattern,
    goal.eventName,
    goal.propKey,
    goal.propValue,
    goal.shareWay,
    goal.createdAt,
    goal.kind === 'page' && goal.pathPattern !== null ? pathMatchPattern(goal.pathPattern, engine) : null,
  ];
}

/** Only what a goal of its kind uses is kept: a page goal has no event name, and so on. */
export function goalRecord(goal: NewGoal, createdAt: string): Goal {
  return {
    id: goal.id,
    siteId: goal.siteId,
    name: goal.name,
    kind: goal.kind,
    pathPattern: goal.kind === 'page' ? goal.pathPattern : null,
    eventName: goal.kind === 'event' ? goal.eventName : null,
    propKey: goal.kind === 'event' ? goal.propKey : null,
    propValue: goal.kind === 'event' && goal.propKey !== null ? goal.propValue : null,
    shareWay: goal.kind === 'share' ? (goal.shareWay ?? 'any') : null,
    createdAt,
  };
}

const DAY = 'substr(e.local_hour, 1, 10)';
export const ATTRIBUTION = ['channel', 'medium', 'source', 'confidence', 'landing_path'] as const;

function matchCondition(d: GoalDialect): string {
  return `((g.kind = 'page' AND e.type = 'pageview' AND ${d.pathMatch('e.path', 'g.path_match')})
    OR (g.kind = 'event' AND e.type = 'event' AND e.name = g.event_name
      AND (g.prop_key IS NULL OR ${d.propText('e.props', 'g.prop_key')} = g.prop_value))
    OR (g.kind = 'share' AND ((e.type = 'share' AND coalesce(g.share_way, 'any') <> 'copy')
      OR (e.type = 'copy' AND coalesce(g.share_way, 'any') <> 'share'))))`;
}

/**
 * Each (event, goal) conversion of the events matching `where` (a condition on `e`), with its
 * local day and month, visitor hash ('' without one), attribution, revenue (0 without) and
 * currency ('' without). `goals`: an extra condition on `g` (one goal, for a backfill).
 * `tail`: the events are the unfolded tail, whose first page view of each visitor's day (read,
 * not claimed) is credited when no visitor row is: window columns over the tail (`t_*`), not a
 * join to a derived table — planners know nothing of a derived table's size, and PostgreSQL
 * once chose a nested loop over two of them (quadratic in the tail).
 *
 * CROSS JOIN keeps SQLite's planner on the events first (https://sqlite.org/optoverview.html#crossjoin):
 * with an inner join it may walk the few goals and read each one's site through
 * (site_id, occurred_at) — the site's whole history — instead of the step's id range.
 * PostgreSQL plans a CROSS JOIN with its WHERE as any inner join.
 */
export function goalMatchesSql(d: GoalDialect, where: string, goals = '1 = 1', tail = false): string {
  const credited = (column: (typeof ATTRIBUTION)[number]) => {
    const own = column === 'landing_path' ? "''" : `e.${column}`;
    const fromTail = tail ? ` WHEN e.t_first_id <= e.id THEN e.t_${column}` : '';
    return `CASE WHEN v.first_id IS NOT NULL THEN v.${column}${fromTail} ELSE ${own} END AS ${column}`;
  };
  const events = tail ? `(${tailEventsSql(where)})` : 'events';
  return `SELECT e.id, e.site_id, g.id AS goal_id, ${DAY} AS day, substr(e.local_hour, 1, 7) AS month,
      coalesce(e.visitor_hash, '') AS visitor_hash, ${ATTRIBUTION.map(credited).join(', ')},
      coalesce(e.revenue, 0) AS revenue, coalesce(e.currency, '') AS currency
    FROM ${events} AS e CROSS JOIN goals AS g
    LEFT JOIN visitor_days AS v ON v.site_id = e.site_id AND v.day = ${DAY}
      AND v.visitor_hash = e.visitor_hash AND v.first_id <= e.id
    WHERE ${tail ? '1 = 1' : where} AND e.type IN ('pageview', 'event', 'share', 'copy')
      AND g.site_id = e.site_id AND ${goals} AND ${matchCondition(d)}`;
}

/**
 * The events of `where` with, per visitor and day, their first page view's id (`t_first_id`,
 * null without one or without a hash) and its attribution (`t_channel` …): first_value over
 * the page views first, by id.
 */
function tailEventsSql(where: string): string {
  const claiming = "e.type = 'pageview' AND e.visitor_hash <> ''";
  const visitorDay = `PARTITION BY ${DAY}, e.visitor_hash`;
  const pageViewsFirst = `(${visitorDay} ORDER BY CASE WHEN ${claiming} THEN 0 ELSE 1 END, e.id)`;
  const value = (column: string, as: string) => `first_value(${column}) OVER ${pageViewsFirst} AS t_${as}`;
  return `SELECT e.*, min(CASE WHEN ${claiming} THEN e.id END) OVER (${visitorDay}) AS t_first_id,
      ${value('e.channel', 'channel')}, ${value('e.medium', 'medium')}, ${value('e.source', 'source')},
      ${value('e.confidence', 'confidence')}, ${value("coalesce(e.path, '')", 'landing_path')}
    FROM events AS e WHERE ${where}`;
}

/** The columns of goalMatchesSql plus `nc` (1 on a new converter's first conversion), for SQLite's scratch table. */
export const GOAL_MATCH_COLUMNS = [
  'id',
  'site_id',
  'goal_id',
  'day',
  'month',
  'visitor_hash',
  ...ATTRIBUTION,
  'revenue',
  'currency',
  'nc',
] as const;

const CLAIM_COLUMNS = `site_id, goal_id, day, visitor_hash, first_id, ${ATTRIBUTION.join(', ')}`;

/** The goal claims of the rows of `source` flagged `nc = 1`. */
export function goalClaimSql(source: string): string {
  return `INSERT INTO goal_visitor_days (${CLAIM_COLUMNS})
    SELECT site_id, goal_id, day, visitor_hash, id, ${ATTRIBUTION.join(', ')} FROM ${source} WHERE nc = 1
    ON CONFLICT DO NOTHING`;
}

/** SQLite: flags each (goal, visitor, day)'s first conversion in `table` whose visitor has no claim yet. */
export function markNewConvertersSql(table: string): string {
  return `UPDATE ${table} SET nc = 1 FROM (
      SELECT goal_id, min(id) AS id FROM ${table} AS f WHERE visitor_hash <> ''
      GROUP BY site_id, goal_id, day, visitor_hash
      HAVING NOT EXISTS (SELECT 1 FROM goal_visitor_days AS c WHERE c.site_id = f.site_id
        AND c.goal_id = f.goal_id AND c.day = f.day AND c.visitor_hash = f.visitor_hash)) AS n
    WHERE ${table}.goal_id = n.goal_id AND ${table}.id = n.id`;
}

const ROLLUP_KEYS = 'goal_id, channel, medium, source, confidence, currency';

/** Adds the conversions of `source` (goal matches with `nc`) into the daily or monthly goal rollup. */
export function goalRollupUpsertSql(source: string, time: 'day' | 'month'): string {
  const table = time === 'day' ? 'rollup_goals' : 'rollup_goals_monthly';
  return `INSERT INTO ${table} AS t (site_id, ${time}, ${ROLLUP_KEYS}, conversions, converters, revenue)
    SELECT site_id, ${time}, ${ROLLUP_KEYS}, count(*), sum(nc), sum(revenue) FROM ${source} AS f WHERE 1 = 1
    GROUP BY site_id, ${time}, ${ROLLUP_KEYS}
    ON CONFLICT (site_id, ${time}, ${ROLLUP_KEYS}) DO UPDATE SET conversions = t.conversions + excluded.conversions,
      converters = t.converters + excluded.converters, revenue = t.revenue + excluded.revenue`;
}

/**
 * PostgreSQL: the goal part of a fold step in one statement, after the step's visitor claims
 * (postgres-fold.ts runs it next in the same transaction, so it sees them). $1, $2: the step's
 * id range; `where`/`goals` as goalMatchesSql (a backfill passes its own).
 */
export function postgresGoalFoldSql(
  where: string,
  goals = '1 = 1',
  result = 'SELECT count(*) AS matched FROM m',
): string {
  // No join between the CTEs: their row counts are unknown to the planner (a fresh table, or
  // just a step), and a nested loop over two of them was quadratic (92 s for 13,000 matches).
  // The new converters are flagged in one pass instead: first of their (goal, visitor, day) in
  // the matches, and no claim in the snapshot — folds take turns under the advisory lock, so no
  // other claim can come in between.
  const first = 'min(m.id) OVER (PARTITION BY m.site_id, m.goal_id, m.day, m.visitor_hash)';
  const parts = [
    `m AS MATERIALIZED (${goalMatchesSql(POSTGRES_GOAL_DIALECT, where, goals)})`,
    `f AS MATERIALIZED (SELECT m.*, CASE WHEN m.visitor_hash <> '' AND m.id = ${first}
      AND NOT EXISTS (SELECT 1 FROM goal_visitor_days AS c WHERE c.site_id = m.site_id AND c.goal_id = m.goal_id
        AND c.day = m.day AND c.visitor_hash = m.visitor_hash) THEN 1 ELSE 0 END AS nc FROM m)`,
    `c AS (INSERT INTO goal_visitor_days (${CLAIM_COLUMNS})
      SELECT site_id, goal_id, day, visitor_hash, id, ${ATTRIBUTION.join(', ')} FROM f WHERE nc = 1
      ORDER BY site_id, goal_id, day, visitor_hash
      ON CONFLICT DO NOTHING)`,
    `d AS (${goalRollupUpsertSql('f', 'day')})`,
    `mo AS (${goalRollupUpsertSql('f', 'month')})`,
  ];
  // `result` reads m or f: the fold asks for the (site, day)s of the new claims instead, which
  // its saved funnels recompute (postgres-funnel-rollup.ts).
  return `WITH ${parts.join(',\n')} ${result}`;
}

/**
 * The unfolded tail's conversions as rows shaped like the rollup's (one per conversion): `tail`
 * selects the site's events past the watermark. Attribution takes the visitor row, else the
 * tail's own first page view of the visitor's day (not yet claimed), else the event's own. A
 * conversion is a new converter when it is the first of its (goal, visitor, day) in the tail and
 * no claim holds them yet.
 */
export function goalTailSql(d: GoalDialect, tail: () => string): string {
  const first = `min(CASE WHEN m.visitor_hash <> '' THEN m.id END) OVER (PARTITION BY m.goal_id, m.day, m.visitor_hash)`;
  return `(SELECT m.*, CASE WHEN m.visitor_hash <> '' AND m.id = ${first}
      AND NOT EXISTS (SELECT 1 FROM goal_visitor_days AS c WHERE c.site_id = m.site_id AND c.goal_id = m.goal_id
        AND c.day = m.day AND c.visitor_hash = m.visitor_hash) THEN 1 ELSE 0 END AS nc
    FROM (${goalMatchesSql(d, tail(), '1 = 1', true)}) AS m)`;
}

function lastDayOfMonth(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function nextDay(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
}

/** A range's reads: whole calendar months from the monthly twin, the days at either end from the daily table. */
export function goalRangeSegments(
  fromDay: string,
  toDay: string,
  byDay: boolean,
): { table: 'rollup_goals' | 'rollup_goals_monthly'; from: string; to: string }[] {
  const daily = (from: string, to: string) => ({ table: 'rollup_goals' as const, from, to });
  if (byDay || fromDay > toDay) return [daily(fromDay, toDay)];
  const firstFull = fromDay.endsWith('-01') ? fromDay : nextDay(lastDayOfMonth(fromDay), 1);
  const lastFull = toDay === lastDayOfMonth(toDay) ? toDay : nextDay(`${toDay.slice(0, 7)}-01`, -1);
  if (firstFull > lastFull) return [daily(fromDay, toDay)];
  const segments = [];
  if (fromDay < firstFull) segments.push(daily(fromDay, nextDay(firstFull, -1)));
  segments.push({
    table: 'rollup_goals_monthly' as const,
    from: firstFull.slice(0, 7),
    to: lastFull.slice(0, 7),
  });
  if (lastFull < toDay) segments.push(daily(nextDay(lastFull, 1), toDay));
  return segments;
}

/**
 * A builder of one goal read over the folded rows and the unfolded tail (goalConversionsSql,
 * goalWindowSql): each engine supplies its dialect, placeholders and tail condition
 * (readSqliteGoals, readPostgresGoals).
 */
export type GoalReadSql<Q> = (
  d: GoalDialect,
  query: Q,
  bind: (value: unknown) => string,
  tail: () => string,
) => string;

/**
 * The conditions on `alias` (a row with goal_id and channel) that keep only the query's goals
 * and channels, values bound in that order; none when both are null (any). An empty list keeps
 * nothing. Shared by the day reads here and the window reads (goal-window-sql.ts).
 */
export function goalChoiceConditions(
  alias: string,
  query: { goalIds: readonly string[] | null; channels?: readonly string[] | null },
  bind: (value: unknown) => string,
): string[] {
  const conditions: string[] = [];
  if (query.goalIds !== null) {
    conditions.push(
      query.goalIds.length === 0 ? '1 = 0' : `${alias}.goal_id IN (${query.goalIds.map(bind).join(', ')})`,
    );
  }
  if (query.channels != null) {
    conditions.push(
      query.channels.length === 0 ? '1 = 0' : `${alias}.channel IN (${query.channels.map(bind).join(', ')})`,
    );
  }
  return conditions;
}

/**
 * One statement reading a site's conversions: each segment's folded rows and the unfolded tail,
 * each branch grouped by `by` (and goal), under UNION ALL: one snapshot, so a fold committing
 * meanwhile is seen by both or neither. `tail` is the dialect's tail condition (placeholders
 * included, bound through `bind`); groups found in several branches are added up by goalResultRows.
 */
export function goalConversionsSql(
  d: GoalDialect,
  query: GoalConversionQuery,
  bind: (value: unknown) => string,
  tail: () => string,
): string {
  const keys = ['goal_id', ...query.by];
  // A daily row's month is its day's; the monthly rows and the tail's rows have `month`.
  const column = (key: string, daily: boolean) =>
    daily && key === 'month' ? 'substr(r.day, 1, 7)' : `r.${key}`;
  const filters = (time: string, from: string, to: string) => {
    const conditions = [
      `r.site_id = ${bind(query.siteId)}`,
      `r.${time} >= ${bind(from)}`,
      `r.${time} <= ${bind(to)}`,
    ];
    conditions.push(...goalChoiceConditions('r', query, bind));
    return conditions.join(' AND ');
  };
  const select = (daily: boolean, converters: string, conversions: string) =>
    `SELECT ${keys.map((key, index) => `${column(key, daily)} AS k${index}`).join(', ')},
      sum(${conversions}) AS conversions, sum(${converters}) AS converters, sum(r.revenue) AS revenue`;
  const groupBy = (daily: boolean) => `GROUP BY ${keys.map((key) => column(key, daily)).join(', ')}`;
  const branches = goalRangeSegments(query.fromDay, query.toDay, query.by.includes('day')).map((segment) => {
    const daily = segment.table === 'rollup_goals';
    return `${select(daily, 'r.converters', 'r.conversions')} FROM ${segment.table} AS r
      WHERE ${filters(daily ? 'day' : 'month', segment.from, segment.to)} ${groupBy(daily)}`;
  });
  const rows = goalTailSql(d, tail);
  branches.push(
    `${select(false, 'r.nc', '1')} FROM ${rows} AS r WHERE ${filters('day', query.fromDay, query.toDay)} ${groupBy(false)}`,
  );
  return branches.join(' UNION ALL ');
}

/** Rows as the drivers return them (PostgreSQL bigints as text), one per group. */
export function goalResultRows(
  rows: readonly Record<string, unknown>[],
  by: readonly GoalGroupKey[],
): GoalConversionRow[] {
  const merged = new Map<string, GoalConversionRow>();
  for (const row of rows) {
    const groups = [row.k0, ...by.map((_, index) => row[`k${index + 1}`])].map((value) =>
      String(value ?? ''),
    );
    const key = JSON.stringify(groups);
    const conversions = Number(row.conversions ?? 0);
    const converters = Number(row.converters ?? 0);
    const revenue = Number(row.revenue ?? 0);
    const earlier = merged.get(key);
    if (earlier !== undefined) {
      earlier.conversions += conversions;
      earlier.converters += converters;
      earlier.revenue += revenue;
      continue;
    }
    const out: GoalConversionRow = { goalId: groups[0] as string, conversions, converters, revenue };
    for (const [index, name] of by.entries()) out[name] = groups[index + 1] as string;
    merged.set(key, out);
  }
  return [...merged.values()].filter((row) => row.conversions > 0);
}

/**
 * Visitors per funnel step and channel, from the goal claims (folded conversions only: a funnel
 * lags the events by at most one fold interval, about a second). Step k counts the visitors of
 * step 0's day who reached steps 0…k in that order: each step's first conversion of the day after
 * the previous step's (`first_id` strictly increasing). A visitor is counted under the channel
 * their step-0 conversion was credited to (and its source), on every step, so drop-offs compare
 * like with like.
 */
export function funnelSql(query: FunnelQuery, bind: (value: unknown) => string, perDay = false): string {
  // One branch per step, driven by that step's own claims (later steps are usually the rarer),
  // each joined back to the steps before it by primary key (funnelChainSql). Parameters are bound
  // in the order they appear in the text (SQLite's `?` is positional). `perDay` (the saved
  // funnels' rollup, funnel-rollup-sql.ts) adds the day to the groups: the same counts, split by
  // day.
  return query.steps
    .map((_, k) => {
      const from = funnelChainSql(query.steps, k, bind);
      const day = perDay ? `s${k}.day, ` : '';
      return `SELECT ${k} AS step, ${perDay ? `s${k}.day AS day, ` : ''}s0.channel AS channel, s0.source AS source, count(*) AS visitors
        FROM ${from}
        WHERE s${k}.site_id = ${bind(query.siteId)} AND s${k}.goal_id = ${bind(query.steps[k])}
          AND s${k}.day >= ${bind(query.fromDay)} AND s${k}.day <= ${bind(query.toDay)}
        GROUP BY ${day}s0.channel, s0.source`;
    })
    .join(' UNION ALL ');
}

/**
 * The claims of a visitor who reached step k in order, for a FROM clause: `s<k>` (the step's
 * claim, which the caller's WHERE picks) joined back to steps k-1 … 0 of the same site, day and
 * visitor by primary key, each `first_id` strictly before the next. Binds the steps' goal ids.
 */
export function funnelChainSql(
  steps: readonly string[],
  k: number,
  bind: (value: unknown) => string,
): string {
  const joins = Array.from({ length: k }, (_, index) => {
    const j = k - 1 - index;
    return `JOIN goal_visitor_days AS s${j} ON s${j}.site_id = s${k}.site_id AND s${j}.goal_id = ${bind(steps[j])}
          AND s${j}.day = s${k}.day AND s${j}.visitor_hash = s${k}.visitor_hash AND s${j}.first_id < s${j + 1}.first_id`;
  });
  return `goal_visitor_days AS s${k} ${joins.join(' ')}`;
}

/** Funnel rows as FunnelStepRow, steps in order, the most visitors first. */
export function funnelRows(rows: readonly Record<string, unknown>[]): FunnelStepRow[] {
  const out = rows
    .map((row) => ({
      step: Number(row.step),
      channel: String(row.channel),
      source: String(row.source),
      visitors: Number(row.visitors),
    }))
    .filter((row) => row.visitors > 0);
  const name = (row: FunnelStepRow) => `${row.channel} ${row.source ?? ''}`;
  return out.sort((a, b) => a.step - b.step || b.visitors - a.visitors || (name(a) < name(b) ? -1 : 1));
}
