import type { EventRecord } from '../records.js';
import { dayOfHour } from './local-hour.js';
import {
  type ClaimRow,
  claimKey,
  prepareRollups,
  type RollupEvent,
  type RollupRow,
} from './rollup-deltas.js';
import {
  type ClaimTable,
  PAGE_VISITOR_DAYS,
  ROLLUP_LINKS,
  ROLLUP_LINKS_MONTHLY,
  type RollupTable,
  VISITOR_DAYS,
} from './rollup-tables.js';

/*
 * Taking erased events back out of the site-level rollups (GDPR Art. 17; issue #7), with the
 * machinery that put them in (rollup-deltas.ts) run backwards. Counters are plain sums, so an
 * event's rows negated undo it. Visitors are not: a person counts once a day, on the first page
 * view of their day (the carrier, first by id, as test/stats/raw-oracle.ts defines it). When the
 * carrier goes and another page view of that person and day stays, the count moves to it (its
 * channel, source, country…); when none stays, the count goes and so does the visitor row.
 */

/** A stored event with its id and local hour bucket, as the erasure reads them. */
export type IdentifiedRecord = EventRecord & { id: number };

export interface RetractionPlan {
  /** Rows to add to the site-level rollups (negative counts mostly), sorted by key per table. */
  deltas: Map<RollupTable, RollupRow[]>;
  /** Visitor rows that no remaining page view holds any more. */
  released: Map<ClaimTable, ClaimRow[]>;
}

/** The link tables are not adjusted: the erased links' rows there go whole. */
const LINK_TABLES: ReadonlySet<RollupTable> = new Set([ROLLUP_LINKS, ROLLUP_LINKS_MONTHLY]);

function isClaiming(event: RollupEvent): event is RollupEvent & { visitorHash: string } {
  return event.type === 'pageview' && Boolean(event.visitorHash);
}

function siteKey(event: RollupEvent & { visitorHash: string }): string {
  return claimKey([event.siteId, dayOfHour(event.localHour), event.visitorHash]);
}

function pageKey(event: RollupEvent & { visitorHash: string }): string | undefined {
  if (event.path === null) return undefined;
  return claimKey([event.siteId, dayOfHour(event.localHour), event.path, event.visitorHash]);
}

/**
 * The page views to read before planning: for each local day of the batch, the visitor hashes
 * its claiming page views carry. The store reads every page view of the site with those hashes
 * on those days (the batch's own included).
 */
export function visitorDaysOf(batch: readonly IdentifiedRecord[]): Map<string, string[]> {
  const days = new Map<string, Set<string>>();
  for (const event of batch) {
    if (!isClaiming(event)) continue;
    const day = dayOfHour(event.localHour);
    let hashes = days.get(day);
    if (hashes === undefined) {
      hashes = new Set();
      days.set(day, hashes);
    }
    hashes.add(event.visitorHash);
  }
  return new Map([...days].map(([day, hashes]) => [day, [...hashes].sort()]));
}

/** Where a visitor count sits before and after the erasure, per claim key. */
interface Carriers {
  /** Keys whose carrier is erased. */
  carried: Set<string>;
  /** Of those, the ones another page view takes over, and the page views that do. */
  moved: Set<string>;
  heirs: Map<number, IdentifiedRecord>;
  /** Of those, the ones nothing takes over: their visitor rows go. */
  released: ClaimRow[];
}

function findCarriers(
  candidates: readonly IdentifiedRecord[],
  erased: ReadonlySet<number>,
  watermark: number,
  keyOf: (event: RollupEvent & { visitorHash: string }) => string | undefined,
  rowOf: (event: RollupEvent & { visitorHash: string }) => ClaimRow,
): Carriers {
  const first = new Map<string, IdentifiedRecord>();
  const firstKept = new Map<string, IdentifiedRecord>();
  for (const event of [...candidates].sort((a, b) => a.id - b.id)) {
    if (!isClaiming(event)) continue;
    const key = keyOf(event);
    if (key === undefined) continue;
    // Only a folded event carries a count; an unfolded one can inherit it (the fold then finds
    // the visitor row kept, and counts them no second time).
    if (!first.has(key) && event.id <= watermark) first.set(key, event);
    if (!erased.has(event.id) && !firstKept.has(key)) firstKept.set(key, event);
  }
  const result: Carriers = { carried: new Set(), moved: new Set(), heirs: new Map(), released: [] };
  for (const [key, carrier] of first) {
    if (!erased.has(carrier.id)) continue;
    result.carried.add(key);
    const heir = firstKept.get(key);
    if (heir === undefined) {
      result.released.push(rowOf(carrier as IdentifiedRecord & { visitorHash: string }));
    } else {
      result.moved.add(key);
      result.heirs.set(heir.id, heir);
    }
  }
  return result;
}

