import type { Filter, Metric, PlainDimension, StatsQueryInput } from '../../stats/query-model';

/** Filters that live in the URL: `channel` and `source` match exactly, `page` is a substring. */
export const FILTER_PARAMS = ['channel', 'source', 'page'] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

export interface ActiveFilter {
  param: FilterParam;
  value: string;
}

export function readFilters(query: URLSearchParams): ActiveFilter[] {
  return FILTER_PARAMS.flatMap((param) => {
    const value = query.get(param)?.trim();
    return value ? [{ param, value: value.slice(0, 300) }] : [];
  });
}

function toFilter(filter: ActiveFilter): Filter {
  const dimension: PlainDimension = filter.param;
  return [filter.param === 'page' ? 'contains' : 'is', dimension, [filter.value]];
}

const LINK_METRICS: ReadonlySet<Metric> = new Set(['clicks', 'previews', 'bots', 'clicks_per_preview']);
/** What the page rollups sum (docs/stats.md, "The rollup tables"). */
const PAGE_METRICS: ReadonlySet<Metric> = new Set([
  'visitors',
  'visits',
  'pageviews',
  'shares',
  'copies',
  'outbound',
  'events',
  'dark_social_share',
]);

/**
 * The URL filters a question can take, after the rollup tables of docs/stats.md: pages are kept
 * per channel but not per source, generations per page only, countries, devices and browsers per channel,
 * links per channel and source (but clicks per preview by neither), the rest per channel, medium,
 * source and confidence. A filter a
 * question cannot take is left out (and said so on screen), rather than failing the panel.
 */
export function usableFilters(question: StatsQueryInput, filters: readonly ActiveFilter[]): ActiveFilter[] {
  const dimensions = (question.dimensions ?? []).filter((dimension) => !dimension.startsWith('time:'));
  const has = (dimension: string) => dimensions.includes(dimension as PlainDimension);
  const page = filters.some((filter) => filter.param === 'page');
  let allowed: FilterParam[];
  // A link's previews and clicks are filed under different channels and sources (the fetching
  // app, the link's channel): their ratio takes neither filter (docs/stats.md, "Clicks per preview").
  if (question.metrics.includes('clicks_per_preview')) allowed = [];
  else if (has('generation') || question.metrics.includes('amplification')) allowed = ['page'];
  else if (has('page')) allowed = ['channel', 'page'];
  else if (has('country') || has('device') || has('browser')) allowed = ['channel'];
  else if (question.metrics.some((metric) => LINK_METRICS.has(metric))) allowed = ['channel', 'source'];
  else if (
    page &&
    dimensions.every((dimension) => dimension === 'channel') &&
    question.metrics.every((metric) => PAGE_METRICS.has(metric))
  )
    allowed = ['channel', 'page'];
  else allowed = ['channel', 'source'];
  return filters.filter((filter) => allowed.includes(filter.param));
}

/** `question` with the URL's filters it can take added. */
export function withFilters(question: StatsQueryInput, filters: readonly ActiveFilter[]): StatsQueryInput {
  const usable = usableFilters(question, filters);
  if (usable.length === 0) return question;
  return { ...question, filters: [...(question.filters ?? []), ...usable.map(toFilter)] };
}

/** The active filters a (filtered) question does not apply. */
export function filtersLeftOut(question: StatsQueryInput, filters: readonly ActiveFilter[]): ActiveFilter[] {
  const applied = (question.filters ?? []).map((filter) => `${filter[1]}\u0000${filter[2].join('\u0000')}`);
  return filters.filter((filter) => !applied.includes(`${filter.param}\u0000${filter.value}`));
}
