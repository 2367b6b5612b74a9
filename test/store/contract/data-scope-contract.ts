import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import { runStatsQuery } from '../../../src/stats/stats-engine.js';
import { SITE_LEVEL_ROLLUPS, scopeRollupTables } from '../../../src/store/data-scope.js';
import type {
  DataScope,
  Link,
  NewEvent,
  ScopeRow,
  Site,
  StoredEvent,
  TableCounts,
} from '../../../src/store/store.js';
import { factsOf } from '../../stats/raw-oracle.js';
import { at, type ContractStore, newKit, newLink, newSite, type StoreRef, seedSite } from './fixtures.js';
import { expectAnswersMatch, generate } from './rollup-contract.js';

/*
 * Data requests (GDPR Art. 15, 17, 20; issue #7): a scope's rows read in keyset pages, counted,
 * and erased step by step. The property test erases random links from random traffic with
 * `rollups: true`, then asks random questions: the rollups must answer exactly what the raw
 * events that remain answer (test/stats/raw-oracle.ts), visitors included.
 */

const EPOCH = '1970-01-01T00:00:00.000Z';

/** Erases a scope step by step, as the erasure service does; the counts summed. */
async function eraseAll(store: ContractStore, scope: DataScope, rollups: boolean, limit: number) {
  const total: TableCounts = {};
  let steps = 0;
  for (;;) {
    const { erased, done } = await store.eraseScope(scope, { rollups, limit });
    steps += 1;
    for (const [table, count] of Object.entries(erased)) total[table] = (total[table] ?? 0) + count;
    if (done) return { total, steps };
    if (steps > 10_000) throw new Error('the erasure never ends');
  }
}

/** A site's traffic from rollup-contract.ts, with some page views made on links too. */
async function trafficSite(store: ContractStore, seed: number) {
  const random = seededRandom(seed);
  const site = await store.createSite(newSite({ timezone: 'Europe/Paris' }));
  const kit = newKit(site.id, ['whatsapp', 'sms']);
  const tagged = [newLink(site.id, { tags: ['spring'] }), newLink(site.id, { tags: ['spring', 'x'] })];
  const plain = newLink(site.id, { tags: ['x'] });
  const links = (await store.createLinks([...kit, ...tagged, plain])) as Link[];
  const events: NewEvent[] = generate(random, site.id, links).map((event) =>
    // The tracker never sends a link, but the store allows it: erasing such page views moves
    // visitor counts, which is what this test is about.
    event.type === 'pageview' && random() < 0.3
      ? { ...event, linkId: at(links, Math.floor(random() * links.length)).id }
      : event,
  );
  for (let start = 0; start < events.length; ) {
    const size = 1 + Math.floor(random() * 60);
    await store.insertEvents(events.slice(start, start + size));
    start += size;
  }
  return { random, site, links, kit: links.slice(0, 3), tagged: links.slice(3, 5) };
}

/** Random questions answered from the rollups and from the raw events left: the same answers. */
async function expectRollupsMatchRawEvents(store: ContractStore, site: Site, random: () => number) {
  const stored: StoredEvent[] = await store.listEvents({ siteId: site.id, limit: 10_000 });
  const facts = factsOf(stored, site.timezone);
  const links = new Map((await store.listAllLinks()).map((link) => [link.id, link]));
  const answered = await expectAnswersMatch(store, random, site.id, facts, links, 250);
  expect(answered).toBeGreaterThan(30);
  return stored;
}

/** Visitor rows are exactly the (day, visitor) and (day, page, visitor) of the page views left. */
async function expectVisitorRowsOf(store: ContractStore, site: Site, stored: readonly StoredEvent[]) {
  const facts = factsOf(stored, site.timezone);
  const days = new Set<string>();
  const pages = new Set<string>();
  for (const { event, day } of facts) {
    if (event.type !== 'pageview' || !event.visitorHash) continue;
    days.add(JSON.stringify([day, event.visitorHash]));
    if (event.path !== null) pages.add(JSON.stringify([day, event.path, event.visitorHash]));
  }
  const dump = await store.dumpRows();
  const rowsOf = (table: string, columns: string[]) =>
    new Set(
      (dump[table] as Record<string, unknown>[])
        .filter((row) => row.site_id === site.id)
        .map((row) => JSON.stringify(columns.map((column) => row[column]))),
    );
  expect(rowsOf('visitor_days', ['day', 'visitor_hash'])).toEqual(days);
  expect(rowsOf('page_visitor_days', ['day', 'path', 'visitor_hash'])).toEqual(pages);
}

