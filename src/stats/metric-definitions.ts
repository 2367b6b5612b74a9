import type { Aggregate, RollupSource } from '../store/rollups/rollup-query.js';
import type { Metric } from './query-model.js';
import { ratio } from './ratio.js';

/**
 * How each metric is computed from rollup columns: the sums it needs (`parts`) in each table
 * that holds them, and how the parts combine into the answer. Every part is a sum, so rows may
 * be added together (days into weeks) before `combine` runs — ratios are never averaged.
 */
export interface MetricDefinition {
  /** The parts, per rollup table that can answer the metric. */
  parts: Partial<Record<RollupSource, readonly Aggregate[]>>;
  combine(parts: readonly number[]): number | null;
}

const sum = (column: string): Aggregate => ({ fn: 'sum', column });
const sumWhen = (column: string, when: Aggregate['when'] & object): Aggregate => ({
  fn: 'sum',
  column,
  when,
});
const linkType = (type: 'click' | 'preview' | 'bot'): Aggregate =>
  sumWhen('hits', { column: 'type', op: 'eq', value: type });

const TRAFFIC = ['hourly', 'daily'] as const;
const PEOPLE = ['hourly', 'daily', 'pages', 'page_totals', 'geo', 'browsers'] as const;
const PAGES = ['pages', 'page_totals'] as const;

function inTables(
  tables: readonly RollupSource[],
  part: Aggregate,
): Partial<Record<RollupSource, Aggregate[]>> {
  return Object.fromEntries(tables.map((table) => [table, [part]]));
}

function counter(tables: readonly RollupSource[], column: string, linkPart?: Aggregate): MetricDefinition {
  return {
    parts: { ...inTables(tables, sum(column)), ...(linkPart ? { links: [linkPart] } : {}) },
    combine: ([value]) => value ?? 0,
  };
}

/** The parts `[numerator, denominator]` as a ratio (ratio.ts). */
function partsRatio([numerator = 0, denominator = 0]: readonly number[]): number | null {
  return ratio(numerator, denominator);
}

/** Goal metrics are read from the goal rollups (goal-engine.ts): no traffic table holds them. */
const GOAL_ONLY: MetricDefinition = { parts: {}, combine: () => null };

const darkVisits = sumWhen('visits', { column: 'channel', op: 'eq', value: 'dark-social' });

export const METRIC_DEFINITIONS: Readonly<Record<Metric, MetricDefinition>> = {
  visitors: counter(PEOPLE, 'visitors'),
  visits: counter([...PEOPLE, 'generations'], 'visits'),
  pageviews: counter([...PEOPLE, 'generations'], 'pageviews'),
  clicks: counter(TRAFFIC, 'clicks', linkType('click')),
  previews: counter(TRAFFIC, 'previews', linkType('preview')),
  bots: counter(TRAFFIC, 'bots', linkType('bot')),
  shares: counter([...TRAFFIC, ...PAGES], 'shares'),
  copies: counter([...TRAFFIC, ...PAGES], 'copies'),
  outbound: counter([...TRAFFIC, ...PAGES], 'outbound'),
  events: counter([...TRAFFIC, ...PAGES], 'events'),
  ga4_direct_visits: counter(TRAFFIC, 'ga4_direct_visits'),
  dark_social_share: {
    parts: {
      ...Object.fromEntries(PEOPLE.map((table) => [table, [darkVisits, sum('visits')]])),
      // The page totals have no channel: they count dark-social visits in a column of their own.
      page_totals: [sum('dark_visits'), sum('visits')],
    },
    combine: partsRatio,
  },
  amplification: {
    parts: {
      generations: [
        sumWhen('visits', { column: 'generation', op: 'gt', value: 0 }),
        sumWhen('visits', { column: 'generation', op: 'eq', value: 0 }),
      ],
    },
    combine: partsRatio,
  },
  clicks_per_preview: {
    parts: {
      hourly: [sum('clicks'), sum('previews')],
      daily: [sum('clicks'), sum('previews')],
      links: [linkType('click'), linkType('preview')],
    },
    combine: partsRatio,
  },
  conversions: GOAL_ONLY,
  converters: GOAL_ONLY,
  conversion_rate: GOAL_ONLY,
  revenue: GOAL_ONLY,
  average_revenue: GOAL_ONLY,
};
