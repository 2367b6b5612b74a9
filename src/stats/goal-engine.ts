import type { Goal, GoalConversionRow, GoalGroupKey, GoalStore } from '../store/goal-store.js';
import { roundMoney } from './currency-digits.js';
import { checkGoalQuery, GOAL_DIMENSIONS } from './goal-query-check.js';
import { METRIC_DEFINITIONS } from './metric-definitions.js';
import {
  type DayRange,
  type Dimension,
  type Filter,
  GOAL_METRICS,
  type Metric,
  type StatsQuery,
  type StatsRow,
} from './query-model.js';
import { ratio } from './ratio.js';
import {
  checkTimeline,
  comparisonKeys,
  keepsRow,
  runStatsQuery,
  SEPARATOR,
  sortRows,
  timeDimensionOf,
} from './stats-engine.js';
import type { StatsStore } from './stats-store.js';
import { roundToStep } from './strict-rounding.js';
import { bucketOf, bucketsOf } from './time-buckets.js';

/** The rollups and the goal rollups (read through `goals.goalConversions`, never by SQL here). */
export type GoalStatsStore = StatsStore & {
  readonly goals: Pick<GoalStore, 'goalConversions' | 'listGoals'>;
};

/** The goal store's key for each dimension it keeps (`goal` is always there, as goalId). */
const GROUP_KEY: Partial<Record<Dimension, GoalGroupKey>> = {
  'time:day': 'day',
  'time:week': 'day',
  // Months from the monthly goal rollup where whole (the store reads the days at either end).
  'time:month': 'month',
  channel: 'channel',
  medium: 'medium',
  source: 'source',
  confidence: 'confidence',
  currency: 'currency',
};

/** Sums per row: conversions, converters, revenue, and the conversions that carried revenue. */
type GoalParts = [number, number, number, number];

interface Period {
  /** Row key → dimension values and summed goal parts. */
  goals: Map<string, { dimensions: string[]; parts: GoalParts }>;
  /** Traffic row key (the query's dimensions but goal and currency) → the traffic metrics' values. */
  traffic: Map<string, (number | null)[]>;
}

/**
 * The currency of a row's money: its `currency` dimension, or the one currency a filter keeps
 * (stats-query-schema.ts asks one or the other of any query with revenue).
 */
function currencyOf(query: StatsQuery): (dimensions: readonly string[]) => string {
  const index = query.dimensions.indexOf('currency');
  if (index >= 0) return (dimensions) => dimensions[index] ?? '';
  const filter = query.filters.find(([operator, dimension]) => operator === 'is' && dimension === 'currency');
  const only = filter?.[2].length === 1 ? (filter[2][0] ?? '') : '';
  return () => only;
}

function matches(value: string, [operator, , values]: Filter): boolean {
  if (operator === 'is') return values.includes(value);
  if (operator === 'is_not') return !values.includes(value);
  const lower = value.toLowerCase();
  return values.some((needle) => lower.includes(needle.toLowerCase()));
}

function dimensionValue(row: GoalConversionRow, dimension: Dimension, goalName: string): string {
  if (dimension === 'goal') return goalName;
  if (dimension === 'time:month' && row.month !== undefined) return `${row.month}-01`;
  if (dimension.startsWith('time:')) return row.day ?? '';
  return String(row[dimension as Exclude<GoalGroupKey, 'day'>] ?? '');
}

/**
 * Answers a query with goal metrics (issue 14, docs/goals.md): conversions from the goal
 * rollups, by the keys the goal store keeps; visitors (for conversion_rate) and any traffic
 * metric asked beside them from the traffic rollups, by the same dimensions and filters (goal
 * and currency filters narrow the goal metrics only). Strict mode rounds every count before
 * ratios are made of it, as runStatsQuery does.
 */
