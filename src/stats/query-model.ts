/**
 * The stats query model (issue #5), in the spirit of Plausible's Stats API v2
 * (https://plausible.io/docs/stats-api): metrics × dimensions × filters × a date range in the
 * site's time zone, with an optional comparison to the previous period. The HTTP route and the
 * dashboard speak this shape; the engine answers it from rollups, or from raw events when no
 * rollup holds the combination asked for.
 */

/** Counts and ratios a query can ask for. */
export const METRICS = [
  /** Unique visitors, counted per day (the visitor hash changes every day by design). */
  'visitors',
  /** Arrivals from outside the site: page views whose channel is not `internal`. */
  'visits',
  'pageviews',
  /** Short-link clicks by people. */
  'clicks',
  /** Link-preview fetches by chat apps: a share happened in that app. */
  'previews',
  /** Short-link requests by other bots (never counted as clicks). */
  'bots',
  /** Share-button uses recorded by the snippet. */
  'shares',
  /** Copy events recorded by the snippet. */
  'copies',
  'outbound',
  /** Custom events (`penumbra('event', …)`). */
  'events',
  /** Visits whose channel is `dark-social` ÷ all visits (0–1). */
  'dark_social_share',
  /** Visits at share generation ≥ 1 ÷ visits at generation 0. */
  'amplification',
  /** Clicks ÷ previews: how many clicks each share in a chat brought. */
  'clicks_per_preview',
  /** Visits that GA4's default channel grouping would have filed as "Direct". */
  'ga4_direct_visits',
  /** Events that met a goal (issue 14, docs/goals.md), credited to the day's first page view. */
  'conversions',
  /** Visitors who met a goal: a person counts once per goal and local day. Needs one goal per row. */
  'converters',
  /** Converters ÷ visitors of the same row (0–1). Needs one goal per row. */
  'conversion_rate',
  /** Sum of the conversions' revenue amounts, in one currency per row (never across currencies). */
  'revenue',
  /** Revenue ÷ the conversions that carried revenue, in one currency per row. */
  'average_revenue',
] as const;
export type Metric = (typeof METRICS)[number];

/** The metrics answered from the goal rollups (src/stats/goal-engine.ts), not the traffic rollups. */
export const GOAL_METRICS: ReadonlySet<Metric> = new Set([
  'conversions',
  'converters',
  'conversion_rate',
  'revenue',
  'average_revenue',
]);
/** Metrics that are sums of money: one currency per row, asked by the `currency` dimension or filter. */
export const REVENUE_METRICS: ReadonlySet<Metric> = new Set(['revenue', 'average_revenue']);
/** Metrics counting people per goal: a person converting to two goals counts in each, so one goal per row. */
export const CONVERTER_METRICS: ReadonlySet<Metric> = new Set(['converters', 'conversion_rate']);

export const TIME_DIMENSIONS = ['time:hour', 'time:day', 'time:week', 'time:month'] as const;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];

export const PLAIN_DIMENSIONS = [
  'channel',
  'medium',
  'source',
  'confidence',
  'page',
  /** A short link: the share kit's main link (variants fold into it). */
  'link',
  /** The variant link itself (one per channel of a kit). */
  'variant',
  'country',
  'device',
  /** The browser family (`chrome`, `safari`, … `in-app`, `other`; '' before migration 17). */
  'browser',
  'generation',
  /** A goal, by its name (goal metrics only). */
  'goal',
  /** The ISO 4217 code of a conversion's revenue, '' for none (goal metrics only). */
  'currency',
] as const;
export type PlainDimension = (typeof PLAIN_DIMENSIONS)[number];
export type Dimension = TimeDimension | PlainDimension;

export const FILTER_OPERATORS = ['is', 'is_not', 'contains'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
/** `["is", "channel", ["dark-social"]]`: a value matches if it matches any of the list. */
export type Filter = readonly [FilterOperator, PlainDimension, readonly string[]];

export const DATE_PRESETS = [
  'day',
  '24h',
  '7d',
  '28d',
  '30d',
  '91d',
  'month',
  '6mo',
  '12mo',
  'year',
  'all',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];
/** A preset, or two inclusive `YYYY-MM-DD` days in the site's time zone. */
export type DateRangeInput = DatePreset | readonly [string, string];

export interface OrderBy {
  by: Metric | Dimension;
  direction: 'asc' | 'desc';
}

/** `order_by` as the JSON body writes it, after Plausible v2: `["visitors", "desc"]`. */
export type OrderByTuple = readonly [OrderBy['by'], OrderBy['direction']];

/** A query as the API receives it (validated by stats-query-schema.ts). */
export interface StatsQueryInput {
  site: string;
  metrics: readonly Metric[];
  dimensions?: readonly Dimension[];
  filters?: readonly Filter[];
  date_range: DateRangeInput;
  compare?: 'previous_period';
  order_by?: readonly OrderBy[];
  limit?: number;
  offset?: number;
}

/**
 * The JSON body of `POST /api/stats/query`: a `StatsQueryInput` whose `order_by` is written as
 * Plausible v2 tuples. `readStatsQuery` (stats-query-schema.ts) turns one into the other.
 */
export type StatsQueryBody = Omit<StatsQueryInput, 'order_by'> & { order_by?: readonly OrderByTuple[] };

/** Inclusive local days `YYYY-MM-DD` (for `time:hour`, hours `YYYY-MM-DDTHH` are derived). */
export interface DayRange {
  from: string;
  to: string;
}

/** A resolved query: the site found, the range made concrete. */
export interface StatsQuery {
  siteId: string;
  metrics: readonly Metric[];
  dimensions: readonly Dimension[];
  filters: readonly Filter[];
  range: DayRange;
  comparison: DayRange | null;
  /**
   * The site's local day now, when known: nothing happened after it, so a range reaching it holds
   * its month whole as far as the data goes, and that month is read from the monthly tables.
   */
  today?: string;
  /**
   * Strict mode: every sum is rounded to this before metrics are made of it, so counts are
   * rounded and ratios come from rounded counts (src/stats/strict-rounding.ts).
   */
  roundTo?: number;
  orderBy: readonly OrderBy[];
  limit: number;
  offset: number;
}

/** One answer row: dimension values in the order asked, then metric values in the order asked. */
export interface StatsRow {
  dimensions: string[];
  metrics: (number | null)[];
  /** The previous period's values, when `compare` was asked. */
  comparison?: (number | null)[];
}

export interface StatsResult {
  results: StatsRow[];
  meta: {
    /** Rows before `limit`/`offset`. */
    total_rows: number;
    /** Always `rollup`: every answer comes from pre-aggregated tables, never a scan of raw events. */
    source: 'rollup';
    date_range: DayRange;
    comparison_range?: DayRange;
    time_zone: string;
    /** The site's local day now: days of the range after it have no data yet (a chart stops there). */
    today: string;
    /** Strict privacy mode: counts are rounded to this (ratios are not). */
    rounded_to?: number;
  };
  query: StatsQueryInput;
}
