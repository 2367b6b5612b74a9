import type { DateRangeInput, Filter, Metric, StatsQueryInput } from './query-model.js';

/**
 * The questions the dashboard's Overview and Dark-social views ask for one site and range (issue
 * #6 builds on them). bench/stats times exactly these, so the performance target of issue #5
 * ("every query the dashboard makes") is measured on what the dashboard really sends.
 */
export function dashboardQueries(site: string, dateRange: DateRangeInput): Record<string, StatsQueryInput> {
  const long = typeof dateRange === 'string' && ['6mo', '12mo', 'year', 'all'].includes(dateRange);
  // Today, or yesterday and today: by the hour (a day or two drawn by day would be one or two dots).
  const short = dateRange === 'day' || dateRange === '24h';
  const timeline = long ? 'time:week' : short ? 'time:hour' : 'time:day';
  const base = { site, date_range: dateRange } as const;
  const dark = [['is', 'channel', ['dark-social']]] as const;
  return {
    headline: {
      ...base,
      metrics: ['visitors', 'visits', 'pageviews', 'dark_social_share', 'ga4_direct_visits'],
      compare: 'previous_period',
    },
    'visits by channel over time': { ...base, metrics: ['visits'], dimensions: [timeline, 'channel'] },
    'dark social over time': {
      ...base,
      metrics: ['visits'],
      dimensions: [timeline, 'confidence'],
      filters: dark,
    },
    // Visits only: a person counts once a day, in the row of their first page view (docs/stats.md),
    // so a per-source visitors column showed "0 visitors, 1 visit" for anyone who came back from a
    // second source the same day (issue 16).
    sources: { ...base, metrics: ['visits'], dimensions: ['channel', 'source'], limit: 20 },
    'dark social apps': {
      ...base,
      metrics: ['visits'],
      dimensions: ['medium', 'source'],
      filters: dark,
      limit: 20,
    },
    'top pages': {
      ...base,
      metrics: ['visitors', 'pageviews', 'dark_social_share'],
      dimensions: ['page'],
      limit: 20,
    },
    'top pages by dark visits': {
      ...base,
      metrics: ['visits'],
      dimensions: ['page'],
      filters: dark,
      limit: 10,
    },
    countries: { ...base, metrics: ['visitors'], dimensions: ['country'], limit: 20 },
    devices: { ...base, metrics: ['visitors', 'dark_social_share'], dimensions: ['device'] },
    browsers: { ...base, metrics: ['visitors', 'dark_social_share'], dimensions: ['browser'] },
    // Each link of a kit: its previews beside its own clicks (a preview is stored under the app
    // that fetched the link, a click under the link's channel: by source they would not meet).
    'share funnel': {
      ...base,
      metrics: ['previews', 'clicks', 'clicks_per_preview'],
      dimensions: ['link', 'variant'],
      limit: 20,
    },
    // The apps that drew those previews, a breakdown of the funnel's previews.
    'share funnel apps': {
      ...base,
      metrics: ['previews'],
      dimensions: ['link', 'variant', 'source'],
      limit: 500,
    },
    generations: { ...base, metrics: ['visits', 'amplification'], dimensions: ['generation'] },
  };
}

/**
 * The questions of the Goals view (issue 14, docs/goals.md) for one site, range and goal (its
 * name; undefined: every goal). Converters and the rate count people per goal, so they are asked
 * per goal, or for the one goal chosen; revenue is asked per currency. bench/stats can time them
 * beside the Overview's.
 */
export function goalQueries(
  site: string,
  dateRange: DateRangeInput,
  goal?: string,
): Record<string, StatsQueryInput> {
  const base = { site, date_range: dateRange } as const;
  const chosen: Filter[] = goal === undefined ? [] : [['is', 'goal', [goal]]];
  const dark: Filter[] = [...chosen, ['is', 'channel', ['dark-social']]];
  const people: Metric[] =
    goal === undefined ? ['conversions'] : ['conversions', 'converters', 'conversion_rate'];
  return {
    'conversions by goal': {
      ...base,
      metrics: ['conversions', 'converters', 'conversion_rate'],
      dimensions: ['goal'],
      compare: 'previous_period',
      limit: 500,
    },
    'revenue by goal': { ...base, metrics: ['revenue'], dimensions: ['goal', 'currency'], limit: 500 },
    'goal headline': { ...base, metrics: people, filters: chosen, compare: 'previous_period' },
    'goal revenue headline': {
      ...base,
      metrics: ['revenue', 'average_revenue'],
      dimensions: ['currency'],
      filters: chosen,
      compare: 'previous_period',
    },
    'goal by channel': { ...base, metrics: people, dimensions: ['channel'], filters: chosen, limit: 50 },
    'goal dark social by app': { ...base, metrics: people, dimensions: ['source'], filters: dark, limit: 50 },
    'goal dark social by way of sharing': {
      ...base,
      metrics: people,
      dimensions: ['medium'],
      filters: dark,
      limit: 50,
    },
    'revenue by channel': {
      ...base,
      metrics: ['revenue', 'average_revenue', 'conversions'],
      dimensions: ['channel', 'currency'],
      filters: chosen,
      limit: 200,
    },
  };
}
