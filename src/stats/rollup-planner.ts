import {
  type Aggregate,
  type RollupFilter,
  type RollupQuery,
  type RollupSource,
  timeColumn,
} from '../store/rollups/rollup-query.js';
import { clicksPerPreviewProblem } from './clicks-per-preview-guard.js';
import { DIMENSION_COLUMNS, NUMERIC_DIMENSIONS } from './dimension-columns.js';
import { METRIC_DEFINITIONS } from './metric-definitions.js';
import {
  type Dimension,
  type Filter,
  METRICS,
  type Metric,
  PLAIN_DIMENSIONS,
  TIME_DIMENSIONS,
} from './query-model.js';
import { type RangeSegment, segmentBounds } from './range-segments.js';

/** Tables in the order they are tried: the smallest that can answer wins. */
const SOURCE_PREFERENCE: readonly RollupSource[] = [
  'daily',
  'geo',
  'browsers',
  'generations',
  'page_totals',
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

/** What can be asked instead of an unsupported combination (issue 16: the error only said no). */
export interface Answerable {
  /** The metrics that go with every dimension (and filter) asked. */
  metrics: Metric[];
  /** The dimensions that go with every metric asked, each on its own. */
  dimensions: Dimension[];
}

export class StatsPlanError extends Error {
  constructor(
    readonly code: 'unsupported_combination' | 'invalid_filter_value' | 'too_many_buckets',
    message: string,
    /** For `unsupported_combination`: the answerable neighbours of the query. */
    readonly answerable?: Answerable,
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

/** The metrics answerable with every dimension asked, and the dimensions answerable with every metric asked. */
function answerableWith(
  metrics: readonly Metric[],
  dimensions: readonly Dimension[],
  wantsHours: boolean,
): Answerable {
  const sources = wantsHours ? (['hourly'] as const) : SOURCE_PREFERENCE;
  const fits = (someMetrics: readonly Metric[], someDimensions: readonly Dimension[]) =>
    sources.some((source) => answers(source, someMetrics, someDimensions)) &&
    clicksPerPreviewProblem(someMetrics, someDimensions) === undefined;
  return {
    metrics: METRICS.filter((metric) => fits([metric], dimensions)),
    dimensions: [...TIME_DIMENSIONS, ...PLAIN_DIMENSIONS].filter(
      (dimension) =>
        SOURCE_PREFERENCE.some((source) => answers(source, metrics, [dimension])) &&
        clicksPerPreviewProblem(metrics, [dimension]) === undefined,
    ),
  };
}

/** The error message: what cannot go together, and what can be asked instead. */
function describeSupport(
  metrics: readonly Metric[],
  dimensions: readonly Dimension[],
  answerable: Answerable,
): string {
  const needs = [...metrics, ...dimensions].join(', ');
  const withDimensions =
    dimensions.length === 0
      ? ''
      : answerable.metrics.length === 0
        ? ` No metric goes with ${dimensions.join(' and ')} together.`
        : ` With ${dimensions.join(', ')}, ask for ${answerable.metrics.join(', ')}.`;
  const withMetrics =
    answerable.dimensions.length === 0
      ? ` ${metrics.join(', ')} cannot be split: ask for them in separate queries.`
      : ` ${metrics.join(', ')} can be split by ${answerable.dimensions.join(', ')} (each on its own).`;
  return `No rollup holds ${needs} together.${withDimensions}${withMetrics}`;
}

export function planRollup(
  metrics: readonly Metric[],
  dimensions: readonly Dimension[],
  filters: readonly Filter[],
): RollupPlan {
  const needed = [...dimensions, ...filters.map(([, dimension]) => dimension)];
  const mismatch = clicksPerPreviewProblem(metrics, needed);
  if (mismatch !== undefined) throw new StatsPlanError('unsupported_combination', mismatch);
  const wantsHours = dimensions.includes('time:hour');
  const source = SOURCE_PREFERENCE.find(
    (candidate) => (wantsHours ? candidate === 'hourly' : true) && answers(candidate, metrics, needed),
  );
  if (source === undefined) {
    const answerable = answerableWith(metrics, needed, wantsHours);
    throw new StatsPlanError(
      'unsupported_combination',
      describeSupport(metrics, needed, answerable),
      answerable,
    );
  }
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

/** The column of a dimension in a segment's table (a monthly twin has `month` for time). */
function columnIn(source: RollupSource, plan: RollupPlan, dimension: Dimension): string {
  if (timeColumn(source) === 'month' && dimension.startsWith('time:')) return 'month';
  return DIMENSION_COLUMNS[dimension][plan.source] as string;
}

/** The store read for one segment of a period. */
export function rollupQuery(
  plan: RollupPlan,
  siteId: string,
  dimensions: readonly Dimension[],
  filters: readonly Filter[],
  segment: RangeSegment,
): RollupQuery {
  const { source } = segment;
  const column = (dimension: Dimension) => columnIn(source, plan, dimension);
  const byPage = [...dimensions, ...filters.map(([, dimension]) => dimension)].includes('page');
  // The share-chain tables keep page views without a path under the page ''; no page is ''.
  const noPathless: RollupFilter[] =
    plan.source === 'generations' && byPage ? [{ column: 'path', operator: 'is_not', values: [''] }] : [];
  // Edge days by subtraction: the daily table's folded rows over the days outside the range are
  // taken out of the months', and its unfolded tail read over the days that remain.
  const less =
    segment.minus === undefined
      ? {}
      : {
          less: {
            source: plan.source,
            minus: segment.minus,
            tail: segmentBounds(plan.source, segment.range),
          },
        };
  return {
    source,
    siteId,
    ...segmentBounds(source, segment.range),
    ...less,
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
