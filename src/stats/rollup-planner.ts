import type { Aggregate, RollupFilter, RollupQuery, RollupSource } from '../store/rollups/rollup-query.js';
import { DIMENSION_COLUMNS, NUMERIC_DIMENSIONS } from './dimension-columns.js';
import { METRIC_DEFINITIONS } from './metric-definitions.js';
import type { DayRange, Dimension, Filter, Metric } from './query-model.js';

/** Tables in the order they are tried: the smallest that can answer wins. */
const SOURCE_PREFERENCE: readonly RollupSource[] = [
  'daily',
  'geo',
  'generations',
  'pages',
  'links',
  'hourly',
];

/** What a query asks of the store, and where each metric's parts sit among the aggregates. */
export interface RollupPlan {
  source: RollupSource;
  /** The aggregates, each part once. */
  aggregates: Aggregate[];
  /** Per metric asked, the indexes of its parts in `aggregates`. */
  metricParts: number[][];
}

export class StatsPlanError extends Error {
  constructor(
    readonly code: 'unsupported_combination' | 'invalid_filter_value',
    message: string,
  ) {
    super(message);
    this.name = 'StatsPlanError';
  }
}

function answers(
  source: RollupSource,
  metrics: readonly Metric[],
  dimensions: readonly Dimension[],
): boolean {
  return (
    metrics.every((metric) => METRIC_DEFINITIONS[metric].parts[source] !== undefined) &&
    dimensions.every((dimension) => DIMENSION_COLUMNS[dimension][source] !== undefined)
  );
}

/** The tables able to answer a metric alongside nothing else, for the error message. */
function describeSupport(metrics: readonly Metric[], dimensions: readonly Dimension[]): string {
  const needs = [...metrics, ...dimensions].join(', ');
  return `No rollup holds ${needs} together. Metrics of people (visitors, visits, pageviews) go with channel, medium, source, confidence, page, country, device and generation; link metrics (clicks, previews, bots) with link, variant, channel and source; hours with the traffic dimensions only.`;
}

export function planRollup(
  metrics: readonly Metric[],
  dimensions: readonly Dimension[],
  filters: readonly Filter[],
): RollupPlan {
  const needed = [...dimensions, ...filters.map(([, dimension]) => dimension)];
  const wantsHours = dimensions.includes('time:hour');
  const source = SOURCE_PREFERENCE.find(
    (candidate) => (wantsHours ? candidate === 'hourly' : true) && answers(candidate, metrics, needed),
  );
  if (source === undefined)
    throw new StatsPlanError('unsupported_combination', describeSupport(metrics, needed));
  const aggregates: Aggregate[] = [];
  const keys: string[] = [];
  const metricParts = metrics.map((metric) =>
    (METRIC_DEFINITIONS[metric].parts[source] ?? []).map((part) => {
      const key = JSON.stringify(part);
      let index = keys.indexOf(key);
      if (index < 0) {
        index = keys.push(key) - 1;
        aggregates.push(part);
      }
      return index;
    }),
  );
  return { source, aggregates, metricParts };
}

function filterValues(filter: Filter): (string | number)[] {
  const [, dimension, values] = filter;
  if (!NUMERIC_DIMENSIONS.has(dimension) || filter[0] === 'contains') return [...values];
  return values.map((value) => {
    if (!/^\d{1,9}$/.test(value)) {
      throw new StatsPlanError(
        'invalid_filter_value',
        `${dimension} values are whole numbers, got "${value}".`,
      );
    }
    return Number(value);
  });
}

/** The store read for one period. */
export function rollupQuery(
  plan: RollupPlan,
  siteId: string,
  dimensions: readonly Dimension[],
  filters: readonly Filter[],
  range: DayRange,
): RollupQuery {
  const column = (dimension: Dimension) => DIMENSION_COLUMNS[dimension][plan.source] as string;
  const hourly = plan.source === 'hourly';
  const byPage = [...dimensions, ...filters.map(([, dimension]) => dimension)].includes('page');
  // The share-chain table keeps page views without a path under the page ''; no page is ''.
  const noPathless: RollupFilter[] =
    plan.source === 'generations' && byPage ? [{ column: 'path', operator: 'is_not', values: [''] }] : [];
  return {
    source: plan.source,
    siteId,
    from: hourly ? `${range.from}T00` : range.from,
    to: hourly ? `${range.to}T23` : range.to,
    groupBy: dimensions.map(column),
    aggregates: plan.aggregates,
    filters: [
      ...filters.map(
        (filter): RollupFilter => ({
          column: column(filter[1]),
          operator: filter[0],
          values: filterValues(filter),
        }),
      ),
      ...noPathless,
    ],
  };
}
