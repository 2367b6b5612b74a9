import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seed/seeded-random.js';
import type { Goal, GoalConversionQuery, GoalGroupKey, NewGoal } from '../../../src/store/goal-store.js';
import { type Link, type NewEvent, StoreConflictError } from '../../../src/store/store.js';
import { type ContractStore, newEvent, newLink, newSite, type StoreRef } from './fixtures.js';
import { comparable, oracleConversions, oracleRows } from './goal-oracle.js';
import { generate, START } from './rollup-contract.js';

/*
 * Goals and conversions (issue 14, src/store/goal-store.ts): definitions, each kind of match,
 * attribution to the visitor's first page view of the day, converters once per goal and day,
 * revenue per currency, the unfolded tail, backfill, deletion, funnels and kit conversions —
 * and a property test against a brute-force reading of the raw events (goal-oracle.ts).
 */

const NOON = Date.UTC(2026, 0, 15, 11); // 12:00 in Paris, 2026-01-15
const DAY = '2026-01-15';
const MINUTE = 60_000;
let goals = 0;

function goal(siteId: string, overrides: Partial<NewGoal>): NewGoal {
  return {
    id: `goal-${++goals}`,
    siteId,
    name: `Goal ${goals}`,
    kind: 'page',
    pathPattern: null,
    eventName: null,
    propKey: null,
    propValue: null,
    shareWay: null,
    ...overrides,
  };
}

const pageGoal = (siteId: string, pathPattern: string) => goal(siteId, { kind: 'page', pathPattern });
const eventGoal = (
  siteId: string,
  eventName: string,
  propKey: string | null = null,
  propValue: string | null = null,
) => goal(siteId, { kind: 'event', eventName, propKey, propValue });

/** A human event of a visitor (no link), at `minutes` past noon. */
function human(siteId: string, minutes: number, overrides: Partial<NewEvent>): NewEvent {
  return newEvent(siteId, null, {
    type: 'pageview',
    kind: 'human',
    channel: 'direct',
    medium: 'none',
    source: 'direct',
    evidence: 'none',
    confidence: 'certain',
    occurredAt: NOON + minutes * MINUTE,
    path: '/',
    visitorHash: 'v1',
    ...overrides,
  });
}

const WHATSAPP = {
  channel: 'dark-social',
  medium: 'messaging',
  source: 'whatsapp',
  confidence: 'certain',
} as const;
const MESSAGING = (source: string) => ({ source, medium: 'messaging' });
const INTERNAL = {
  channel: 'internal',
  medium: 'internal',
  source: 'direct',
  confidence: 'certain',
} as const;

function total(
  store: ContractStore,
  siteId: string,
  by: readonly GoalGroupKey[] = [],
  extra: Partial<GoalConversionQuery> = {},
) {
  return store.goals
    .goalConversions({ siteId, fromDay: '2026-01-01', toDay: '2026-12-31', goalIds: null, by, ...extra })
    .then(comparable);
}