type RowsByKey = Map<RollupTable, Map<string, RollupRow>>;

function accumulate(total: RowsByKey, deltas: Map<RollupTable, RollupRow[]>, sign: 1 | -1): void {
  for (const [table, rows] of deltas) {
    if (LINK_TABLES.has(table)) continue;
    let byKey = total.get(table);
    if (byKey === undefined) {
      byKey = new Map();
      total.set(table, byKey);
    }
    for (const row of rows) {
      const key = claimKey(row.keys);
      const into = byKey.get(key) ?? { keys: row.keys, sums: row.sums.map(() => 0), mins: [] };
      for (const [index, value] of row.sums.entries()) {
        into.sums[index] = (into.sums[index] ?? 0) + sign * value;
      }
      byKey.set(key, into);
    }
  }
}

/** Rows that change something, sorted by key (the order inserts lock rows in). */
function changedRows(total: RowsByKey): Map<RollupTable, RollupRow[]> {
  const out = new Map<RollupTable, RollupRow[]>();
  for (const [table, byKey] of total) {
    const rows = [...byKey.entries()]
      .filter(([, row]) => row.sums.some((value) => value !== 0))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => row);
    if (rows.length > 0) out.set(table, rows);
  }
  return out;
}

const byId = (a: IdentifiedRecord, b: IdentifiedRecord) => a.id - b.id;

/**
 * What erasing `batch` changes in the site-level rollups. `candidates` are every stored page
 * view of the site with the batch's visitor hashes on the batch's days (visitorDaysOf), the
 * batch's own included, read in the transaction that erases the batch.
 *
 * prepareRollups counts a visitor on the first event of a batch whose claim key it is told is
 * new: given the batch sorted by id and the keys whose carrier is in it, that is the carrier.
 * Given the heirs sorted by id and the keys that move, it is each key's heir; the same heirs
 * told of no new key give their rows without visitors, so the difference is the moved counts.
 *
 * Only events up to `watermark` (the last folded id, rollup-fold-sql.ts) are in the rollups:
 * the others of `batch` are just deleted, and the fold never sees them.
 */
export function planRetraction(
  batch: readonly IdentifiedRecord[],
  candidates: readonly IdentifiedRecord[],
  watermark: number = Number.MAX_SAFE_INTEGER,
): RetractionPlan {
  const erased = new Set(batch.map((event) => event.id));
  const site = findCarriers(candidates, erased, watermark, siteKey, (e) => [
    e.siteId,
    dayOfHour(e.localHour),
    e.visitorHash,
  ]);
  const page = findCarriers(candidates, erased, watermark, pageKey, (e) => [
    e.siteId,
    dayOfHour(e.localHour),
    e.path ?? '',
    e.visitorHash,
  ]);
  const fresh = (a: Set<string>, b: Set<string>) =>
    new Map([
      [VISITOR_DAYS.name, a],
      [PAGE_VISITOR_DAYS.name, b],
    ]);
  const total: RowsByKey = new Map();
  const folded = batch.filter((event) => event.id <= watermark).sort(byId);
  accumulate(total, prepareRollups(folded).deltas(fresh(site.carried, page.carried)), -1);
  const heirs = [...new Map([...site.heirs, ...page.heirs]).values()].sort(byId);
  if (heirs.length > 0) {
    const prepared = prepareRollups(heirs);
    accumulate(total, prepared.deltas(fresh(site.moved, page.moved)), 1);
    accumulate(total, prepared.deltas(fresh(new Set(), new Set())), -1);
  }
  return {
    deltas: changedRows(total),
    released: new Map([
      [VISITOR_DAYS, site.released],
      [PAGE_VISITOR_DAYS, page.released],
    ]),
  };
}

/**
 * The instants a site's local day can span: UTC offsets run from −12:00 to +14:00 and a day
 * lasts 23 to 25 hours, so [day − 14 h, day + 38 h) holds it whatever the zone, with an hour
 * to spare. Reading page
 * views of a day within these bounds uses the (site_id, occurred_at) index.
 */
export function dayWindow(day: string): { from: number; to: number } {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return { from: midnight - 14 * 3_600_000, to: midnight + 38 * 3_600_000 };
}
