import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import type { Link, StoredEvent } from '../../../src/store/store.js';
import { factsOf } from '../../stats/raw-oracle.js';
import { type ContractStore, newLink, newSite, type StoreRef } from './fixtures.js';
import { expectAnswersMatch, generate, START } from './rollup-contract.js';

/*
 * Rollups folded in the background (issue 12): whatever the fold's progress — nothing folded, part
 * of a batch, everything — the stats answer as the raw events do. Also: a link deleted while part
 * of its clicks is unfolded leaves the site totals equal to the raw events left (issue 13,
 * finding 7), retention folds before it deletes and keeps the counts of what it deletes, and
 * an erasure while a tail is unfolded takes back exactly what was counted.
 */

const DAY_MS = 86_400_000;

async function trafficSite(store: ContractStore, seed: number) {
  const random = seededRandom(seed);
  const site = await store.createSite(newSite({ timezone: 'Europe/Paris' }));
  const kit = newLink(site.id);
  const variants = [kit, newLink(site.id, { parentId: kit.id, channel: 'whatsapp' }), newLink(site.id)];
  await store.createLinks(variants);
  const links = new Map((await store.listAllLinks()).map((link) => [link.id, link]));
  const events = generate(random, site.id, variants as Link[]);
  return { random, site, variants: variants as Link[], links, events };
}

/** Inserts in random batches, folding a random number of events now and then. */
async function insertWithRandomFolds(store: ContractStore, random: () => number, events: readonly unknown[]) {
  for (let start = 0; start < events.length; ) {
    const size = 1 + Math.floor(random() * 80);
    await store.insertEvents(
      events.slice(start, start + size) as Parameters<ContractStore['insertEvents']>[0],
    );
    start += size;
    if (random() < 0.3) await store.foldRollups(1 + Math.floor(random() * 150));
  }
}

const everything = (store: ContractStore, siteId: string): Promise<StoredEvent[]> =>
  store.listEvents({ siteId, limit: 100_000 });

export function foldContract(store: StoreRef): void {
  describe('rollups folded in the background', () => {
    it('answer as the raw events do before, during and after folding', async () => {
      const { random, site, links, events } = await trafficSite(store(), 20261206);
      await insertWithRandomFolds(store(), random, events);
      const facts = factsOf(await everything(store(), site.id), site.timezone);
      // Questions straddle the watermark: part of the events folded, the rest read as the tail.
      await expectAnswersMatch(store(), random, site.id, facts, links, 150);
      let folded = 0;
      for (let step = await store().foldRollups(97); step > 0; step = await store().foldRollups(97)) {
        folded += step;
      }
      expect(folded).toBeGreaterThan(0);
      await expectAnswersMatch(store(), random, site.id, facts, links, 150);
      expect(await store().foldRollups()).toBe(0);
    });

    it('takes a deleted link out of the site totals, folded or not', async () => {
      const { random, site, variants, links, events } = await trafficSite(store(), 20261207);
      await insertWithRandomFolds(store(), random, events);
      const doomed = variants[2] as Link;
      const before = await everything(store(), site.id);
      expect(before.some((event) => event.linkId === doomed.id)).toBe(true);
      expect(await store().deleteLink(doomed.id)).toBe(true);
      const left = await everything(store(), site.id);
      expect(left).toEqual(before.filter((event) => event.linkId !== doomed.id));
      const totals = await store().countEvents();
      expect(totals).toBeGreaterThanOrEqual(left.length);
      await expectAnswersMatch(store(), random, site.id, factsOf(left, site.timezone), links, 150);
      await store().foldRollups();
      await expectAnswersMatch(store(), random, site.id, factsOf(left, site.timezone), links, 100);
    });

    it('folds before retention prunes, and keeps counting the pruned events', async () => {
      const { random, site, links, events } = await trafficSite(store(), 20261208);
      const half = Math.floor(events.length / 2);
      await store().insertEvents(events.slice(0, half));
      await store().foldRollups();
      // The second half is not folded yet when retention runs.
      await store().insertEvents(events.slice(half));
      const all = await everything(store(), site.id);
      const cutoff = START + 20 * DAY_MS;
      const day = new Date(cutoff).toISOString().slice(0, 10);
      const pruned = await store().pruneEvents(site.id, { occurredAt: cutoff, day }, 100_000);
      const left = await everything(store(), site.id);
      expect(pruned).toBe(all.filter((event) => event.occurredAt < cutoff).length);
      expect(pruned).toBeGreaterThan(0);
      expect(left).toEqual(all.filter((event) => event.occurredAt >= cutoff));
      // Rollups keep the pruned events' counts: the answers are those of every event written.
      await expectAnswersMatch(store(), random, site.id, factsOf(all, site.timezone), links, 150);
    });

    it('erases links with rollups: true while a tail is unfolded, counting nothing twice', async () => {
      const { random, site, variants, links, events } = await trafficSite(store(), 20261209);
      await insertWithRandomFolds(store(), random, events);
      const scope = { siteId: site.id, linkIds: [variants[0]?.id as string, variants[1]?.id as string] };
      for (let done = false; !done; ) {
        ({ done } = await store().eraseScope(scope, { rollups: true, limit: 17 }));
        // Traffic keeps coming between the erasure's steps, and stays unfolded.
        await store().insertEvents(events.slice(0, 5).map((event) => ({ ...event, linkId: null })));
      }
      const left = await everything(store(), site.id);
      expect(left.some((event) => scope.linkIds.includes(event.linkId as string))).toBe(false);
      await expectAnswersMatch(store(), random, site.id, factsOf(left, site.timezone), links, 150);
    });
  });
}

/**
 * A crash between a batch and its fold: events written by one store, which closes without
 * folding (as a killed process would leave them), are folded by the next store to open the
 * database, once.
 */
export async function expectFoldAfterReopen(open: () => Promise<ContractStore>): Promise<void> {
  const first = await open();
  const { random, site, links, events } = await trafficSite(first, 20261210);
  await insertWithRandomFolds(first, random, events.slice(0, 700));
  await first.insertEvents(events.slice(700));
  const all = await everything(first, site.id);
  await first.close();
  const second = await open();
  try {
    let folded = 0;
    for (let step = await second.foldRollups(); step > 0; step = await second.foldRollups()) folded += step;
    expect(folded).toBeGreaterThan(0);
    expect(await second.foldRollups()).toBe(0);
    await expectAnswersMatch(second, random, site.id, factsOf(all, site.timezone), links, 150);
  } finally {
    await second.close();
  }
}
