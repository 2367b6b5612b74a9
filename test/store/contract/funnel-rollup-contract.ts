import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import type { SavedFunnel } from '../../../src/store/funnel-store.js';
import type { NewGoal } from '../../../src/store/goal-store.js';
import type { Link, NewEvent } from '../../../src/store/store.js';
import { newLink, newSite, type StoreRef } from './fixtures.js';
import { generate, START } from './rollup-contract.js';

/*
 * The saved funnels' rollup (migration 18, src/store/funnel-rollup-sql.ts) against the live
 * count (GoalStore.funnel, funnelSql): random events written in random batches with random
 * folds, a funnel saved before them (kept by the fold), one saved midway (backfilled), a step
 * change (backfilled again), random ranges across whole months and edge days — every answer
 * equal. Then the rows go with the funnel and with the site.
 */

const DAY_MS = 86_400_000;
let goals = 0;

function goal(siteId: string, overrides: Partial<NewGoal>): NewGoal {
  return {
    id: `funnel-goal-${++goals}`,
    siteId,
    name: `Funnel goal ${goals}`,
    kind: 'page',
    pathPattern: null,
    eventName: null,
    propKey: null,
    propValue: null,
    shareWay: null,
    ...overrides,
  };
}

export function funnelRollupContract(store: StoreRef): void {
  describe('funnel rollup', () => {
    it('adds each fold step of a day to the saved funnel, the same visitors converting across steps', async () => {
      // The fold adds only what a step's new claims bring (funnelRollupAddSql): one event per
      // fold step, visitors reaching their steps over several steps, in and out of order, on
      // two days of one month and a day of the next; after every step the saved rows equal the
      // live count of the day, the month and the year.
      const random = seededRandom(18);
      const site = await store().createSite(newSite({ timezone: 'UTC' }));
      const s = site.id;
      const [pricing, signup, buy] = [
        goal(s, { pathPattern: '/pricing' }),
        goal(s, { kind: 'event', eventName: 'signup' }),
        goal(s, { kind: 'event', eventName: 'buy' }),
      ];
      for (const definition of [pricing, signup, buy]) await store().goals.createGoal(definition);
      const steps = [pricing.id, signup.id, buy.id];
      const funnel = await store().funnels.createFunnel({
        id: 'funnel-steps',
        siteId: s,
        name: 'Steps',
        steps,
      });
      // Saved midway through the first day: backfilled, then kept by the following steps.
      let later: SavedFunnel | undefined;
      const at = (day: string, minute: number) => Date.parse(`${day}T10:00:00Z`) + minute * 60_000;
      const view = (
        day: string,
        minute: number,
        visitor: string,
        path: string,
        source: string,
      ): NewEvent => ({
        siteId: s,
        linkId: null,
        type: 'pageview',
        kind: 'human',
        channel: source === 'google' ? 'search' : 'dark-social',
        medium: source === 'google' ? 'organic' : 'messaging',
        source,
        evidence: 'referrer',
        confidence: 'certain',
        occurredAt: at(day, minute),
        path,
        visitorHash: visitor,
      });
      const custom = (day: string, minute: number, visitor: string, name: string): NewEvent => ({
        ...view(day, minute, visitor, '/app', 'direct'),
        type: 'event',
        path: null,
        name,
      });
      // Per visitor and day: a landing view (their channel), then steps in an order of their own.
      const script: NewEvent[] = [];
      for (const day of ['2026-03-30', '2026-03-31', '2026-04-01']) {
        for (let v = 0; v < 6; v++) {
          const visitor = `fv${v}`;
          const source = v % 2 === 0 ? 'google' : 'whatsapp';
          const moves = [
            view(day, 0, visitor, '/', source),
            view(day, 0, visitor, '/pricing', source),
            custom(day, 0, visitor, 'signup'),
            custom(day, 0, visitor, 'buy'),
            // A second time of a step: not a new claim, the first counted.
            custom(day, 0, visitor, 'signup'),
          ];
          // Visitors 0-2 in funnel order; 3-5 shuffled (a sign-up before pricing counts nothing past step 0).
          if (v >= 3) moves.splice(1, 4, ...[...moves.slice(1)].sort(() => random() - 0.5));
          script.push(...moves.map((event, index) => ({ ...event, occurredAt: at(day, v * 10 + index) })));
        }
      }
      // Interleave visitors: events in time order are still one visitor's steps across fold steps.
      script.sort((a, b) => a.occurredAt - b.occurredAt || (random() < 0.5 ? -1 : 1));
      const ranges: [string, string][] = [
        ['2026-03-30', '2026-03-30'],
        ['2026-03-31', '2026-03-31'],
        ['2026-03-01', '2026-03-31'],
        ['2026-03-31', '2026-04-01'],
        ['2026-01-01', '2026-12-31'],
      ];
      const same = async (saved: SavedFunnel, label: string) => {
        for (const [fromDay, toDay] of ranges) {
          const rows = await store().funnels.funnelRollup({ siteId: s, funnelId: saved.id, fromDay, toDay });
          const live = await store().goals.funnel({ siteId: s, fromDay, toDay, steps: saved.steps });
          expect({ label, fromDay, toDay, rows }).toEqual({ label, fromDay, toDay, rows: live });
        }
      };
      for (const [index, event] of script.entries()) {
        await store().insertEvents([event]);
        // One event per fold step, sometimes two: the same visitor's steps land in different steps.
        if (random() < 0.8) {
          await store().foldRollups(1 + Math.floor(random() * 2));
          await same(funnel, `event ${index}`);
          if (later) await same(later, `event ${index}`);
        }
        if (index === 25) {
          await store().foldRollups();
          later = await store().funnels.createFunnel({
            id: 'funnel-steps-later',
            siteId: s,
            name: 'Later',
            steps: [signup.id, buy.id],
          });
        }
      }
      await store().foldRollups();
      await same(funnel, 'end');
      await same(later as SavedFunnel, 'end');
      const year = await store().funnels.funnelRollup({
        siteId: s,
        funnelId: funnel.id,
        fromDay: '2026-01-01',
        toDay: '2026-12-31',
      });
      // A test that can fail: visitors went all the way, under both channels.
      const total = (step: number) =>
        year.filter((row) => row.step === step).reduce((sum, row) => sum + row.visitors, 0);
      expect(total(0)).toBe(18);
      expect(total(2)).toBeGreaterThanOrEqual(9);
      expect(new Set(year.filter((row) => row.step === 2).map((row) => row.source))).toEqual(
        new Set(['google', 'whatsapp']),
      );
      expect(await store().deleteSite(s)).toBe(true);
    });

    it('counts new steps only from the claims kept: older days lose the rows of the old steps', async () => {
      const site = await store().createSite(newSite({ timezone: 'UTC' }));
      const s = site.id;
      const [pricing, signup] = [
        goal(s, { pathPattern: '/pricing' }),
        goal(s, { kind: 'event', eventName: 'signup' }),
      ];
      for (const definition of [pricing, signup]) await store().goals.createGoal(definition);
      const event = (day: string, minute: number, visitor: string, type: 'pageview' | 'event'): NewEvent => ({
        siteId: s,
        linkId: null,
        type,
        kind: 'human',
        channel: 'search',
        medium: 'organic',
        source: 'google',
        evidence: 'referrer',
        confidence: 'certain',
        occurredAt: Date.parse(`${day}T10:00:00Z`) + minute * 60_000,
        path: type === 'pageview' ? '/pricing' : null,
        visitorHash: visitor,
        name: type === 'event' ? 'signup' : null,
      });
      // Old day: pricing then sign-up; kept day: sign-up then pricing.
      await store().insertEvents([
        event('2026-03-02', 0, 'r1', 'pageview'),
        event('2026-03-02', 1, 'r1', 'event'),
        event('2026-03-20', 0, 'r2', 'event'),
        event('2026-03-20', 1, 'r2', 'pageview'),
      ]);
      await store().foldRollups();
      const funnel = await store().funnels.createFunnel({
        id: 'funnel-retained',
        siteId: s,
        name: 'Retained',
        steps: [pricing.id, signup.id],
      });
      const saved = (fromDay: string, toDay: string) =>
        store().funnels.funnelRollup({ siteId: s, funnelId: funnel.id, fromDay, toDay });
      const live = (steps: string[], fromDay: string, toDay: string) =>
        store().goals.funnel({ siteId: s, fromDay, toDay, steps });
      const reached = (rows: { step: number; visitors: number }[]) =>
        [0, 1].map((step) =>
          rows.filter((row) => row.step === step).reduce((sum, row) => sum + row.visitors, 0),
        );
      expect(reached(await saved('2026-03-02', '2026-03-02'))).toEqual([1, 1]);
      // Retention takes the old day's raw events and claims; the rollup keeps counting it.
      const cutoff = Date.parse('2026-03-10T00:00:00Z');
      await store().pruneEvents(s, { occurredAt: cutoff, day: '2026-03-10' }, 100_000);
      expect(reached(await live(funnel.steps, '2026-03-02', '2026-03-02'))).toEqual([0, 0]);
      expect(reached(await saved('2026-03-02', '2026-03-02'))).toEqual([1, 1]);
      // The same steps again: nothing to count again, the old day keeps its rows.
      await store().funnels.updateFunnel(s, funnel.id, { steps: [pricing.id, signup.id] });
      expect(reached(await saved('2026-03-02', '2026-03-02'))).toEqual([1, 1]);
      // New steps: the old day has no claims to count them with, and no rows of the old steps.
      const reversed = [signup.id, pricing.id];
      await store().funnels.updateFunnel(s, funnel.id, { steps: reversed });
      for (const [fromDay, toDay] of [
        ['2026-03-02', '2026-03-02'],
        ['2026-03-01', '2026-03-31'],
        ['2026-01-01', '2026-12-31'],
      ] as const) {
        expect({ fromDay, toDay, rows: await saved(fromDay, toDay) }).toEqual({
          fromDay,
          toDay,
          rows: await live(reversed, fromDay, toDay),
        });
      }
      expect(reached(await saved('2026-03-02', '2026-03-02'))).toEqual([0, 0]);
      expect(reached(await saved('2026-03-01', '2026-03-31'))).toEqual([1, 1]);
      expect(await store().deleteSite(s)).toBe(true);
    });

    it('answers a saved funnel as the live count does, across folds, backfills and a step change', async () => {
      const random = seededRandom(20261207);
      const site = await store().createSite(newSite({ timezone: 'Europe/Paris' }));
      const s = site.id;
      const kit = newLink(s);
      await store().createLinks([kit]);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const events = generate(random, s, [kit] as Link[]).map((event): NewEvent => {
        // Four visitors a day, not 25: more of them go several steps on one day.
        const visitorHash = event.visitorHash ? `v${Number(event.visitorHash.slice(1)) % 4}` : null;
        if (event.type !== 'event') return { ...event, visitorHash };
        return { ...event, visitorHash, name: pick(['signup', 'buy', 'buy']) };
      });
      const [any, news, signup, buy] = [
        goal(s, { pathPattern: '*' }),
        goal(s, { pathPattern: '/news/*' }),
        goal(s, { kind: 'event', eventName: 'signup' }),
        goal(s, { kind: 'event', eventName: 'buy' }),
      ];
      for (const definition of [any, news, signup, buy]) await store().goals.createGoal(definition);
      const ids = (...steps: NewGoal[]) => steps.map((step) => step.id);
      // Saved before any event: its rows come from the fold only.
      const early = await store().funnels.createFunnel({
        id: 'funnel-early',
        siteId: s,
        name: 'Early',
        steps: ids(any, signup, buy),
      });
      const insert = async (slice: readonly NewEvent[]) => {
        for (let start = 0; start < slice.length; ) {
          const size = 1 + Math.floor(random() * 80);
          await store().insertEvents(slice.slice(start, start + size));
          start += size;
          if (random() < 0.3) await store().foldRollups(1 + Math.floor(random() * 150));
        }
      };
      const check = async (funnel: SavedFunnel, questions: number) => {
        const ranges: [string, string][] = [
          ['2026-01-01', '2026-12-31'],
          ['2026-03-01', '2026-03-31'],
          ['2026-02-25', '2026-04-02'],
        ];
        for (let question = 0; question < questions; question++) {
          const a = START + Math.floor(random() * 62) * DAY_MS;
          const b = START + Math.floor(random() * 62) * DAY_MS;
          ranges.push(
            [new Date(Math.min(a, b)), new Date(Math.max(a, b))].map((date) =>
              date.toISOString().slice(0, 10),
            ) as [string, string],
          );
        }
        for (const [fromDay, toDay] of ranges) {
          const saved = await store().funnels.funnelRollup({
            siteId: s,
            funnelId: funnel.id,
            fromDay,
            toDay,
          });
          const live = await store().goals.funnel({ siteId: s, fromDay, toDay, steps: funnel.steps });
          expect({ fromDay, toDay, rows: saved }).toEqual({ fromDay, toDay, rows: live });
        }
        const year = await store().funnels.funnelRollup({
          siteId: s,
          funnelId: funnel.id,
          fromDay: '2026-01-01',
          toDay: '2026-12-31',
        });
        // A test that can fail: the funnel counts visitors at its first steps.
        expect(year.some((row) => row.step === 0 && row.visitors > 0)).toBe(true);
        expect(year.some((row) => row.step === 1 && row.visitors > 0)).toBe(true);
      };
      const half = Math.floor(events.length / 2);
      await insert(events.slice(0, half));
      await store().foldRollups();
      await check(early, 10);
      // Saved midway: backfilled from the claims so far, then kept by the fold.
      const midway = await store().funnels.createFunnel({
        id: 'funnel-midway',
        siteId: s,
        name: 'Midway',
        steps: ids(news, buy),
      });
      await check(midway, 5);
      await insert(events.slice(half));
      await store().foldRollups();
      await check(early, 20);
      await check(midway, 10);
      // New steps: every day recomputed from the claims kept.
      const changed = (await store().funnels.updateFunnel(s, early.id, {
        steps: ids(any, buy, signup),
      })) as SavedFunnel;
      expect(changed.steps).toEqual(ids(any, buy, signup));
      await check(changed, 20);
      // A rename keeps the rows.
      await store().funnels.updateFunnel(s, early.id, { name: 'Renamed' });
      await check(changed, 3);

      const rows = async (table: string, funnelId: string) =>
        (((await store().dumpRows())[table] ?? []) as { funnel_id: string }[]).filter(
          (row) => row.funnel_id === funnelId,
        ).length;
      expect(await rows('rollup_funnel_days', midway.id)).toBeGreaterThan(0);
      expect(await rows('rollup_funnel_months', midway.id)).toBeGreaterThan(0);
      expect(await store().funnels.deleteFunnel(s, midway.id)).toBe(true);
      expect(await rows('rollup_funnel_days', midway.id)).toBe(0);
      expect(await rows('rollup_funnel_months', midway.id)).toBe(0);
      expect(await rows('rollup_funnel_days', early.id)).toBeGreaterThan(0);
      expect(await store().deleteSite(s)).toBe(true);
      expect(await rows('rollup_funnel_days', early.id)).toBe(0);
      expect(await rows('rollup_funnel_months', early.id)).toBe(0);
    });
  });
}
