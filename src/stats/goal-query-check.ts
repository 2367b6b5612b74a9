import { type Dimension, GOAL_METRICS, type Metric, type StatsQuery } from './query-model.js';
import { type Answerable, StatsPlanError } from './rollup-planner.js';

/** Dimensions only the goal rollups have. */
export const GOAL_DIMENSIONS: ReadonlySet<Dimension> = new Set(['goal', 'currency']);

/**
 * What the goal rollups keep conversions by (GoalConversionRow, src/store/goal-store.ts): local
 * days, so days, weeks and months; the attribution of the day's first page view; the goal; the
 * currency. Hours are not kept (a conversion is credited to a day's first page view, whose hour
 * says little about the conversion's), nor pages, links, countries or devices.
 */
export const GOAL_ANSWERABLE_DIMENSIONS: readonly Dimension[] = [
  'time:day',
  'time:week',
  'time:month',
  'channel',
  'medium',
  'source',
  'confidence',
  'goal',
  'currency',
];

/** Whether the goal engine answers the query: a goal metric, or a goal or currency dimension or filter. */
export function isGoalQuery(query: Pick<StatsQuery, 'metrics' | 'dimensions' | 'filters'>): boolean {
  return (
    query.metrics.some((metric) => GOAL_METRICS.has(metric)) ||
    query.dimensions.some((dimension) => GOAL_DIMENSIONS.has(dimension)) ||
    query.filters.some(([, dimension]) => GOAL_DIMENSIONS.has(dimension))
  );
}

const goalMetricList = (): Metric[] => [...GOAL_METRICS];

/**
 * Refuses, in the planner's words (`unsupported_combination` with what can be asked instead),
 * what the goal rollups cannot answer: goal or currency without a goal metric, a split or filter
 * they do not keep, and traffic metrics split by goal or currency (a goal has no visitors of its
 * own). Traffic metrics beside goal metrics are answered from the traffic rollups by the same
 * dimensions; goal and currency filters narrow the goal metrics only.
 */
export function checkGoalQuery(query: Pick<StatsQuery, 'metrics' | 'dimensions' | 'filters'>): void {
  const goalMetrics = query.metrics.filter((metric) => GOAL_METRICS.has(metric));
  const traffic = query.metrics.filter((metric) => !GOAL_METRICS.has(metric));
  const needed = [...query.dimensions, ...query.filters.map(([, dimension]) => dimension)];
  const answerable: Answerable = { metrics: goalMetricList(), dimensions: [...GOAL_ANSWERABLE_DIMENSIONS] };
  if (goalMetrics.length === 0) {
    const which = needed.filter((dimension) => GOAL_DIMENSIONS.has(dimension));
    throw new StatsPlanError(
      'unsupported_combination',
      `${[...new Set(which)].join(' and ')} go with the goal metrics only (${goalMetricList().join(', ')}): ${traffic.join(', ')} cannot be split or filtered by them.`,
      answerable,
    );
  }
  const wrong = needed.find((dimension) => !GOAL_ANSWERABLE_DIMENSIONS.includes(dimension));
  if (wrong !== undefined) {
    const hint = wrong === 'time:hour' ? ' Ask by time:day instead: conversions are kept per local day.' : '';
    throw new StatsPlanError(
      'unsupported_combination',
      `No rollup holds ${goalMetrics.join(', ')} with ${wrong}: conversions are kept by ${GOAL_ANSWERABLE_DIMENSIONS.join(', ')}.${hint}`,
      {
        ...answerable,
        metrics: needed.includes('goal') || needed.includes('currency') ? answerable.metrics : [],
      },
    );
  }
  const split = query.dimensions.find((dimension) => GOAL_DIMENSIONS.has(dimension));
  if (split !== undefined && traffic.length > 0) {
    throw new StatsPlanError(
      'unsupported_combination',
      `${traffic.join(', ')} cannot be split by ${split}: a goal has no visitors of its own. Ask for them by the other dimensions in a query of their own, or for conversion_rate, which divides each row's converters by the visitors of the same row.`,
      answerable,
    );
  }
}
