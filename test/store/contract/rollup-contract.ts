import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import { darkSocialReport } from '../../../src/stats/dark-social-report.js';
import type { Dimension, Filter, Metric, StatsQuery, StatsRow } from '../../../src/stats/query-model.js';
import { METRICS, PLAIN_DIMENSIONS, TIME_DIMENSIONS } from '../../../src/stats/query-model.js';
import { StatsPlanError } from '../../../src/stats/rollup-planner.js';
import { runStatsQuery } from '../../../src/stats/stats-engine.js';
import type { Link, NewEvent, StoredEvent } from '../../../src/store/store.js';
import { factsOf, oracleRows } from '../../stats/raw-oracle.js';
import { type ContractStore, newLink, newSite, type StoreRef } from './fixtures.js';

/*
 * Rollups against raw events (issue #5): random event sets written in random batches, then
 * random questions answered by the stats engine from the rollups and by brute force from the
 * raw events (test/stats/raw-oracle.ts). Every answer must be equal, on every store.
 */

const DAY_MS = 86_400_000;
// 20 February to 21 April 2026: whole months (read from the monthly tables) and the Paris DST
// change of 29 March inside.
export const START = Date.UTC(2026, 1, 20);
const DAYS = 60;

const ARRIVALS = [
  ['dark-social', 'messaging', 'whatsapp', 'in-app-browser', 'certain'],
  ['dark-social', 'copy-paste', 'direct', 'share-token', 'certain'],
  ['dark-social', 'unattributed', 'direct', 'deep-link', 'inferred'],
  ['dark-social', 'email', 'gmail', 'referrer', 'likely'],
  ['search', 'organic', 'google', 'referrer', 'certain'],
  ['social', 'social', 'facebook', 'referrer', 'certain'],
  ['direct', 'none', 'direct', 'none', 'certain'],
  ['internal', 'internal', 'direct', 'referrer', 'certain'],
  ['paid', 'cpc', 'google', 'click-id', 'certain'],
] as const;
const TYPES = ['pageview', 'pageview', 'pageview', 'pageview', 'copy', 'share', 'outbound', 'event'] as const;

export function generate(random: () => number, siteId: string, variants: readonly Link[]): NewEvent[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: NewEvent[] = [];
  for (let index = 0; index < 1_500; index++) {
    const occurredAt = START + Math.floor(random() * DAYS * DAY_MS);
    if (random() < 0.2) {
      const variant = pick(variants);
      const type = pick(['click', 'click', 'preview', 'bot'] as const);
      events.push({
        siteId,
        linkId: variant.id,
        type,
        kind: type === 'click' ? 'human' : type,
        channel: type === 'bot' ? 'bot' : 'dark-social',
        medium: type === 'bot' ? 'bot' : 'messaging',
        source: type === 'bot' ? 'curl' : pick(['whatsapp', 'telegram']),
        evidence: type === 'click' ? 'tracked-link' : type === 'preview' ? 'preview-agent' : 'bot-agent',
        confidence: 'certain',
        occurredAt,
      });
      continue;
    }
    const [channel, medium, source, evidence, confidence] = pick(ARRIVALS);
    const type = pick(TYPES);
    events.push({
      siteId,
      linkId: null,
      type,
      kind: 'human',
      channel,
      medium,
      source,
      evidence,
      confidence,
      occurredAt,
      path: random() < 0.05 ? null : pick(['/', '/a', '/b/c', '/news/x']),
      visitorHash: random() < 0.05 ? null : `v${Math.floor(random() * 25)}`,
      country: random() < 0.1 ? null : pick(['FR', 'DE', 'US']),
      device: random() < 0.1 ? null : pick(['mobile', 'desktop']),
      browser: random() < 0.1 ? null : pick(['chrome', 'safari', 'in-app']),
      generation: type === 'pageview' ? (random() < 0.1 ? null : pick([0, 0, 0, 1, 1, 2])) : null,
      originChannel: type === 'pageview' ? pick(['dark-social', 'search', null]) : null,
      dedupeKey: random() < 0.1 ? `k${Math.floor(random() * 20)}` : null,
    });
  }
  return events;
}

