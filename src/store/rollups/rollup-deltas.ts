import type { NewEvent } from '../store.js';
import { dayOfHour } from './local-hour.js';
import {
  type ClaimTable,
  PAGE_VISITOR_DAYS,
  ROLLUP_DAILY,
  ROLLUP_GENERATIONS,
  ROLLUP_GEO,
  ROLLUP_HOURLY,
  ROLLUP_LINKS,
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
    | 'generation'
    | 'originChannel'
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
const TYPE_COUNTER: Readonly<Record<NewEvent['type'], string>> = {
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
const GA4_DIRECT_EVIDENCE: ReadonlySet<string> = new Set([
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

/** The visitor rows a batch asks to claim, each once, in batch order. */
export function claimsOf(events: readonly RollupEvent[]): Map<ClaimTable, ClaimRow[]> {
  const claims = new Map<ClaimTable, ClaimRow[]>();
  for (const [table, claimOf] of [
    [VISITOR_DAYS, visitorClaim],
    [PAGE_VISITOR_DAYS, pageVisitorClaim],
  ] as const) {
    const seen = new Set<string>();
    const rows: ClaimRow[] = [];
    for (const event of events) {
      const row = claimOf(event);
      if (row === undefined) continue;
      const key = claimKey(row);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
    claims.set(table, rows);
  }
  return claims;
}

/** Accumulates rows per table, merging rows with the same key. */
class DeltaSet {
  readonly tables = new Map<RollupTable, Map<string, RollupRow>>();

  add(
    table: RollupTable,
    keys: (string | number)[],
    sums: Readonly<Record<string, number>>,
    mins?: number,
  ): void {
    let rows = this.tables.get(table);
    if (rows === undefined) {
      rows = new Map();
      this.tables.set(table, rows);
    }
    const key = claimKey(keys);
    let row = rows.get(key);
    if (row === undefined) {
      row = { keys, sums: table.sums.map(() => 0), mins: table.mins.map(() => Number.MAX_SAFE_INTEGER) };
      rows.set(key, row);
    }
    for (const [index, column] of table.sums.entries()) {
      row.sums[index] = (row.sums[index] ?? 0) + (sums[column] ?? 0);
    }
    if (mins !== undefined) row.mins = row.mins.map((value) => Math.min(value, mins));
  }
}

/**
 * The rows to add to every rollup table for a batch of stored events, in batch order.
 * `newVisitors` / `newPageVisitors` hold the claim keys the store had not seen before this
 * batch: a person counts as a visitor on the first page view of their day that claims them
 * (on the site: the first one; on a page: the first one on that page).
 *
 * Rows come out sorted by key, so concurrent writers lock rollup rows in one order (no deadlock
 * between two PostgreSQL transactions adding to the same rows).
 */
export function rollupDeltas(
  events: readonly RollupEvent[],
  newVisitors: ReadonlySet<string>,
  newPageVisitors: ReadonlySet<string>,
): Map<RollupTable, RollupRow[]> {
  const deltas = new DeltaSet();
  const counted = new Set<string>();
  const firstOnce = (claim: ClaimRow | undefined, fresh: ReadonlySet<string>): number => {
    if (claim === undefined) return 0;
    const key = claimKey(claim);
    if (!fresh.has(key) || counted.has(key)) return 0;
    counted.add(key);
    return 1;
  };
  for (const event of events)
    addEvent(deltas, event, {
      visitor: firstOnce(visitorClaim(event), newVisitors),
      pageVisitor: firstOnce(pageVisitorClaim(event), newPageVisitors),
    });
  const sorted = new Map<RollupTable, RollupRow[]>();
  for (const [table, rows] of deltas.tables) {
    sorted.set(
      table,
      [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row),
    );
  }
  return sorted;
}

function addEvent(
  deltas: DeltaSet,
  event: RollupEvent,
  fresh: { visitor: number; pageVisitor: number },
): void {
  const day = dayOfHour(event.localHour);
  const visit = isVisit(event) ? 1 : 0;
  const traffic = {
    [TYPE_COUNTER[event.type]]: 1,
    visits: visit,
    visitors: fresh.visitor,
    ga4_direct_visits: isGa4Direct(event) ? 1 : 0,
  };
  const dims = [event.channel, event.medium, event.source, event.confidence];
  deltas.add(ROLLUP_HOURLY, [event.siteId, event.localHour, ...dims], traffic);
  deltas.add(ROLLUP_DAILY, [event.siteId, day, ...dims], traffic);
  if (event.linkId !== null) {
    deltas.add(
      ROLLUP_LINKS,
      [event.siteId, event.linkId, day, event.type, event.channel, event.source],
      { hits: 1 },
      event.occurredAt,
    );
  }
  if (event.path !== null) {
    deltas.add(ROLLUP_PAGES, [event.siteId, day, event.path, event.channel, event.medium, event.source], {
      [TYPE_COUNTER[event.type]]: 1,
      visits: visit,
      visitors: fresh.pageVisitor,
    });
  }
  if (event.type !== 'pageview') return;
  const people = { visitors: fresh.visitor, visits: visit, pageviews: 1 };
  deltas.add(ROLLUP_GEO, [event.siteId, day, event.country ?? '', event.device ?? '', event.channel], people);
  // A page view without a path still counts in the site's share chains, under the page ''.
  deltas.add(
    ROLLUP_GENERATIONS,
    [event.siteId, day, event.path ?? '', event.generation ?? 0, event.originChannel ?? ''],
    { visits: visit, pageviews: 1 },
  );
}
