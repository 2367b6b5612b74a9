/**
 * The rollup tables (issue #5), the same on both engines: each row sums events that share its
 * key columns, and is kept up to date in the transaction that writes the events
 * (prepareRollups in rollup-deltas.ts). Dashboards read these, never the raw events; raw events stay for
 * drill-down until the site's retention limit, then go, and rollups stay.
 *
 * Key columns are never NULL (an unknown country is `''`), so ON CONFLICT finds the row.
 */
export interface RollupTable {
  readonly name: string;
  /** Primary key, in order. */
  readonly keys: readonly string[];
  /** Counters added on conflict. */
  readonly sums: readonly string[];
  /** Columns keeping the smallest value seen (the first occurrence's time). */
  readonly mins: readonly string[];
}

/** Counters of the traffic tables: one per event type, plus visits, visitors and GA4 "Direct". */
export const TRAFFIC_SUMS = [
  'visitors',
  'visits',
  'pageviews',
  'clicks',
  'previews',
  'bots',
  'shares',
  'copies',
  'outbound',
  'events',
  'ga4_direct_visits',
] as const;

const TRAFFIC_KEYS = ['channel', 'medium', 'source', 'confidence'] as const;

export const ROLLUP_HOURLY: RollupTable = {
  name: 'rollup_hourly',
  keys: ['site_id', 'hour', ...TRAFFIC_KEYS],
  sums: TRAFFIC_SUMS,
  mins: [],
};

export const ROLLUP_DAILY: RollupTable = {
  name: 'rollup_daily',
  keys: ['site_id', 'day', ...TRAFFIC_KEYS],
  sums: TRAFFIC_SUMS,
  mins: [],
};

const PAGE_SUMS = ['visitors', 'visits', 'pageviews', 'shares', 'copies', 'outbound', 'events'] as const;

export const ROLLUP_MONTHLY: RollupTable = {
  name: 'rollup_monthly',
  keys: ['site_id', 'month', ...TRAFFIC_KEYS],
  sums: TRAFFIC_SUMS,
  mins: [],
};

/** Per page: `visitors` here counts a person once per page and day. */
export const ROLLUP_PAGES: RollupTable = {
  name: 'rollup_pages',
  keys: ['site_id', 'day', 'path', 'channel'],
  sums: PAGE_SUMS,
  mins: [],
};

/** The same by month (`YYYY-MM`): long ranges read whole months from here. */
export const ROLLUP_PAGES_MONTHLY: RollupTable = {
  name: 'rollup_pages_monthly',
  keys: ['site_id', 'month', 'path', 'channel'],
  sums: PAGE_SUMS,
  mins: [],
};

/** Per page over all channels, with dark-social visits as a counter: top-page lists read this. */
export const ROLLUP_PAGE_TOTALS: RollupTable = {
  name: 'rollup_page_totals',
  keys: ['site_id', 'day', 'path'],
  sums: [...PAGE_SUMS, 'dark_visits'],
  mins: [],
};

export const ROLLUP_PAGE_TOTALS_MONTHLY: RollupTable = {
  name: 'rollup_page_totals_monthly',
  keys: ['site_id', 'month', 'path'],
  sums: ROLLUP_PAGE_TOTALS.sums,
  mins: [],
};

export const ROLLUP_GEO: RollupTable = {
  name: 'rollup_geo',
  keys: ['site_id', 'day', 'country', 'device', 'channel'],
  sums: ['visitors', 'visits', 'pageviews'],
  mins: [],
};

export const ROLLUP_GEO_MONTHLY: RollupTable = {
  name: 'rollup_geo_monthly',
  keys: ['site_id', 'month', 'country', 'device', 'channel'],
  sums: ROLLUP_GEO.sums,
  mins: [],
};

/**
 * Page views by browser family (issue 14, migration 17; src/privacy/browser-family.ts), device
 * class and channel: the Overview's browser panel. Not keyed by country, so a row holds at most
 * 8 families × 3 devices per channel and day. Rows of events older than migration 17 say ''.
 */
export const ROLLUP_BROWSERS: RollupTable = {
  name: 'rollup_browsers',
  keys: ['site_id', 'day', 'browser', 'device', 'channel'],
  sums: ['visitors', 'visits', 'pageviews'],
  mins: [],
};

export const ROLLUP_BROWSERS_MONTHLY: RollupTable = {
  name: 'rollup_browsers_monthly',
  keys: ['site_id', 'month', 'browser', 'device', 'channel'],
  sums: ROLLUP_BROWSERS.sums,
  mins: [],
};

/** Copy-paste share chains: page views by page and generation (page '' when it has no path). */
export const ROLLUP_GENERATIONS: RollupTable = {
  name: 'rollup_generations',
  keys: ['site_id', 'day', 'path', 'generation'],
  sums: ['visits', 'pageviews'],
  mins: [],
};

export const ROLLUP_GENERATIONS_MONTHLY: RollupTable = {
  name: 'rollup_generations_monthly',
  keys: ['site_id', 'month', 'path', 'generation'],
  sums: ['visits', 'pageviews'],
  mins: [],
};

