import type { NewEvent } from '../store.js';
import { dayOfHour } from './local-hour.js';
import {
  type ClaimTable,
  MONTHLY_TWINS,
  PAGE_VISITOR_DAYS,
  ROLLUP_BROWSERS,
  ROLLUP_DAILY,
  ROLLUP_GENERATIONS,
  ROLLUP_GEO,
  ROLLUP_HOURLY,
  ROLLUP_LINKS,
  ROLLUP_PAGE_TOTALS,
  ROLLUP_PAGES,
  type RollupTable,
  VISITOR_DAYS,
} from './rollup-tables.js';

/** A stored event as the rollups see it: its fields and its local hour bucket. */
export type RollupEvent = Required<
  Pick<
    NewEvent,
    | 'siteId'
    | 'linkId'
    | 'type'
    | 'channel'
    | 'medium'
    | 'source'
    | 'evidence'
    | 'confidence'
    | 'occurredAt'
    | 'path'
    | 'visitorHash'
    | 'country'
    | 'device'
    | 'browser'
    | 'generation'
  >
> & { localHour: string };

/** One row to add into a rollup table: key values then counter values then minimum values. */
export interface RollupRow {
  keys: (string | number)[];
  sums: number[];
  mins: number[];
}

export type ClaimRow = string[];

const SEPARATOR = '\u0001';

export function claimKey(values: readonly (string | number)[]): string {
  return values.join(SEPARATOR);
}

/** The counter an event type adds to in the traffic tables. */
export const TYPE_COUNTER: Readonly<Record<NewEvent['type'], string>> = {
  pageview: 'pageviews',
  click: 'clicks',
  preview: 'previews',
  bot: 'bots',
  share: 'shares',
  copy: 'copies',
  outbound: 'outbound',
  event: 'events',
};

/**
 * Evidence that means the request carried neither a referrer nor campaign parameters, which
 * GA4's default channel grouping files as "Direct" (source `(direct)`, medium `(none)`:
 * https://support.google.com/analytics/answer/9756891). A share token travels in the fragment,
 * which no browser sends, and in-app browsers of chat apps send no referrer; both are Direct to
 * GA4 and dark social to us — the gap this product exists to show.
 */
export const GA4_DIRECT_EVIDENCE: ReadonlySet<string> = new Set([
  'none',
  'deep-link',
  'share-token',
  'in-app-browser',
]);

/** A visit is an arrival from outside the site: a page view not reached by internal navigation. */
export function isVisit(event: Pick<RollupEvent, 'type' | 'channel'>): boolean {
  return event.type === 'pageview' && event.channel !== 'internal';
}

export function isGa4Direct(event: Pick<RollupEvent, 'type' | 'channel' | 'evidence'>): boolean {
  return isVisit(event) && GA4_DIRECT_EVIDENCE.has(event.evidence);
}

function visitorClaim(event: RollupEvent): ClaimRow | undefined {
  if (event.type !== 'pageview' || !event.visitorHash) return undefined;
  return [event.siteId, dayOfHour(event.localHour), event.visitorHash];
}

function pageVisitorClaim(event: RollupEvent): ClaimRow | undefined {
  if (event.type !== 'pageview' || !event.visitorHash || event.path === null) return undefined;
  return [event.siteId, dayOfHour(event.localHour), event.path, event.visitorHash];
}

/** A batch's claim rows, and a way to turn the store's answer into rollup rows. */
export interface PreparedRollups {
  claims: Map<ClaimTable, ClaimRow[]>;
  /** `fresh` maps a claim table's name to the claim keys the store had not seen before. */
  deltas(fresh: ReadonlyMap<string, ReadonlySet<string>>): Map<RollupTable, RollupRow[]>;
}

interface EventClaims {
  keys: (string | undefined)[];
  /** The first row of each key, in batch order. */
  rows: ClaimRow[];
}