export async function runGoalQuery(
  store: GoalStatsStore,
  query: StatsQuery,
): Promise<{ rows: StatsRow[]; total: number }> {
  checkGoalQuery(query);
  checkTimeline(query.dimensions, query.range);
  const goals = await store.goals.listGoals(query.siteId);
  const traffic = trafficMetrics(query.metrics);
  const trafficDimensions = query.dimensions.filter((dimension) => !GOAL_DIMENSIONS.has(dimension));
  const trafficIndexes = query.dimensions.flatMap((dimension, index) =>
    GOAL_DIMENSIONS.has(dimension) ? [] : [index],
  );
  const trafficKey = (values: readonly string[]) =>
    trafficIndexes.map((index) => values[index] ?? '').join(SEPARATOR);
  const splitByGoal = query.dimensions.some((dimension) => GOAL_DIMENSIONS.has(dimension));

  const read = async (range: DayRange): Promise<Period> => {
    const [goalRows, trafficRows] = await Promise.all([
      readGoalGroups(store, query, goals, range),
      traffic.length === 0
        ? Promise.resolve([])
        : runStatsQuery(store, {
            ...query,
            metrics: traffic,
            dimensions: trafficDimensions,
            filters: query.filters.filter(([, dimension]) => !GOAL_DIMENSIONS.has(dimension)),
            range,
            comparison: null,
            orderBy: [],
            limit: Number.MAX_SAFE_INTEGER,
            offset: 0,
          }).then((answer) => answer.rows),
    ]);
    const period: Period = { goals: goalRows, traffic: new Map() };
    for (const row of trafficRows) period.traffic.set(row.dimensions.join(SEPARATOR), row.metrics);
    // Traffic asked beside goal metrics lists its own rows too ("search: 40 visitors, 0 conversions").
    if (!splitByGoal && query.metrics.some((metric) => !GOAL_METRICS.has(metric))) {
      for (const row of trafficRows) addGroup(period.goals, row.dimensions);
    }
    const time = timeDimensionOf(query.dimensions);
    if (time !== undefined && query.dimensions.length === 1) {
      for (const bucket of bucketsOf(time, range)) addGroup(period.goals, [bucket]);
    }
    return period;
  };

  const currency = currencyOf(query);
  const valuesOf = (period: Period, dimensions: readonly string[], parts: GoalParts) =>
    metricValues(query, traffic, parts, period.traffic.get(trafficKey(dimensions)), currency(dimensions));

  const current = await read(query.range);
  const rows: StatsRow[] = [...current.goals.values()]
    .map((group) => ({
      dimensions: group.dimensions,
      metrics: valuesOf(current, group.dimensions, group.parts),
    }))
    .filter((row) => keepsRow(row, query.dimensions));
  if (query.comparison) {
    const previous = await read(query.comparison);
    const keyOf = comparisonKeys(query, query.comparison);
    const toPrevious = previousDimensions(query, query.comparison);
    const previousByKey = new Map(
      [...previous.goals.values()].map((group) => [
        keyOf(group.dimensions),
        valuesOf(previous, group.dimensions, group.parts),
      ]),
    );
    for (const row of rows) {
      row.comparison =
        previousByKey.get(row.dimensions.join(SEPARATOR)) ??
        valuesOf(previous, toPrevious(row.dimensions), [0, 0, 0, 0]);
    }
  }
  sortRows(rows, query);
  return { rows: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
}

/** The traffic metrics a goal query needs from the traffic rollups: those asked, and visitors for the rate. */
function trafficMetrics(metrics: readonly Metric[]): Metric[] {
  const traffic = metrics.filter((metric) => !GOAL_METRICS.has(metric));
  if (metrics.includes('conversion_rate') && !traffic.includes('visitors')) traffic.push('visitors');
  return traffic;
}

/**
 * A current row's dimension values in the previous period (its time bucket at the same position),
 * to find that period's visitors for a row that had no conversions then.
 */
function previousDimensions(
  query: StatsQuery,
  comparison: DayRange,
): (dimensions: readonly string[]) => string[] {
  const time = timeDimensionOf(query.dimensions);
  if (time === undefined) return (dimensions) => [...dimensions];
  const previous = bucketsOf(time, comparison);
  const position = new Map(bucketsOf(time, query.range).map((bucket, index) => [bucket, index]));
  const at = query.dimensions.indexOf(time);
  return (dimensions) =>
    dimensions.map((value, index) =>
      index === at ? (previous[position.get(value) ?? -1] ?? `previous ${value}`) : value,
    );
}

function addGroup(groups: Period['goals'], dimensions: string[]): { dimensions: string[]; parts: GoalParts } {
  const key = dimensions.join(SEPARATOR);
  let group = groups.get(key);
  if (group === undefined) {
    group = { dimensions, parts: [0, 0, 0, 0] };
    groups.set(key, group);
  }
  return group;
}

/** The goal store's rows for a period, filtered and summed by the query's dimensions. */
async function readGoalGroups(
  store: GoalStatsStore,
  query: StatsQuery,
  goals: readonly Goal[],
  range: DayRange,
): Promise<Period['goals']> {
  const groups: Period['goals'] = new Map();
  const names = new Map(goals.map((goal) => [goal.id, goal.name]));
  let goalIds: string[] | null = null;
  for (const [operator, dimension, values] of query.filters) {
    if (dimension !== 'goal' || operator !== 'is') continue;
    const chosen = goals.filter((goal) => values.includes(goal.name)).map((goal) => goal.id);
    goalIds = goalIds === null ? chosen : goalIds.filter((id) => chosen.includes(id));
  }
  if (goals.length === 0 || goalIds?.length === 0) return groups;
  const by = [
    ...new Set(
      [...query.dimensions, ...query.filters.map(([, dimension]) => dimension)].flatMap((dimension) => {
        const key = GROUP_KEY[dimension];
        return key === undefined ? [] : [key];
      }),
    ),
  ];
  const channelFilter = query.filters.find(
    ([operator, dimension]) => operator === 'is' && dimension === 'channel',
  );
  const rows = await store.goals.goalConversions({
    siteId: query.siteId,
    fromDay: range.from,
    toDay: range.to,
    goalIds,
    by,
    ...(channelFilter ? { channels: channelFilter[2] } : {}),
  });
  const time = timeDimensionOf(query.dimensions);
  for (const row of rows) {
    const name = names.get(row.goalId);
    if (name === undefined) continue;
    if (!query.filters.every((filter) => matches(dimensionValue(row, filter[1], name), filter))) continue;
    const dimensions = query.dimensions.map((dimension) => {
      const value = dimensionValue(row, dimension, name);
      return dimension === time ? bucketOf(time, value) : value;
    });
    const { parts } = addGroup(groups, dimensions);
    parts[0] += row.conversions;
    parts[1] += row.converters;
    parts[2] += row.revenue;
    // Grouped by currency whenever revenue is asked (stats-query-schema.ts): '' carried none.
    if (row.currency) parts[3] += row.conversions;
  }
  return groups;
}

function metricValues(
  query: StatsQuery,
  traffic: readonly Metric[],
  parts: GoalParts,
  trafficValues: readonly (number | null)[] | undefined,
  currency: string,
): (number | null)[] {
  const money = (amount: number) => roundMoney(amount, currency);
  const round = query.roundTo
    ? (value: number) => roundToStep(value, query.roundTo as number)
    : (v: number) => v;
  const [conversions, converters, paid] = [round(parts[0]), round(parts[1]), round(parts[3])];
  // Strict mode rounds counts, not money: an amount says what was sold, not who bought it (as the
  // custom-events report and docs/privacy.md have it); the average divides by the rounded count.
  const revenue = money(parts[2]);
  const trafficValue = (metric: Metric): number | null => {
    const index = traffic.indexOf(metric);
    const value = trafficValues?.[index];
    // No traffic row: nothing happened there (a counter's 0, a ratio's null).
    return value === undefined ? METRIC_DEFINITIONS[metric].combine([0, 0]) : value;
  };
  return query.metrics.map((metric) => {
    switch (metric) {
      case 'conversions':
        return conversions;
      case 'converters':
        return converters;
      case 'conversion_rate':
        return ratio(converters, trafficValue('visitors') ?? 0);
      case 'revenue':
        return revenue;
      case 'average_revenue':
        return paid === 0 ? null : money(parts[2] / paid);
      default:
        return trafficValue(metric);
    }
  });
}