/** Short-link requests by variant, type (`click`, `preview`, `bot`), channel and source. */
export const ROLLUP_LINKS: RollupTable = {
  name: 'rollup_links',
  keys: ['site_id', 'link_id', 'day', 'type', 'channel', 'source'],
  sums: ['hits'],
  mins: ['first_at'],
};

export const ROLLUP_LINKS_MONTHLY: RollupTable = {
  name: 'rollup_links_monthly',
  keys: ['site_id', 'link_id', 'month', 'type', 'channel', 'source'],
  sums: ROLLUP_LINKS.sums,
  mins: ROLLUP_LINKS.mins,
};

/**
 * Daily tables and their monthly twins (`day` → `month`, `YYYY-MM`): a long range reads its
 * whole months from the twin. The twin's rows are the daily rows of a batch folded by month.
 */
export const MONTHLY_TWINS: ReadonlyMap<RollupTable, RollupTable> = new Map([
  [ROLLUP_DAILY, ROLLUP_MONTHLY],
  [ROLLUP_PAGES, ROLLUP_PAGES_MONTHLY],
  [ROLLUP_PAGE_TOTALS, ROLLUP_PAGE_TOTALS_MONTHLY],
  [ROLLUP_GEO, ROLLUP_GEO_MONTHLY],
  [ROLLUP_BROWSERS, ROLLUP_BROWSERS_MONTHLY],
  [ROLLUP_GENERATIONS, ROLLUP_GENERATIONS_MONTHLY],
  [ROLLUP_LINKS, ROLLUP_LINKS_MONTHLY],
]);

export const ROLLUP_TABLES: readonly RollupTable[] = [
  ROLLUP_HOURLY,
  ROLLUP_DAILY,
  ROLLUP_MONTHLY,
  ROLLUP_PAGES,
  ROLLUP_PAGES_MONTHLY,
  ROLLUP_PAGE_TOTALS,
  ROLLUP_PAGE_TOTALS_MONTHLY,
  ROLLUP_GEO,
  ROLLUP_GEO_MONTHLY,
  ROLLUP_BROWSERS,
  ROLLUP_BROWSERS_MONTHLY,
  ROLLUP_GENERATIONS,
  ROLLUP_GENERATIONS_MONTHLY,
  ROLLUP_LINKS,
  ROLLUP_LINKS_MONTHLY,
];

/** Integer key columns; every other key column is text. */
export const INTEGER_KEYS: ReadonlySet<string> = new Set(['generation', 'step']);

/**
 * Who has been counted already: a person once per site and day (`visitor_days`), and once per
 * page and day (`page_visitor_days`). The visitor hash changes daily (DESIGN.md §4), so a row
 * names a day's anonymous visitor, never a person across days. Pruned with the raw events.
 */
export interface ClaimTable {
  readonly name: string;
  readonly keys: readonly string[];
}

export const VISITOR_DAYS: ClaimTable = { name: 'visitor_days', keys: ['site_id', 'day', 'visitor_hash'] };
export const PAGE_VISITOR_DAYS: ClaimTable = {
  name: 'page_visitor_days',
  keys: ['site_id', 'day', 'path', 'visitor_hash'],
};

/*
 * Goals (issue 14, migration 14, src/store/goal-sql.ts): folded with the rollups but not among
 * ROLLUP_TABLES, whose rows the fold builds from flagged events (rollup-fold-sql.ts). Listed here
 * so that a site's deletion, export and erasure take them too.
 */
const GOAL_KEYS = ['goal_id', 'channel', 'medium', 'source', 'confidence', 'currency'] as const;

export const ROLLUP_GOALS: RollupTable = {
  name: 'rollup_goals',
  keys: ['site_id', 'day', ...GOAL_KEYS],
  sums: ['conversions', 'converters', 'revenue'],
  mins: [],
};

export const ROLLUP_GOALS_MONTHLY: RollupTable = {
  name: 'rollup_goals_monthly',
  keys: ['site_id', 'month', ...GOAL_KEYS],
  sums: ROLLUP_GOALS.sums,
  mins: [],
};

/** A person once per goal and local day, with their first matching event's id and its attribution. */
export const GOAL_VISITOR_DAYS: ClaimTable = {
  name: 'goal_visitor_days',
  keys: ['site_id', 'goal_id', 'day', 'visitor_hash'],
};

/**
 * Saved funnels' visitors per step, channel and source (migration 18, funnel-rollup-sql.ts): by
 * day and by month. Listed with the goal tables, which they are made of, so that a site's
 * deletion, export and erasure take them too.
 */
export const ROLLUP_FUNNEL_DAYS: RollupTable = {
  name: 'rollup_funnel_days',
  keys: ['site_id', 'funnel_id', 'day', 'step', 'channel', 'source'],
  sums: ['visitors'],
  mins: [],
};

export const ROLLUP_FUNNEL_MONTHS: RollupTable = {
  name: 'rollup_funnel_months',
  keys: ['site_id', 'funnel_id', 'month', 'step', 'channel', 'source'],
  sums: ['visitors'],
  mins: [],
};

export const GOAL_TABLES: readonly (RollupTable | ClaimTable)[] = [
  ROLLUP_GOALS,
  ROLLUP_GOALS_MONTHLY,
  GOAL_VISITOR_DAYS,
  ROLLUP_FUNNEL_DAYS,
  ROLLUP_FUNNEL_MONTHS,
];