export function goalContract(store: StoreRef): void {
  describe('goals', () => {
    it('creates, lists, renames and deletes goals; names are unique per site', async () => {
      const site = await store().createSite(newSite());
      const other = await store().createSite(newSite());
      const page = await store().goals.createGoal({
        ...pageGoal(site.id, '/pricing*'),
        eventName: 'ignored',
      });
      expect(page).toMatchObject({
        kind: 'page',
        pathPattern: '/pricing*',
        eventName: null,
        siteId: site.id,
      });
      const share = await store().goals.createGoal(goal(site.id, { kind: 'share', shareWay: 'copy' }));
      expect(await store().goals.getGoal(site.id, page.id)).toStrictEqual(page);
      expect(await store().goals.getGoal(other.id, page.id)).toBeUndefined();
      expect((await store().goals.listGoals(site.id)).map((g) => g.id)).toEqual([page.id, share.id]);
      await expect(store().goals.createGoal(eventGoal(site.id, 'x'))).resolves.toBeDefined();
      await expect(
        store().goals.createGoal({ ...eventGoal(site.id, 'y'), name: page.name }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      // Another site may use the name.
      await store().goals.createGoal({ ...eventGoal(other.id, 'y'), name: page.name });
      await expect(store().goals.renameGoal(site.id, share.id, page.name)).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await store().goals.renameGoal(site.id, share.id, 'Copies')).toMatchObject({ name: 'Copies' });
      expect(await store().goals.renameGoal(other.id, share.id, 'Nope')).toBeUndefined();
      expect(await store().goals.deleteGoal(other.id, share.id)).toBe(false);
      expect(await store().goals.deleteGoal(site.id, share.id)).toBe(true);
      expect(await store().goals.getGoal(site.id, share.id)).toBeUndefined();
      expect(await store().goals.deleteGoal(site.id, share.id)).toBe(false);
    });

    it('matches pages by pattern (wildcards, literal metacharacters, case), events by name and property, shares by way', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const [pricing, literal, exact, signup, pro, seats, flag, shares, copies, either] = await Promise.all(
        [
          pageGoal(s, '/pricing*'),
          // No `?` in a pattern (goal-rules.ts); GLOB's and LIKE's other metacharacters are literal.
          pageGoal(s, '/a_b%[x]\\*/z'),
          pageGoal(s, '/thanks'),
          eventGoal(s, 'signup'),
          eventGoal(s, 'signup', 'plan', 'pro'),
          eventGoal(s, 'signup', 'seats', '3'),
          eventGoal(s, 'signup', 'trial', 'true'),
          goal(s, { kind: 'share', shareWay: 'share' }),
          goal(s, { kind: 'share', shareWay: 'copy' }),
          goal(s, { kind: 'share', shareWay: 'any' }),
        ].map(async (g) => store().goals.createGoal(g)),
      );
      await store().insertEvents([
        human(s, 0, { path: '/pricing' }),
        human(s, 1, { path: '/pricing/team?plan=x' }),
        human(s, 2, { path: '/Pricing' }),
        human(s, 3, { path: '/a_b%[x]\\anything/z' }),
        human(s, 4, { path: '/aXb%[x]\\y/z' }),
        human(s, 5, { path: '/a_b%x\\y/z' }),
        human(s, 6, { path: '/thanks' }),
        human(s, 7, { path: '/thanks/more' }),
        human(s, 8, { path: null }),
        human(s, 9, { type: 'event', name: 'signup', props: '{"plan":"pro","seats":3,"trial":true}' }),
        human(s, 10, { type: 'event', name: 'signup', props: '{"plan":"free","seats":"3"}' }),
        human(s, 11, { type: 'event', name: 'Signup', props: '{"plan":"pro"}' }),
        human(s, 12, { type: 'event', name: 'signup', props: null }),
        human(s, 13, { type: 'share', name: 'whatsapp' }),
        human(s, 14, { type: 'copy' }),
        human(s, 15, { type: 'copy' }),
        human(s, 16, { type: 'outbound', name: 'example.org' }),
        // The stored path keeps the site's kept query (campaign parameters outside strict mode):
        // a goal matches the path part alone, and no `*` reaches into the query.
        human(s, 17, { path: '/thanks?utm_medium=email&utm_source=news' }),
        human(s, 18, { path: '/pricing?utm_source=news' }),
        human(s, 19, { path: '/a_b%[x]\\q?next=/z' }),
        human(s, 20, { path: '/thanks/more?x=/thanks' }),
      ]);
      const expected = new Map<Goal, number>([
        [pricing as Goal, 3],
        [literal as Goal, 1],
        [exact as Goal, 2],
        [signup as Goal, 3],
        [pro as Goal, 1],
        [seats as Goal, 2],
        [flag as Goal, 1],
        [shares as Goal, 1],
        [copies as Goal, 2],
        [either as Goal, 3],
      ]);
      const counts = async () =>
        new Map((await total(store(), s)).map((row) => [row.goalId, row.conversions] as const));
      const unfolded = await counts();
      await store().foldRollups();
      const folded = await counts();
      for (const [g, count] of expected) {
        expect([g.pathPattern ?? g.eventName ?? g.shareWay, unfolded.get(g.id)]).toEqual([
          g.pathPattern ?? g.eventName ?? g.shareWay,
          count,
        ]);
        expect(folded.get(g.id)).toBe(count);
      }
    });

    it('credits the first page view of the visitor’s day, or the event itself when none came before', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const signup = await store().goals.createGoal(eventGoal(s, 'signup'));
      await store().insertEvents([
        // v0 converts before any page view: its own classification, no landing page.
        human(s, 0, { visitorHash: 'v0', type: 'event', name: 'signup', ...INTERNAL }),
        human(s, 1, { visitorHash: 'v0', path: '/later', ...WHATSAPP }),
        // v1 lands from WhatsApp, browses internally, converts.
        human(s, 2, { visitorHash: 'v1', path: '/article', ...WHATSAPP }),
        human(s, 3, { visitorHash: 'v1', path: '/pricing', ...INTERNAL }),
      ]);
      // Folded in between: the claim is in the rollups' visitor rows, the conversion in the tail.
      await store().foldRollups();
      await store().insertEvents([
        human(s, 4, { visitorHash: 'v1', type: 'event', name: 'signup', ...INTERNAL }),
        // v2: page view and conversion in the same unfolded tail, then folded in one step.
        human(s, 5, { visitorHash: 'v2', path: '/landing', ...WHATSAPP }),
        human(s, 6, { visitorHash: 'v2', type: 'event', name: 'signup', ...INTERNAL }),
        // No visitor hash: a conversion, never a converter; credited to itself.
        human(s, 7, { visitorHash: null, type: 'event', name: 'signup', ...WHATSAPP }),
      ]);
      const by: GoalGroupKey[] = ['channel', 'source'];
      const expected = [
        {
          goalId: signup.id,
          channel: 'dark-social',
          source: 'whatsapp',
          conversions: 3,
          converters: 2,
          revenue: 0,
        },
        {
          goalId: signup.id,
          channel: 'internal',
          source: 'direct',
          conversions: 1,
          converters: 1,
          revenue: 0,
        },
      ];
      expect(await total(store(), s, by)).toEqual(expected);
      await store().foldRollups();
      expect(await total(store(), s, by)).toEqual(expected);
      // The landing page of the attribution is what kit conversions look at.
      const kits = await store().goals.kitConversions({
        siteId: s,
        fromDay: DAY,
        toDay: DAY,
        kits: [
          { linkId: 'a', path: '/article', arrivals: [MESSAGING('whatsapp'), MESSAGING('telegram')] },
          { linkId: 'b', path: '/landing', arrivals: [MESSAGING('whatsapp')] },
          { linkId: 'c', path: '/landing', arrivals: [{ source: 'sms', medium: 'sms' }] },
          { linkId: 'd', path: '/later', arrivals: [MESSAGING('whatsapp')] },
        ],
      });
      expect(kits).toEqual([
        { linkId: 'a', conversions: 1, converters: 1 },
        { linkId: 'b', conversions: 1, converters: 1 },
        { linkId: 'c', conversions: 0, converters: 0 },
        { linkId: 'd', conversions: 0, converters: 0 },
      ]);
    });

    it('reads a kit’s conversions per goal, its landing page with or without the query kept', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const signup = await store().goals.createGoal(eventGoal(s, 'signup'));
      const buy = await store().goals.createGoal(eventGoal(s, 'buy'));
      const email = { ...WHATSAPP, medium: 'email', source: 'email' };
      await store().insertEvents([
        // What a variant's redirect produces: the campaign parameters kept in the landing path.
        human(s, 0, {
          visitorHash: 'k1',
          path: '/article?utm_medium=messaging&utm_source=whatsapp',
          ...WHATSAPP,
        }),
        human(s, 1, { visitorHash: 'k1', type: 'event', name: 'signup', ...INTERNAL }),
        human(s, 2, { visitorHash: 'k2', path: '/article', ...email }),
        human(s, 3, { visitorHash: 'k2', type: 'event', name: 'signup', ...INTERNAL }),
        human(s, 4, { visitorHash: 'k2', type: 'event', name: 'buy', ...INTERNAL }),
        // Another page whose path starts the same way: not the kit's.
        human(s, 5, { visitorHash: 'k3', path: '/article-2?utm_source=whatsapp', ...WHATSAPP }),
        human(s, 6, { visitorHash: 'k3', type: 'event', name: 'signup', ...INTERNAL }),
      ]);
      await store().foldRollups();
      const kit = {
        linkId: 'kit',
        path: '/article',
        arrivals: [MESSAGING('whatsapp'), { source: 'email', medium: 'email' }],
      };
      const query = { siteId: s, fromDay: DAY, toDay: DAY, kits: [kit] };
      expect(await store().goals.kitConversions(query)).toEqual([
        { linkId: 'kit', conversions: 3, converters: 2 },
      ]);
      const byGoal = await store().goals.kitConversionsByGoal(query);
      expect(byGoal.sort((a, b) => b.conversions - a.conversions)).toEqual([
        { linkId: 'kit', goalId: signup.id, conversions: 2, converters: 2 },
        { linkId: 'kit', goalId: buy.id, conversions: 1, converters: 1 },
      ]);
      expect(
        await store().goals.kitConversionsByGoal({ ...query, kits: [{ ...kit, arrivals: [] }] }),
      ).toEqual([]);
    });

    it('counts a converter once per goal and local day, and revenue per currency', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const buy = await store().goals.createGoal(eventGoal(s, 'buy'));
      const nextDay = 24 * 60;
      await store().insertEvents([
        human(s, 0, { path: '/shop', ...WHATSAPP }),
        human(s, 1, { type: 'event', name: 'buy', revenue: 9.99, currency: 'EUR' }),
        human(s, 2, { type: 'event', name: 'buy', revenue: 20.01, currency: 'EUR' }),
        human(s, 3, { type: 'event', name: 'buy', revenue: 5, currency: 'USD' }),
        human(s, 4, { type: 'event', name: 'buy' }),
        human(s, nextDay, { type: 'event', name: 'buy', revenue: 1.5, currency: 'EUR' }),
      ]);
      await store().foldRollups(3);
      const byCurrency = [
        { goalId: buy.id, currency: '', conversions: 1, converters: 0, revenue: 0 },
        { goalId: buy.id, currency: 'EUR', conversions: 3, converters: 2, revenue: 31.5 },
        { goalId: buy.id, currency: 'USD', conversions: 1, converters: 0, revenue: 5 },
      ];
      expect(await total(store(), s, ['currency'])).toEqual(byCurrency);
      const byDay = [
        { goalId: buy.id, day: DAY, channel: 'dark-social', conversions: 4, converters: 1, revenue: 35 },
        { goalId: buy.id, day: '2026-01-16', channel: 'direct', conversions: 1, converters: 1, revenue: 1.5 },
      ];
      expect(await total(store(), s, ['day', 'channel'])).toEqual(byDay);
      await store().foldRollups();
      expect(await total(store(), s, ['currency'])).toEqual(byCurrency);
      expect(await total(store(), s, ['day', 'channel'])).toEqual(byDay);
      // Only the channels asked for.
      expect(await total(store(), s, [], { channels: ['direct'] })).toEqual([
        { goalId: buy.id, conversions: 1, converters: 1, revenue: 1.5 },
      ]);
      expect(await total(store(), s, [], { goalIds: [] })).toEqual([]);
    });

    it('backfills a new goal from the kept events, once, folded or not, and deletes its counts with it', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const events = Array.from({ length: 30 }, (_, index) =>
        human(s, index, { visitorHash: `v${index % 7}`, path: index % 3 === 0 ? '/done' : '/x' }),
      );
      await store().insertEvents(events.slice(0, 20));
      await store().foldRollups(12);
      const done = await store().goals.createGoal(pageGoal(s, '/done'));
      await store().insertEvents(events.slice(20));
      const expected = [{ goalId: done.id, conversions: 10, converters: 7, revenue: 0 }];
      expect(await total(store(), s)).toEqual(expected);
      await store().foldRollups();
      expect(await total(store(), s)).toEqual(expected);
      expect(await store().goals.deleteGoal(s, done.id)).toBe(true);
      expect(await total(store(), s)).toEqual([]);
      // The same definition made again counts from scratch: nothing of the old one is left.
      const again = await store().goals.createGoal({ ...pageGoal(s, '/done'), name: done.name });
      expect(await total(store(), s)).toEqual([{ ...expected[0], goalId: again.id }]);
      const dump = await store().dumpRows();
      for (const table of ['rollup_goals', 'rollup_goals_monthly', 'goal_visitor_days']) {
        const rows = (dump[table] ?? []) as { goal_id: string }[];
        expect(rows.some((row) => row.goal_id === done.id)).toBe(false);
        expect(rows.some((row) => row.goal_id === again.id)).toBe(true);
      }
    });

    it('goes with its site', async () => {
      const site = await store().createSite(newSite());
      const kept = await store().createSite(newSite());
      for (const s of [site.id, kept.id]) {
        await store().goals.createGoal(pageGoal(s, '*'));
        await store().insertEvents([human(s, 0, {}), human(s, 1, { visitorHash: 'v2' })]);
      }
      await store().foldRollups();
      expect(await store().deleteSite(site.id)).toBe(true);
      const dump = await store().dumpRows();
      for (const table of ['goals', 'rollup_goals', 'rollup_goals_monthly', 'goal_visitor_days']) {
        const rows = (dump[table] ?? []) as { site_id: string }[];
        expect([table, rows.some((row) => row.site_id === site.id)]).toEqual([table, false]);
        expect(rows.some((row) => row.site_id === kept.id)).toBe(true);
      }
    });

    it('orders funnel steps by each visitor’s first conversion of the day, by channel', async () => {
      const site = await store().createSite(newSite());
      const s = site.id;
      const [view, cart, paid] = await Promise.all(
        [pageGoal(s, '/product*'), eventGoal(s, 'cart'), eventGoal(s, 'paid')].map((g) =>
          store().goals.createGoal(g),
        ),
      );
      const visit = (hash: string, start: number, arrival: Partial<NewEvent>, steps: string[]) => [
        human(s, start, { visitorHash: hash, path: '/', ...arrival }),
        ...steps.map((step, index) =>
          step === 'view'
            ? human(s, start + index + 1, { visitorHash: hash, path: '/product/1', ...INTERNAL })
            : human(s, start + index + 1, { visitorHash: hash, type: 'event', name: step, ...INTERNAL }),
        ),
      ];
      await store().insertEvents([
        ...visit('a', 0, WHATSAPP, ['view', 'cart', 'paid']),
        ...visit('b', 10, WHATSAPP, ['view', 'cart']),
        ...visit('c', 20, WHATSAPP, ['cart', 'view', 'paid']), // cart before view: stops at view
        ...visit('d', 30, {}, ['view', 'paid']), // skipped cart: stops at view
        ...visit('e', 40, {}, ['view', 'cart', 'paid']),
      ]);
      await store().foldRollups();
      const rows = await store().goals.funnel({
        siteId: s,
        fromDay: DAY,
        toDay: DAY,
        steps: [view?.id as string, cart?.id as string, paid?.id as string],
      });
      const sum = (step: number, channel: string) =>
        rows
          .filter((row) => row.step === step && row.channel === channel)
          .reduce((n, row) => n + row.visitors, 0);
      expect([0, 1, 2].map((step) => sum(step, 'dark-social'))).toEqual([3, 2, 1]);
      expect([0, 1, 2].map((step) => sum(step, 'direct'))).toEqual([2, 1, 1]);
      expect(rows.find((row) => row.step === 0 && row.channel === 'dark-social')?.source).toBe('whatsapp');
    });

    it('equals a brute-force reading of the raw events, folded or not, through backfills, erasure and retention', async () => {
      const random = seededRandom(20261214);
      const site = await store().createSite(newSite({ timezone: 'Europe/Paris' }));
      const s = site.id;
      const kit = newLink(s);
      const variants = [kit, newLink(s, { parentId: kit.id, channel: 'whatsapp' })];
      await store().createLinks(variants);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const events = generate(random, s, variants as Link[]).map((event): NewEvent => {
        if (event.type !== 'event') return event;
        const name = pick(['signup', 'buy', 'buy']);
        const paid = name === 'buy' && random() < 0.8;
        return {
          ...event,
          name,
          props: pick(['{"plan":"pro"}', '{"plan":"free","n":3}', '{"n":3.5,"ok":true}', null]),
          revenue: paid ? pick([9.99, 5, 0.1, 120]) : null,
          currency: paid ? pick(['EUR', 'USD']) : null,
        };
      });
      const definitions = [
        pageGoal(s, '/news/*'),
        pageGoal(s, '*'),
        pageGoal(s, '/b*c'),
        eventGoal(s, 'signup'),
        eventGoal(s, 'signup', 'plan', 'pro'),
        eventGoal(s, 'buy'),
        eventGoal(s, 'buy', 'n', '3'),
        eventGoal(s, 'buy', 'ok', 'true'),
        goal(s, { kind: 'share', shareWay: 'any' }),
        goal(s, { kind: 'share', shareWay: 'copy' }),
      ];
      // Half the goals exist from the start; the others are made (and backfilled) midway.
      for (const definition of definitions.slice(0, 5)) await store().goals.createGoal(definition);
      const half = Math.floor(events.length / 2);
      const insert = async (slice: readonly NewEvent[]) => {
        for (let start = 0; start < slice.length; ) {
          const size = 1 + Math.floor(random() * 80);
          await store().insertEvents(slice.slice(start, start + size));
          start += size;
          if (random() < 0.3) await store().foldRollups(1 + Math.floor(random() * 150));
        }
      };
      await insert(events.slice(0, half));
      for (const definition of definitions.slice(5)) await store().goals.createGoal(definition);
      await insert(events.slice(half));
      const everything = async () => store().listEvents({ siteId: s, limit: 100_000 });
      const goalsNow = await store().goals.listGoals(s);
      const check = async (written: Awaited<ReturnType<typeof everything>>, questions: number) => {
        const conversions = oracleConversions(written, goalsNow, site.timezone);
        expect(conversions.length).toBeGreaterThan(100);
        for (let question = 0; question < questions; question++) {
          const a = START + Math.floor(random() * 62) * 86_400_000;
          const b = START + Math.floor(random() * 62) * 86_400_000;
          const [fromDay, toDay] = [new Date(Math.min(a, b)), new Date(Math.max(a, b))].map((date) =>
            date.toISOString().slice(0, 10),
          ) as [string, string];
          const by = (
            ['day', 'month', 'channel', 'medium', 'source', 'confidence', 'currency'] as const
          ).filter(() => random() < 0.3);
          const goalIds = random() < 0.3 ? [pick(goalsNow).id] : null;
          const query = { siteId: s, fromDay, toDay, goalIds, by };
          const answer = comparable(await store().goals.goalConversions(query));
          expect({ query, rows: answer }).toEqual({
            query,
            rows: comparable(oracleRows(conversions, query)),
          });
        }
      };
      const written = await everything();
      // Straddling the watermark: part folded, the rest read as the tail.
      await check(written, 40);
      await store().foldRollups();
      await check(written, 40);
      // Erasing the kit's links (clicks, previews, bots) leaves every conversion as it was.
      for (let done = false; !done; ) {
        ({ done } = await store().eraseScope(
          { siteId: s, linkIds: variants.map((link) => link.id) },
          { rollups: true, limit: 50 },
        ));
      }
      const afterErasure = await everything();
      expect(afterErasure.length).toBeLessThan(written.length);
      await check(afterErasure, 20);
      // Retention deletes old raw events and their claims; conversions keep counting them, and
      // a tail written after it is counted on top.
      const cutoff = START + 25 * 86_400_000;
      await store().pruneEvents(
        s,
        { occurredAt: cutoff, day: new Date(cutoff).toISOString().slice(0, 10) },
        100_000,
      );
      expect((await everything()).length).toBeLessThan(afterErasure.length);
      const dump = await store().dumpRows();
      const claims = (dump.goal_visitor_days ?? []) as { site_id: string; day: string }[];
      expect(
        claims.some(
          (row) => row.site_id === s && row.day < new Date(cutoff - 86_400_000).toISOString().slice(0, 10),
        ),
      ).toBe(false);
      const kept = await everything();
      const newest = Math.max(...afterErasure.map((event) => event.id));
      await store().insertEvents(
        events.filter((event) => event.linkId === null && event.occurredAt >= cutoff).slice(0, 60),
      );
      const tail = (await everything()).filter((event) => event.id > newest);
      expect(tail.length).toBeGreaterThan(0);
      await check([...afterErasure, ...tail], 20);
      expect(kept.length).toBeGreaterThan(0);
    });
  });
}
