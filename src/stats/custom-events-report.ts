import type { Site, Store, StoredEvent } from '../store/store.js';
import { roundMoney } from './currency-digits.js';
import { localDay } from './date-range.js';
import type { DayRange } from './query-model.js';
import { roundCount, STRICT_ROUNDING } from './strict-rounding.js';

/** Custom events read per answer (newest first); past it the answer says `truncated`. */
export const CUSTOM_EVENT_LIMIT = 200_000;
/** Event names in an answer, the most fired first. */
export const EVENT_NAME_LIMIT = 100;
/** Values listed per property of the chosen event, the most seen first. */
export const PROPERTY_VALUE_LIMIT = 20;
/** A property value longer than this is cut (with `…`): a label, not a document. */
export const PROPERTY_VALUE_CHARS = 100;

export interface CustomEventCount {
  name: string;
  /** Times the event was fired in the range. */
  events: number;
  /** People who fired it, once per local day each (like every visitor count: docs/stats.md). */
  visitors: number;
  /**
   * The revenue its events carried, one sum per currency (the most events first), never converted;
   * absent when none carried any. Sums are net of refunds (negative amounts).
   */
  revenue?: RevenueSum[];
}

export interface RevenueSum {
  /** ISO 4217 code. */
  currency: string;
  /** The sum, rounded to the currency's minor unit (2 for EUR, 0 for JPY). */
  amount: number;
  /** The events that carried revenue in this currency. */
  events: number;
}

export interface PropertyValueCount {
  /** The value as text (`true`, `9.99`, `pricing`). */
  value: string;
  events: number;
}

export interface EventProperty {
  key: string;
  /** The events of the chosen name that carried this property. */
  events: number;
  values: PropertyValueCount[];
  /** Distinct values beyond the ones listed. */
  otherValues: number;
}

export interface CustomEventsReport {
  range: { from: string; to: string };
  /** The most fired first, at most EVENT_NAME_LIMIT. */
  events: CustomEventCount[];
  /** The chosen event's properties (the most carried first), when `event` was asked. */
  properties?: { name: string; properties: EventProperty[] };
  /** The read limit was reached: older events of the range were not read. */
  truncated: boolean;
  /** Strict sites: every count rounded to the nearest 10, rows that round to 0 left out. */
  roundedTo?: number;
}

const HOUR_MS = 3_600_000;
/** No zone is more than 14 hours ahead of UTC (Pacific/Kiritimati). */
const MAX_ZONE_AHEAD_MS = 14 * HOUR_MS;
/** Every zone's offset is a multiple of 15 minutes: one local day per quarter hour. */
const QUARTER_MS = 900_000;

/** The custom events of the range, each with its local day. */
function eventsInRange(events: readonly StoredEvent[], range: DayRange, timeZone: string) {
  const days = new Map<number, string>();
  const kept: { event: StoredEvent; day: string }[] = [];
  for (const event of events) {
    if (event.type !== 'event' || !event.name) continue;
    const quarter = Math.floor(event.occurredAt / QUARTER_MS);
    let day = days.get(quarter);
    if (day === undefined) {
      day = localDay(quarter * QUARTER_MS, timeZone);
      days.set(quarter, day);
    }
    if (day >= range.from && day <= range.to) kept.push({ event, day });
  }
  return kept;
}

/** A stored props JSON as flat key → text pairs; anything unreadable is no property. */
function propertiesOf(props: string | null): [string, string][] {
  if (!props) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(props);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>).flatMap(([key, value]) =>
    ['string', 'number', 'boolean'].includes(typeof value)
      ? [[key, cut(String(value))] as [string, string]]
      : [],
  );
}

function cut(text: string): string {
  return text.length > PROPERTY_VALUE_CHARS ? `${text.slice(0, PROPERTY_VALUE_CHARS - 1)}…` : text;
}

function revenueSums(sums: Map<string, { amount: number; events: number }>): RevenueSum[] {
  return [...sums]
    .map(([currency, sum]) => ({
      currency,
      // + 0 turns a sum of -0 into 0.
      amount: roundMoney(sum.amount, currency) + 0,
      events: sum.events,
    }))
    .sort(
      byCountThenText(
        (sum) => sum.events,
        (sum) => sum.currency,
      ),
    );
}

/**
 * Counts by name: events, visitors as distinct (day, visitor hash) pairs — the hash stays here —
 * and revenue per currency.
 */
