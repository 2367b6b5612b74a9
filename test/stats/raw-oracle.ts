import type {
  DayRange,
  Dimension,
  Filter,
  Metric,
  StatsQuery,
  StatsRow,
} from '../../src/stats/query-model.js';
import type { Link, StoredEvent } from '../../src/store/store.js';

/*
 * The reference answer to a stats query, computed from raw events by brute force, written
 * apart from the rollup code so the property test compares two independent readings of the
 * same definitions (docs/stats.md):
 * - a visit is a page view whose channel is not `internal`;
 * - a visitor is counted on their first page view of a local day (first by storage order), in
 *   that page view's channel, source, country…; with a page dimension or filter, on their first
 *   page view of that page that day;
 * - GA4 "Direct" visits are visits whose evidence shows neither referrer nor campaign.
 */

interface Facts {
  event: StoredEvent;
  day: string;
  hour: string;
  newVisitor: boolean;
  newPageVisitor: boolean;
}

function wallClock(ms: number, timeZone: string): { day: string; hour: string } {
  // sv-SE writes `YYYY-MM-DD HH:mm:ss`.
  const text = new Date(ms).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' });
  return { day: text.slice(0, 10), hour: `${text.slice(0, 10)} ${text.slice(11, 13)}:00` };
}

export function factsOf(events: readonly StoredEvent[], timeZone: string): Facts[] {
  const seenDay = new Set<string>();
  const seenPage = new Set<string>();
  return [...events]
    .sort((a, b) => a.id - b.id)
    .map((event) => {
      const { day, hour } = wallClock(event.occurredAt, timeZone);
      let newVisitor = false;
      let newPageVisitor = false;
      if (event.type === 'pageview' && event.visitorHash) {
        const visitorKey = JSON.stringify([day, event.visitorHash]);
        newVisitor = !seenDay.has(visitorKey);
        seenDay.add(visitorKey);
        if (event.path !== null) {
          const pageKey = JSON.stringify([day, event.path, event.visitorHash]);
          newPageVisitor = !seenPage.has(pageKey);
          seenPage.add(pageKey);
        }
      }
      return { event, day, hour, newVisitor, newPageVisitor };
    });
}

function isoMonday(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

function dimensionValue(
  facts: Facts,
  dimension: Dimension,
  links: ReadonlyMap<string, Link>,
): string | undefined {
  const { event } = facts;
  const link = event.linkId ? links.get(event.linkId) : undefined;
  switch (dimension) {
    case 'time:hour':
      return facts.hour;
    case 'time:day':
      return facts.day;
    case 'time:week':
      return isoMonday(facts.day);
    case 'time:month':
      return `${facts.day.slice(0, 7)}-01`;
    case 'channel':
    case 'medium':
    case 'source':
    case 'confidence':
      return event[dimension];
    case 'page':
      return event.path ?? undefined;
    case 'country':
      return event.type === 'pageview' ? (event.country ?? '') : undefined;
    case 'device':
      return event.type === 'pageview' ? (event.device ?? '') : undefined;
    case 'browser':
      return event.type === 'pageview' ? (event.browser ?? '') : undefined;
    case 'generation':
      return event.type === 'pageview' ? String(event.generation ?? 0) : undefined;
    case 'link':
      return link ? ((link.parentId ? links.get(link.parentId)?.slug : undefined) ?? link.slug) : undefined;
    case 'variant':
      return link?.slug;
  }
}

function matches(value: string | undefined, filter: Filter): boolean {
  if (value === undefined) return false;
  const [operator, , values] = filter;
  if (operator === 'is') return values.includes(value);
  if (operator === 'is_not') return !values.includes(value);
  return values.some((needle) => value.toLowerCase().includes(needle.toLowerCase()));
}

const GA4_DIRECT = new Set(['none', 'deep-link', 'share-token', 'in-app-browser']);

function metricOf(metric: Metric, rows: readonly Facts[], pageLevel: boolean): number | null {
  const count = (test: (facts: Facts) => boolean) => rows.filter(test).length;
  const visit = (facts: Facts) => facts.event.type === 'pageview' && facts.event.channel !== 'internal';
  const ofType = (type: StoredEvent['type']) => count((facts) => facts.event.type === type);
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  switch (metric) {
    case 'visitors':
      return count((facts) => (pageLevel ? facts.newPageVisitor : facts.newVisitor));
    case 'visits':
      return count(visit);
    case 'pageviews':
      return ofType('pageview');
    case 'clicks':
      return ofType('click');
    case 'previews':
      return ofType('preview');
    case 'bots':
      return ofType('bot');
    case 'shares':
      return ofType('share');
    case 'copies':
      return ofType('copy');
    case 'outbound':
      return ofType('outbound');
    case 'events':
      return ofType('event');
    case 'ga4_direct_visits':
      return count((facts) => visit(facts) && GA4_DIRECT.has(facts.event.evidence));
    case 'dark_social_share':
      return ratio(
        count((facts) => visit(facts) && facts.event.channel === 'dark-social'),
        count(visit),
      );
    case 'amplification':
      return ratio(
        count((facts) => visit(facts) && (facts.event.generation ?? 0) > 0),
        count((facts) => visit(facts) && (facts.event.generation ?? 0) === 0),
      );
    case 'clicks_per_preview':
      return ratio(ofType('click'), ofType('preview'));
    // Goal metrics come from the goal rollups (goal-engine.ts), which the traffic engine never
    // answers; test/goals/goal-stats-api.test.ts checks them against a count of the raw events.
    case 'conversions':
    case 'converters':
    case 'conversion_rate':
    case 'revenue':
    case 'average_revenue':
      throw new Error(`the traffic oracle has no ${metric}`);
  }
}

function inRange(facts: Facts, range: DayRange): boolean {
  return facts.day >= range.from && facts.day <= range.to;
}

/** Rows of one period, keyed by their dimension values; no time filling, no order. */
export function oracleRows(
  facts: readonly Facts[],
  query: StatsQuery,
  range: DayRange,
  links: ReadonlyMap<string, Link>,
): Map<string, StatsRow> {
  const filterDimensions = query.filters.map(([, dimension]) => dimension);
  const pageLevel = [...query.dimensions, ...filterDimensions].includes('page');
  const groups = new Map<string, Facts[]>();
  for (const fact of facts) {
    if (!inRange(fact, range)) continue;
    if (!query.filters.every((filter) => matches(dimensionValue(fact, filter[1], links), filter))) continue;
    const values = query.dimensions.map((dimension) => dimensionValue(fact, dimension, links));
    if (values.some((value) => value === undefined)) continue;
    const key = JSON.stringify(values);
    groups.set(key, [...(groups.get(key) ?? []), fact]);
  }
  if (query.dimensions.length === 0 && groups.size === 0) groups.set('[]', []);
  const rows = new Map<string, StatsRow>();
  for (const [key, group] of groups) {
    rows.set(key, {
      dimensions: JSON.parse(key) as string[],
      metrics: query.metrics.map((metric) => metricOf(metric, group, pageLevel)),
    });
  }
  return rows;
}