/** Each event's claim key for one claim table, computed once and used twice (to claim, then to count). */
function claimsFor(
  events: readonly RollupEvent[],
  claimOf: (event: RollupEvent) => ClaimRow | undefined,
): EventClaims {
  const keys: (string | undefined)[] = new Array(events.length);
  const rows: ClaimRow[] = [];
  const seen = new Set<string>();
  for (const [index, event] of events.entries()) {
    const row = claimOf(event);
    if (row === undefined) continue;
    const key = claimKey(row);
    keys[index] = key;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return { keys, rows };
}

/**
 * Prepares a batch of stored events for the rollups. The store inserts `claims` (each claim
 * table's rows, once each, in batch order), learns which were new, and passes those keys to
 * `deltas`: a person counts as a visitor on the first page view of their day that claims them
 * (on the site: the first one; on a page: the first one on that page).
 *
 * Rows come out sorted by key, so concurrent writers lock rollup rows in one order (no deadlock
 * between two PostgreSQL transactions adding to the same rows).
 */
export function prepareRollups(events: readonly RollupEvent[]): PreparedRollups {
  const visitors = claimsFor(events, visitorClaim);
  const pages = claimsFor(events, pageVisitorClaim);
  const claims = new Map<ClaimTable, ClaimRow[]>([
    [VISITOR_DAYS, visitors.rows],
    [PAGE_VISITOR_DAYS, pages.rows],
  ]);
  return {
    claims,
    deltas(fresh) {
      const newVisitors = fresh.get(VISITOR_DAYS.name) ?? new Set<string>();
      const newPageVisitors = fresh.get(PAGE_VISITOR_DAYS.name) ?? new Set<string>();
      const counted = new Set<string>();
      const firstOnce = (key: string | undefined, known: ReadonlySet<string>): number => {
        if (key === undefined || !known.has(key) || counted.has(key)) return 0;
        counted.add(key);
        return 1;
      };
      const deltas = new DeltaSet();
      for (const [index, event] of events.entries()) {
        addEvent(
          deltas,
          event,
          firstOnce(visitors.keys[index], newVisitors),
          firstOnce(pages.keys[index], newPageVisitors),
        );
      }
      return deltas.sorted();
    },
  };
}

/**
 * Accumulates rows per table, merging rows with the same key. The hot loop of every event
 * write: keys are built by concatenation and counters bumped by index, without per-event objects.
 */
class DeltaSet {
  readonly #tables = new Map<RollupTable, Map<string, RollupRow>>();

  row(table: RollupTable, key: string, keys: () => (string | number)[]): RollupRow {
    let rows = this.#tables.get(table);
    if (rows === undefined) {
      rows = new Map();
      this.#tables.set(table, rows);
    }
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        keys: keys(),
        sums: new Array<number>(table.sums.length).fill(0),
        mins: new Array<number>(table.mins.length).fill(Number.MAX_SAFE_INTEGER),
      };
      rows.set(key, row);
    }
    return row;
  }

  /** Every table's rows sorted by key, with the monthly twins folded from their daily rows. */
  sorted(): Map<RollupTable, RollupRow[]> {
    for (const [daily, monthly] of MONTHLY_TWINS) {
      const rows = this.#tables.get(daily);
      if (rows !== undefined) this.#fold(rows, monthly, daily.keys.indexOf('day'));
    }
    const sorted = new Map<RollupTable, RollupRow[]>();
    for (const [table, rows] of this.#tables) {
      const keys = [...rows.keys()].sort();
      sorted.set(
        table,
        keys.map((key) => rows.get(key) as RollupRow),
      );
    }
    return sorted;
  }

  #fold(daily: Map<string, RollupRow>, monthly: RollupTable, dayIndex: number): void {
    for (const source of daily.values()) {
      const keys = source.keys.map((value, index) =>
        index === dayIndex ? String(value).slice(0, 7) : value,
      );
      const row = this.row(monthly, claimKey(keys), () => keys);
      for (const [index, value] of source.sums.entries()) row.sums[index] = (row.sums[index] ?? 0) + value;
      for (const [index, value] of source.mins.entries()) {
        row.mins[index] = Math.min(row.mins[index] ?? Number.MAX_SAFE_INTEGER, value);
      }
    }
  }
}

/** Where each counter sits in its table's `sums` (rollup-tables.ts). */
function indexer(table: RollupTable): (column: string) => number {
  return (column) => {
    const index = table.sums.indexOf(column);
    if (index < 0) throw new Error(`${table.name} has no counter ${column}`);
    return index;
  };
}

const TRAFFIC = indexer(ROLLUP_HOURLY);
const TRAFFIC_BY_TYPE = Object.fromEntries(
  Object.entries(TYPE_COUNTER).map(([type, column]) => [type, TRAFFIC(column)]),
) as Record<NewEvent['type'], number>;
const T_VISITS = TRAFFIC('visits');
const T_VISITORS = TRAFFIC('visitors');
const T_GA4 = TRAFFIC('ga4_direct_visits');
const PAGES = indexer(ROLLUP_PAGES);
const PAGES_BY_TYPE = Object.fromEntries(
  Object.entries(TYPE_COUNTER).map(([type, column]) => [type, ROLLUP_PAGES.sums.indexOf(column)]),
) as Record<NewEvent['type'], number>;
const P_VISITS = PAGES('visits');
const P_VISITORS = PAGES('visitors');
const P_DARK_VISITS = indexer(ROLLUP_PAGE_TOTALS)('dark_visits');
const GEO = indexer(ROLLUP_GEO);
const G_VISITORS = GEO('visitors');
const G_VISITS = GEO('visits');
const G_PAGEVIEWS = GEO('pageviews');
const BROWSERS = indexer(ROLLUP_BROWSERS);
const B_VISITORS = BROWSERS('visitors');
const B_VISITS = BROWSERS('visits');
const B_PAGEVIEWS = BROWSERS('pageviews');
const GENERATIONS = indexer(ROLLUP_GENERATIONS);
const N_VISITS = GENERATIONS('visits');
const N_PAGEVIEWS = GENERATIONS('pageviews');