function countByName(events: readonly { event: StoredEvent; day: string }[]): CustomEventCount[] {
  const counts = new Map<
    string,
    { events: number; people: Set<string>; revenue: Map<string, { amount: number; events: number }> }
  >();
  for (const { event, day } of events) {
    const name = event.name as string;
    let count = counts.get(name);
    if (!count) {
      count = { events: 0, people: new Set(), revenue: new Map() };
      counts.set(name, count);
    }
    count.events += 1;
    if (event.visitorHash) count.people.add(`${day}\u0000${event.visitorHash}`);
    if (event.revenue !== null && event.currency !== null) {
      const sum = count.revenue.get(event.currency) ?? { amount: 0, events: 0 };
      sum.amount += event.revenue;
      sum.events += 1;
      count.revenue.set(event.currency, sum);
    }
  }
  return [...counts].map(([name, count]) => ({
    name,
    events: count.events,
    visitors: count.people.size,
    ...(count.revenue.size > 0 ? { revenue: revenueSums(count.revenue) } : {}),
  }));
}

function propertiesOfName(
  events: readonly { event: StoredEvent }[],
  name: string,
): Map<string, Map<string, number>> {
  const byKey = new Map<string, Map<string, number>>();
  for (const { event } of events) {
    if (event.name !== name) continue;
    for (const [key, value] of propertiesOf(event.props)) {
      let values = byKey.get(key);
      if (!values) {
        values = new Map();
        byKey.set(key, values);
      }
      values.set(value, (values.get(value) ?? 0) + 1);
    }
  }
  return byKey;
}

const byCountThenText =
  <T>(count: (item: T) => number, text: (item: T) => string) =>
  (a: T, b: T) =>
    count(b) - count(a) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0);

/**
 * The custom-events report (issue 14): events by name with their counts, visitors and revenue per
 * currency, and for one
 * chosen name its properties' values with counts. The rollups sum custom events but keep neither
 * their names nor their properties, so this reads the raw events of the range (like the share
 * cascades), within the site's retention. No visitor hash or stored id leaves this function; on a
 * strict site every count is rounded to the nearest 10 before anything is ranked, and a name or a
 * value that rounds to 0 is left out, so a rare value cannot single anybody out.
 */
export async function customEventsReport(
  store: Pick<Store, 'listEvents'>,
  site: Site,
  range: DayRange,
  options: { event?: string | undefined; eventLimit?: number | undefined } = {},
): Promise<CustomEventsReport> {
  const limit = options.eventLimit ?? CUSTOM_EVENT_LIMIT;
  const read = await store.listEvents({
    siteId: site.id,
    types: ['event'],
    since: Date.parse(`${range.from}T00:00:00Z`) - MAX_ZONE_AHEAD_MS,
    limit,
  });
  const strict = site.privacyMode === 'strict';
  const round = (value: number) => (strict ? roundCount(value) : value);
  const events = eventsInRange(read, range, site.timezone);
  // A strict site's revenue sums stay exact: an amount says what was sold, not who bought it; the
  // count of events that carried it is rounded like every count.
  const names = countByName(events)
    .map((count) => ({
      ...count,
      events: round(count.events),
      visitors: round(count.visitors),
      ...(count.revenue
        ? { revenue: count.revenue.map((sum) => ({ ...sum, events: round(sum.events) })) }
        : {}),
    }))
    .filter((count) => count.events > 0)
    .sort(
      byCountThenText(
        (count) => count.events,
        (count) => count.name,
      ),
    )
    .slice(0, EVENT_NAME_LIMIT);
  const report: CustomEventsReport = {
    range: { from: range.from, to: range.to },
    events: names,
    truncated: read.length >= limit,
    ...(strict ? { roundedTo: STRICT_ROUNDING } : {}),
  };
  if (options.event === undefined) return report;
  const properties = [...propertiesOfName(events, options.event)]
    .map(([key, values]) => {
      const counted = [...values]
        .map(([value, count]) => ({ value, events: round(count) }))
        .filter((value) => value.events > 0)
        .sort(
          byCountThenText(
            (value) => value.events,
            (value) => value.value,
          ),
        );
      const carried = round([...values.values()].reduce((total, count) => total + count, 0));
      return {
        key,
        events: carried,
        values: counted.slice(0, PROPERTY_VALUE_LIMIT),
        otherValues: counted.length - Math.min(counted.length, PROPERTY_VALUE_LIMIT),
      };
    })
    .filter((property) => property.values.length > 0)
    .sort(
      byCountThenText(
        (property) => property.events,
        (property) => property.key,
      ),
    );
  return { ...report, properties: { name: options.event, properties } };
}