export function randomQuery(random: () => number, siteId: string): StatsQuery {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const metrics = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(METRICS)))];
  const dimensions: Dimension[] = [];
  if (random() < 0.5) dimensions.push(pick(TIME_DIMENSIONS));
  if (random() < 0.6) dimensions.push(pick(PLAIN_DIMENSIONS));
  const filters: Filter[] = [];
  if (random() < 0.5) {
    const dimension = pick(PLAIN_DIMENSIONS);
    const values: Record<string, string[]> = {
      generation: ['0', '1'],
      page: ['/a', '/b/c'],
      country: ['FR', ''],
    };
    const operator = pick(['is', 'is_not', 'contains'] as const);
    const value =
      operator === 'contains'
        ? ['A', 'e']
        : (values[dimension] ?? ['dark-social', 'whatsapp', 'mobile', 'certain', 'safari']);
    filters.push([operator, dimension, value]);
  }
  const from = Math.floor(random() * DAYS);
  const day = (offset: number) => new Date(START + offset * DAY_MS).toISOString().slice(0, 10);
  // Short ranges (days) and long ones (whole months plus days on either side).
  const length = random() < 0.5 ? Math.floor(random() * 3) : Math.floor(random() * 50);
  const range = { from: day(from - 1), to: day(from + length) };
  return {
    siteId,
    metrics,
    dimensions,
    filters,
    range,
    comparison: null,
    orderBy: [],
    limit: 10_000,
    offset: 0,
    // The data ends on 21 April: a range reaching 22 April reads April whole from the monthly tables.
    today: '2026-04-22',
  };
}

export function sortedByDimensions(rows: Iterable<StatsRow>): StatsRow[] {
  return [...rows]
    .map((row) => ({
      dimensions: row.dimensions,
      metrics: row.metrics.map((value) => (value === null ? null : Number(value.toFixed(9)))),
    }))
    .sort((a, b) => (JSON.stringify(a.dimensions) < JSON.stringify(b.dimensions) ? -1 : 1));
}

/**
 * Asks `rounds` random questions of the stats engine and of the raw-event oracle, and expects
 * the same answers; at least a tenth of the questions must be answerable. Returns how many were.
 */
export async function expectAnswersMatch(
  store: ContractStore,
  random: () => number,
  siteId: string,
  facts: ReturnType<typeof factsOf>,
  links: ReadonlyMap<string, Link>,
  rounds: number,
): Promise<number> {
  let answered = 0;
  for (let round = 0; round < rounds; round++) {
    const query = randomQuery(random, siteId);
    let result: Awaited<ReturnType<typeof runStatsQuery>>;
    try {
      result = await runStatsQuery(store, query);
    } catch (error) {
      if (error instanceof StatsPlanError) continue;
      throw error;
    }
    answered += 1;
    const expected = oracleRows(facts, query, query.range, links);
    const timeline = query.dimensions.length === 1 && query.dimensions[0]?.startsWith('time:');
    const happened = (row: StatsRow) =>
      query.dimensions.length === 0 || row.metrics.some((value) => value !== 0 && value !== null);
    // The engine lists empty buckets of a timeline and leaves out empty rows of a breakdown.
    const got = timeline
      ? result.rows.filter((row) => happened(row) || expected.has(JSON.stringify(row.dimensions)))
      : result.rows;
    const want = timeline ? [...expected.values()] : [...expected.values()].filter(happened);
    expect(sortedByDimensions(got), JSON.stringify(query)).toEqual(sortedByDimensions(want));
  }
  expect(answered).toBeGreaterThan(rounds / 10);
  return answered;
}

