import { METRIC_DEFINITIONS } from './metric-definitions.js';
import type { DayRange, Dimension, OrderBy, StatsQuery, StatsRow, TimeDimension } from './query-model.js';
import { TIME_DIMENSIONS } from './query-model.js';
import { rangeSegments } from './range-segments.js';
import { planRollup, type RollupPlan, rollupQuery, StatsPlanError } from './rollup-planner.js';
import type { RollupResultRow, StatsStore } from './stats-store.js';
import { roundToStep } from './strict-rounding.js';
import { bucketCount, bucketOf, bucketsOf, MAX_TIME_BUCKETS } from './time-buckets.js';

export const SEPARATOR = '\u0001';

export function timeDimensionOf(dimensions: readonly Dimension[]): TimeDimension | undefined {
  return dimensions.find((dimension): dimension is TimeDimension =>
    (TIME_DIMENSIONS as readonly string[]).includes(dimension),
  );
}

/** Summed parts per dimension key: days folded into weeks or months, hours into readable stamps. */
interface Grouped {
  dimensions: string[];
  parts: number[];
}

function groupRows(
  rows: readonly RollupResultRow[],
  dimensions: readonly Dimension[],
  width: number,
): Map<string, Grouped> {
  const time = timeDimensionOf(dimensions);
  const groups = new Map<string, Grouped>();
  for (const row of rows) {
    const values = dimensions.map((dimension, index) => {
      const value = String(row.groups[index] ?? '');
      if (dimension !== time) return value;
      // A monthly table's `YYYY-MM` is the month's first day.
      return bucketOf(time, value.length === 7 ? `${value}-01` : value);
    });
    const key = values.join(SEPARATOR);
    let group = groups.get(key);
    if (group === undefined) {
      group = { dimensions: values, parts: new Array<number>(width).fill(0) };
      groups.set(key, group);
    }
    for (let index = 0; index < width; index++)
      group.parts[index] = (group.parts[index] ?? 0) + (row.values[index] ?? 0);
  }
  return groups;
}

/** A chart of one time dimension shows every bucket of the range, empty ones as zeros. */
function fillTimeline(
  groups: Map<string, Grouped>,
  dimensions: readonly Dimension[],
  range: DayRange,
  width: number,
): void {
  const time = timeDimensionOf(dimensions);
  if (time === undefined || dimensions.length !== 1) return;
  for (const bucket of bucketsOf(time, range)) {
    if (!groups.has(bucket))
      groups.set(bucket, { dimensions: [bucket], parts: new Array<number>(width).fill(0) });
  }
}

/**
 * A breakdown lists what happened: a row whose every metric is 0 or empty (the `internal` channel
 * when asking for visits) is left out. A timeline keeps its empty buckets, a total its one row.
 */
export function keepsRow(row: StatsRow, dimensions: readonly Dimension[]): boolean {
  if (dimensions.length === 0 || (dimensions.length === 1 && timeDimensionOf(dimensions))) return true;
  return row.metrics.some((value) => value !== null && value !== 0);
}

function metricValues(plan: RollupPlan, query: StatsQuery, parts: readonly number[]): (number | null)[] {
  const { roundTo } = query;
  const sumOf = roundTo
    ? (part: number) => roundToStep(parts[part] ?? 0, roundTo)
    : (part: number) => parts[part] ?? 0;
  return query.metrics.map((metric, index) =>
    METRIC_DEFINITIONS[metric].combine((plan.metricParts[index] ?? []).map(sumOf)),
  );
}

/** Where a previous-period row lands: the same values, or for time the bucket at the same position. */
export function comparisonKeys(
  query: StatsQuery,
  comparison: DayRange,
): (dimensions: readonly string[]) => string {
  const time = timeDimensionOf(query.dimensions);
  if (time === undefined) return (dimensions) => dimensions.join(SEPARATOR);
  const current = bucketsOf(time, query.range);
  const previous = new Map(bucketsOf(time, comparison).map((bucket, index) => [bucket, current[index]]));
  const timeIndex = query.dimensions.indexOf(time);
  return (dimensions) =>
    dimensions
      .map((value, index) => (index === timeIndex ? (previous.get(value) ?? `previous ${value}`) : value))
      .join(SEPARATOR);
}