function bumpTraffic(row: RollupRow, type: number, visit: number, visitor: number, ga4: number): void {
  const sums = row.sums;
  sums[type] = (sums[type] ?? 0) + 1;
  sums[T_VISITS] = (sums[T_VISITS] ?? 0) + visit;
  sums[T_VISITORS] = (sums[T_VISITORS] ?? 0) + visitor;
  sums[T_GA4] = (sums[T_GA4] ?? 0) + ga4;
}

function addEvent(deltas: DeltaSet, event: RollupEvent, visitor: number, pageVisitor: number): void {
  const S = SEPARATOR;
  const { siteId, localHour, channel, medium, source, confidence } = event;
  const day = dayOfHour(localHour);
  const visit = isVisit(event) ? 1 : 0;
  const ga4 = isGa4Direct(event) ? 1 : 0;
  const type = TRAFFIC_BY_TYPE[event.type];
  const tail = `${channel}${S}${medium}${S}${source}${S}${confidence}`;
  const dims = () => [channel, medium, source, confidence];
  bumpTraffic(
    deltas.row(ROLLUP_HOURLY, `${siteId}${S}${localHour}${S}${tail}`, () => [siteId, localHour, ...dims()]),
    type,
    visit,
    visitor,
    ga4,
  );
  bumpTraffic(
    deltas.row(ROLLUP_DAILY, `${siteId}${S}${day}${S}${tail}`, () => [siteId, day, ...dims()]),
    type,
    visit,
    visitor,
    ga4,
  );
  if (event.linkId !== null) {
    const { linkId } = event;
    const row = deltas.row(
      ROLLUP_LINKS,
      `${siteId}${S}${linkId}${S}${day}${S}${event.type}${S}${channel}${S}${source}`,
      () => [siteId, linkId, day, event.type, channel, source],
    );
    row.sums[0] = (row.sums[0] ?? 0) + 1;
    row.mins[0] = Math.min(row.mins[0] ?? Number.MAX_SAFE_INTEGER, event.occurredAt);
  }
  const path = event.path;
  if (path !== null) {
    const counter = PAGES_BY_TYPE[event.type];
    const byChannel = deltas.row(ROLLUP_PAGES, `${siteId}${S}${day}${S}${path}${S}${channel}`, () => [
      siteId,
      day,
      path,
      channel,
    ]);
    const total = deltas.row(ROLLUP_PAGE_TOTALS, `${siteId}${S}${day}${S}${path}`, () => [siteId, day, path]);
    for (const row of [byChannel, total]) {
      if (counter >= 0) row.sums[counter] = (row.sums[counter] ?? 0) + 1;
      row.sums[P_VISITS] = (row.sums[P_VISITS] ?? 0) + visit;
      row.sums[P_VISITORS] = (row.sums[P_VISITORS] ?? 0) + pageVisitor;
    }
    if (channel === 'dark-social') total.sums[P_DARK_VISITS] = (total.sums[P_DARK_VISITS] ?? 0) + visit;
  }
  if (event.type !== 'pageview') return;
  const country = event.country ?? '';
  const device = event.device ?? '';
  const geo = deltas.row(ROLLUP_GEO, `${siteId}${S}${day}${S}${country}${S}${device}${S}${channel}`, () => [
    siteId,
    day,
    country,
    device,
    channel,
  ]);
  geo.sums[G_VISITORS] = (geo.sums[G_VISITORS] ?? 0) + visitor;
  geo.sums[G_VISITS] = (geo.sums[G_VISITS] ?? 0) + visit;
  geo.sums[G_PAGEVIEWS] = (geo.sums[G_PAGEVIEWS] ?? 0) + 1;
  const browser = event.browser ?? '';
  const family = deltas.row(
    ROLLUP_BROWSERS,
    `${siteId}${S}${day}${S}${browser}${S}${device}${S}${channel}`,
    () => [siteId, day, browser, device, channel],
  );
  family.sums[B_VISITORS] = (family.sums[B_VISITORS] ?? 0) + visitor;
  family.sums[B_VISITS] = (family.sums[B_VISITS] ?? 0) + visit;
  family.sums[B_PAGEVIEWS] = (family.sums[B_PAGEVIEWS] ?? 0) + 1;
  // A page view without a path still counts in the site's share chains, under the page ''.
  const page = path ?? '';
  const generation = event.generation ?? 0;
  const chain = deltas.row(ROLLUP_GENERATIONS, `${siteId}${S}${day}${S}${page}${S}${generation}`, () => [
    siteId,
    day,
    page,
    generation,
  ]);
  chain.sums[N_VISITS] = (chain.sums[N_VISITS] ?? 0) + visit;
  chain.sums[N_PAGEVIEWS] = (chain.sums[N_PAGEVIEWS] ?? 0) + 1;
}