export function rollupContract(store: StoreRef): void {
  describe('rollups', () => {
    it('answer random questions exactly as raw events do, whatever the batches and duplicates', async () => {
      const random = seededRandom(20261129);
      const site = await store().createSite(newSite({ timezone: 'Europe/Paris' }));
      const kit = newLink(site.id);
      const variants = [kit, newLink(site.id, { parentId: kit.id, channel: 'whatsapp' }), newLink(site.id)];
      await store().createLinks(variants);
      const links = new Map((await store().listAllLinks()).map((link) => [link.id, link]));
      const events = generate(random, site.id, variants as Link[]);
      for (let start = 0; start < events.length; ) {
        const size = 1 + Math.floor(random() * 60);
        await store().insertEvents(events.slice(start, start + size));
        start += size;
      }
      const stored: StoredEvent[] = await store().listEvents({ siteId: site.id, limit: 10_000 });
      const facts = factsOf(stored, site.timezone);
      await expectAnswersMatch(store(), random, site.id, facts, links, 600);

      // The share funnel reads whole months from the monthly link table: same as raw events.
      for (const range of [
        { from: '2026-02-25', to: '2026-02-27' },
        { from: '2026-02-24', to: '2026-04-10' },
        { from: '2026-03-15', to: '2026-04-30' },
      ]) {
        const report = await darkSocialReport(store(), site.id, range, '2026-04-22');
        // Per link of a kit: its previews (whichever app fetched it) beside its own clicks, with
        // the fetching apps as a breakdown (issue 16).
        type Expected = {
          previews: number;
          clicks: number;
          first: [number, number];
          apps: Record<string, number>;
        };
        const expected = new Map<string, Expected>();
        for (const fact of facts) {
          const { event } = fact;
          if (!event.linkId || (event.type !== 'click' && event.type !== 'preview')) continue;
          if (fact.day < range.from || fact.day > range.to) continue;
          const variant = links.get(event.linkId);
          const kit = variant?.parentId ? links.get(variant.parentId) : variant;
          const key = `${kit?.slug} ${variant?.slug}`;
          const row = expected.get(key) ?? { previews: 0, clicks: 0, first: [Infinity, Infinity], apps: {} };
          if (event.type === 'preview') {
            row.previews += 1;
            row.first[0] = Math.min(row.first[0], event.occurredAt);
            row.apps[event.source] = (row.apps[event.source] ?? 0) + 1;
          } else {
            row.clicks += 1;
            row.first[1] = Math.min(row.first[1], event.occurredAt);
          }
          expected.set(key, row);
        }
        expect(expected.size).toBeGreaterThan(1);
        const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
        expect(
          Object.fromEntries(
            report.funnel.map((row) => [
              `${row.link} ${row.variant}`,
              [
                row.previews,
                row.clicks,
                row.firstPreviewAt,
                row.firstClickAt,
                Object.fromEntries(row.previewsByApp.map((app) => [app.source, app.previews])),
              ],
            ]),
          ),
        ).toEqual(
          Object.fromEntries(
            [...expected].map(([key, row]) => [
              key,
              [row.previews, row.clicks, iso(row.first[0]), iso(row.first[1]), row.apps],
            ]),
          ),
        );
        for (const row of report.funnel) {
          expect(row.previewsByApp.reduce((sum, app) => sum + app.previews, 0)).toBe(row.previews);
        }
      }
    });

    it('counts a visitor once a day however many batches their page views arrive in', async () => {
      const site = await store().createSite(newSite({ timezone: 'UTC' }));
      const view = (path: string, minutes: number): NewEvent => ({
        siteId: site.id,
        linkId: null,
        type: 'pageview',
        kind: 'human',
        channel: 'dark-social',
        medium: 'messaging',
        source: 'whatsapp',
        evidence: 'in-app-browser',
        confidence: 'certain',
        occurredAt: START + minutes * 60_000,
        path,
        visitorHash: 'same-person',
      });
      await store().insertEvents([view('/a', 1), view('/b', 2)]);
      await store().insertEvents([view('/a', 3)]);
      await store().insertEvents([view('/a', 24 * 60 + 1)]);
      const day = new Date(START).toISOString().slice(0, 10);
      const base = { siteId: site.id, filters: [], comparison: null, orderBy: [], limit: 100, offset: 0 };
      const byDay = await runStatsQuery(store(), {
        ...base,
        metrics: ['visitors', 'pageviews', 'ga4_direct_visits'] as Metric[],
        dimensions: ['time:day'],
        range: { from: day, to: new Date(START + DAY_MS).toISOString().slice(0, 10) },
      });
      expect(byDay.rows.map((row) => row.metrics)).toEqual([
        [1, 3, 3],
        [1, 1, 1],
      ]);
      const byPage = await runStatsQuery(store(), {
        ...base,
        metrics: ['visitors', 'pageviews'] as Metric[],
        dimensions: ['page'],
        range: { from: day, to: day },
      });
      expect(byPage.rows).toEqual([
        { dimensions: ['/a'], metrics: [1, 2] },
        { dimensions: ['/b'], metrics: [1, 1] },
      ]);
    });
  });
}