function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export function sortRows(rows: StatsRow[], query: StatsQuery): void {
  const time = timeDimensionOf(query.dimensions);
  const orderBy: OrderBy[] =
    query.orderBy.length > 0
      ? [...query.orderBy]
      : time
        ? [{ by: time, direction: 'asc' }]
        : [{ by: query.metrics[0] as OrderBy['by'], direction: 'desc' }];
  const sortValue = (row: StatsRow, by: OrderBy['by']): number | string | null => {
    const dimension = query.dimensions.indexOf(by as Dimension);
    if (dimension >= 0) return row.dimensions[dimension] ?? null;
    return row.metrics[query.metrics.indexOf(by as never)] ?? null;
  };
  rows.sort((a, b) => {
    for (const { by, direction } of orderBy) {
      const order = compareValues(sortValue(a, by), sortValue(b, by));
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    // Ties in a stable, meaningful order: by the dimension values.
    return compareValues(a.dimensions.join(SEPARATOR), b.dimensions.join(SEPARATOR));
  });
}

/** A timeline of at most MAX_TIME_BUCKETS buckets (time-buckets.ts), refused before any read. */
export function checkTimeline(dimensions: readonly Dimension[], range: DayRange): void {
  const time = timeDimensionOf(dimensions);
  if (time === undefined) return;
  const count = bucketCount(time, range);
  if (count > MAX_TIME_BUCKETS) {
    throw new StatsPlanError(
      'too_many_buckets',
      `${time} over ${range.from} to ${range.to} makes ${count} buckets; at most ${MAX_TIME_BUCKETS}: choose a shorter range or a coarser time dimension.`,
    );
  }
}

/**
 * Answers a resolved stats query from the rollups: one store read per period, then folding,
 * derived metrics, comparison, order and paging in memory (the read returns at most a few
 * thousand grouped rows for any dashboard question).
 */
export async function runStatsQuery(
  store: StatsStore,
  query: StatsQuery,
  /** How edge months are read (range-segments.ts): `add` only to compare with the default. */
  edges: 'cheapest' | 'add' = 'cheapest',
): Promise<{ rows: StatsRow[]; total: number }> {
  const plan = planRollup(query.metrics, query.dimensions, query.filters);
  checkTimeline(query.dimensions, query.range);
  const width = plan.aggregates.length;
  const read = async (range: DayRange) => {
    const reads = await Promise.all(
      rangeSegments(plan, query.dimensions, range, query.today, edges).map((segment) =>
        store.queryRollup(rollupQuery(plan, query.siteId, query.dimensions, query.filters, segment)),
      ),
    );
    const groups = groupRows(reads.flat(), query.dimensions, width);
    fillTimeline(groups, query.dimensions, range, width);
    return groups;
  };
  const current = await read(query.range);
  const rows: StatsRow[] = [...current.values()]
    .map((group) => ({ dimensions: group.dimensions, metrics: metricValues(plan, query, group.parts) }))
    .filter((row) => keepsRow(row, query.dimensions));
  if (query.comparison) {
    const previous = await read(query.comparison);
    const keyOf = comparisonKeys(query, query.comparison);
    const previousByKey = new Map(
      [...previous.values()].map((group) => [keyOf(group.dimensions), group.parts]),
    );
    const zero = new Array<number>(width).fill(0);
    for (const row of rows) {
      row.comparison = metricValues(plan, query, previousByKey.get(row.dimensions.join(SEPARATOR)) ?? zero);
    }
  }
  sortRows(rows, query);
  return { rows: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
}