/** Every page of a listing, `size` rows at a time. */
async function allPages<T>(read: (after: T | undefined) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    const page = await read(rows.at(-1));
    rows.push(...page);
    if (page.length === 0) return rows;
  }
}

export function dataScopeContract(store: StoreRef): void {
  describe('data requests', () => {
    it('erases a kit with rollups: true, and the rollups answer as the raw events left do', async () => {
      const { random, site, kit } = await trafficSite(store(), 20260701);
      const scope = { siteId: site.id, linkIds: kit.map((link) => link.id) };
      const before = await store().countScope(scope);
      expect(before.events).toBeGreaterThan(100);
      // A small limit: many steps, visitor counts moving from one batch's events to the next's.
      const { total, steps } = await eraseAll(store(), scope, true, 37);
      expect(steps).toBeGreaterThan(5);
      expect(total).toMatchObject({
        events: before.events,
        links: 3,
        rollup_links: before.rollup_links,
        rollup_links_monthly: before.rollup_links_monthly,
      });
      expect(await store().countScope(scope)).toEqual({
        links: 0,
        events: 0,
        rollup_links: 0,
        rollup_links_monthly: 0,
      });
      const stored = await expectRollupsMatchRawEvents(store(), site, random);
      await expectVisitorRowsOf(store(), site, stored);
    });

    it('erases the links of a tag in one step with rollups: true, visitors exact', async () => {
      const { random, site, tagged, links } = await trafficSite(store(), 424242);
      const scope = { siteId: site.id, linkIds: tagged.map((link) => link.id) };
      const { total, steps } = await eraseAll(store(), scope, true, 100_000);
      expect(steps).toBe(1);
      expect(total.events).toBeGreaterThan(50);
      expect((await store().listAllLinks()).map((link) => link.id).sort()).toEqual(
        links
          .filter((link) => !tagged.includes(link))
          .map((link) => link.id)
          .sort(),
      );
      const stored = await expectRollupsMatchRawEvents(store(), site, random);
      await expectVisitorRowsOf(store(), site, stored);
    });

    it('keeps the site-level counts without rollups: true, and drops the link rows', async () => {
      const { site, kit } = await trafficSite(store(), 7);
      const question = {
        siteId: site.id,
        metrics: ['clicks', 'pageviews', 'visitors'],
        dimensions: [],
        filters: [],
        range: { from: '2026-02-01', to: '2026-04-30' },
        comparison: null,
        orderBy: [],
        limit: 10,
        offset: 0,
        today: '2026-05-01',
      } as const;
      const totals = (await runStatsQuery(store(), { ...question, metrics: [...question.metrics] })).rows;
      const scope = { siteId: site.id, linkIds: kit.map((link) => link.id) };
      await eraseAll(store(), scope, false, 50);
      expect((await runStatsQuery(store(), { ...question, metrics: [...question.metrics] })).rows).toEqual(
        totals,
      );
      expect(await store().countScope(scope)).toMatchObject({ events: 0, links: 0, rollup_links: 0 });
      expect(await store().countLinkEvents(kit.map((link) => link.id))).toEqual([]);
    });

    it('leaves one anonymous deletion record: no id, no slug', async () => {
      const siteId = await seedSite(store());
      const kit = await store().createLinks(newKit(siteId, ['sms']));
      await store().eraseScope({ siteId, linkIds: kit.map((link) => link.id) }, { rollups: true, limit: 10 });
      const deletions = await store().listLinksDeletedSince(EPOCH);
      expect(deletions).toEqual([{ id: '', slug: '', deletedAt: expect.any(String) }]);
      expect(await store().listAllLinks()).toEqual([]);
      // A later link gets a later stamp: the clock goes on.
      const later = at(await store().createLinks([newLink(siteId)]));
      expect(later.updatedAt > at(deletions).deletedAt).toBe(true);
    });

    it('erases a whole site in bounded steps and leaves nothing of it in any table', async () => {
      const { site, links } = await trafficSite(store(), 99);
      const other = await trafficSite(store(), 100);
      await store().createPublicLink({ id: 'pl-1', tokenHash: 'c'.repeat(64), siteId: site.id });
      const dumpBefore = await store().dumpRows();
      const counts = await store().countScope({ siteId: site.id });
      expect(counts).toMatchObject({ sites: 1, links: links.length, public_links: 1 });
      const { total, steps } = await eraseAll(store(), { siteId: site.id }, false, 500);
      expect(steps).toBeGreaterThan(3);
      expect(total).toEqual(Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0)));
      const dump = await store().dumpRows();
      const text = JSON.stringify(dump);
      expect(text).not.toContain(`"${site.id}"`);
      for (const link of links) {
        expect(text).not.toContain(`"${link.id}"`);
        expect(text).not.toContain(`"${link.slug}"`);
      }
      // The other site is untouched, row for row.
      const mine = (rows: Record<string, unknown[]>) =>
        Object.fromEntries(
          Object.entries(rows).map(([table, list]) => [
            table,
            JSON.stringify(list).split(other.site.id).length - 1,
          ]),
        );
      expect(mine(dump)).toEqual(mine(dumpBefore));
      expect(await store().getSite(other.site.id)).toEqual(other.site);
      expect(await store().eraseScope({ siteId: site.id }, { rollups: false, limit: 10 })).toEqual({
        erased: {},
        done: true,
      });
    });

    it('reads a scope in keyset pages: every row once, nothing of other links', async () => {
      const { site, kit, links } = await trafficSite(store(), 5);
      const siteScope = { siteId: site.id };
      const everything = await store().listEvents({ siteId: site.id, limit: 10_000 });
      const pages = await allPages<StoredEvent>((after) => store().listScopeEvents(siteScope, after, 97));
      expect(pages.map((event) => event.id).sort((a, b) => a - b)).toEqual(
        everything.map((event) => event.id).sort((a, b) => a - b),
      );
      expect(pages).toEqual([...pages].sort((a, b) => a.occurredAt - b.occurredAt || a.id - b.id));
      const kitScope = { siteId: site.id, linkIds: kit.map((link) => link.id) };
      const kitEvents = await allPages<StoredEvent>((after) => store().listScopeEvents(kitScope, after, 13));
      const kitIds = new Set(kitScope.linkIds);
      expect(kitEvents.map((event) => event.id).sort((a, b) => a - b)).toEqual(
        everything
          .filter((event) => event.linkId !== null && kitIds.has(event.linkId))
          .map((event) => event.id)
          .sort((a, b) => a - b),
      );
      expect((await store().countScope(kitScope)).events).toBe(kitEvents.length);

      const dump = await store().dumpRows();
      for (const scope of [siteScope, kitScope]) {
        for (const table of scopeRollupTables(scope)) {
          const rows = await allPages<ScopeRow>((after) =>
            store().listScopeRows(scope, table.name, after, 7),
          );
          const stored = (dump[table.name] as Record<string, unknown>[]).filter(
            (row) => row.site_id === site.id && (!('linkIds' in scope) || kitIds.has(String(row.link_id))),
          );
          expect(rows, table.name).toHaveLength(stored.length);
          expect(new Set(rows.map((row) => JSON.stringify(row))).size).toBe(rows.length);
          expect((await store().countScope(scope))[table.name]).toBe(rows.length);
        }
      }
      expect(links.length).toBeGreaterThan(kit.length);
      await expect(store().listScopeRows(kitScope, 'rollup_daily', undefined, 10)).rejects.toThrow(
        RangeError,
      );
      await expect(store().eraseScope(kitScope, { rollups: false, limit: 0 })).rejects.toThrow(RangeError);
      expect(SITE_LEVEL_ROLLUPS.map((table) => table.name)).not.toContain('rollup_links');
    });
  });
}
