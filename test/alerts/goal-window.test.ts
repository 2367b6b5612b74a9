import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoalWindowQuery } from '../../src/store/alert-store.js';
import type { GoalConversionRow } from '../../src/store/goal-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { NewEvent, Store } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { newEvent, newSite } from '../store/contract/fixtures.js';

const MINUTE = 60_000;
/** 20:00 UTC: the site is in UTC, so the local day is 2026-12-06 throughout. */
const T = Date.UTC(2026, 11, 6, 20, 0);
const WHATSAPP = { channel: 'dark-social', medium: 'messaging', source: 'whatsapp', confidence: 'certain' };
const TELEGRAM = { channel: 'dark-social', medium: 'messaging', source: 'telegram', confidence: 'likely' };

/** Rows in one order whatever their keys' order: by their values, keys sorted. */
const sorted = (rows: GoalConversionRow[]) => {
  const key = (row: object) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
  return rows
    .map((row) => ({ ...row, revenue: Math.round(row.revenue * 100) / 100 }))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
};

/**
 * Goal conversions in a window of minutes (AlertStore.countGoalConversions, goal-window-sql.ts):
 * what goal.converted batches and goal-dark-social rules read. The same matching and attribution
 * as the goal store's daily answers, folded or not, and goal rules that go with their goal.
 */
describe.each(ENGINES)('goal conversions in a window on %s', (engineName) => {
  let engine: EngineEnv;
  let store: Store;
  let siteId: string;

  beforeEach(async () => {
    engine = await engineEnv(engineName, 'goalwin');
    store = await openStore({
      databaseUrl: engine.env.DATABASE_URL,
      dataDir: mkdtempSync(join(tmpdir(), 'penumbra-goal-window-')),
    });
    siteId = (await store.createSite(newSite({ timezone: 'UTC' }))).id;
  });

  afterEach(async () => {
    await store.close();
    await engine.drop();
  });

  const at = (minutes: number, overrides: Partial<NewEvent>): NewEvent =>
    newEvent(siteId, null, {
      type: 'pageview',
      kind: 'human',
      channel: 'direct',
      medium: 'none',
      source: 'direct',
      evidence: 'none',
      confidence: 'certain',
      occurredAt: T + minutes * MINUTE,
      path: '/',
      ...overrides,
    });
  const signup = (minutes: number, visitorHash: string | null, extra: Partial<NewEvent> = {}) =>
    at(minutes, { type: 'event', name: 'signup', visitorHash, ...extra });

  async function seed() {
    const goal = await store.goals.createGoal({
      id: 'g-signup',
      siteId,
      name: 'Sign-up',
      kind: 'event',
      pathPattern: null,
      eventName: 'signup',
      propKey: null,
      propValue: null,
      shareWay: null,
    });
    // In the order they happen (event ids follow arrival: the first conversion is the smallest id).
    await store.insertEvents([
      // v4 came from Telegram at 01:00, 19 hours before converting in the window: the same local day.
      at(-19 * 60, { visitorHash: 'v4', ...TELEGRAM }),
      // v2's visit began before the window (Telegram); their conversion in it is credited to it.
      at(-50, { visitorHash: 'v2', ...TELEGRAM }),
      at(-45, { visitorHash: 'v2', path: '/pricing' }),
      // v1 came from WhatsApp and first signed up before the window: in it, two more conversions
      // and no new converter (a person counts once per goal and day, where they first converted).
      at(-40, { visitorHash: 'v1', path: '/a', ...WHATSAPP }),
      signup(-31, 'v1'),
      signup(-20, 'v1', { revenue: 9.99, currency: 'EUR' }),
      signup(-5, 'v2'),
      // No page view before: the conversion keeps its own classification.
      signup(-3, 'v3', WHATSAPP),
      signup(-2, 'v1', { revenue: 5, currency: 'USD' }),
      signup(-1, 'v4'),
      // After the window [T − 30 min, T).
      signup(0, 'v2'),
    ]);
    return goal;
  }

  const query = (overrides: Partial<GoalWindowQuery> = {}): GoalWindowQuery => ({
    siteId,
    from: T - 30 * MINUTE,
    to: T,
    goalIds: null,
    by: ['channel', 'source', 'confidence'],
    ...overrides,
  });

  it('credits each conversion to the first page view of its visitor’s day, folded or not', async () => {
    await seed();
    const expected = [
      {
        goalId: 'g-signup',
        channel: 'dark-social',
        source: 'telegram',
        confidence: 'likely',
        conversions: 2,
        converters: 2,
        revenue: 0,
      },
      {
        goalId: 'g-signup',
        channel: 'dark-social',
        source: 'whatsapp',
        confidence: 'certain',
        conversions: 3,
        converters: 1,
        revenue: 14.99,
      },
    ];
    expect(sorted(await store.alerts.countGoalConversions(query()))).toEqual(sorted(expected));
    await store.foldRollups();
    expect(sorted(await store.alerts.countGoalConversions(query()))).toEqual(sorted(expected));
    // Revenue per currency, and only dark social's by app and way of sharing.
    expect(sorted(await store.alerts.countGoalConversions(query({ by: ['currency'] })))).toEqual(
      sorted([
        { goalId: 'g-signup', currency: '', conversions: 3, converters: 3, revenue: 0 },
        { goalId: 'g-signup', currency: 'EUR', conversions: 1, converters: 0, revenue: 9.99 },
        { goalId: 'g-signup', currency: 'USD', conversions: 1, converters: 0, revenue: 5 },
      ]),
    );
    expect(
      sorted(
        await store.alerts.countGoalConversions(
          query({ by: ['source', 'medium'], channels: ['dark-social'], goalIds: ['g-signup'] }),
        ),
      ),
    ).toEqual(
      sorted([
        {
          goalId: 'g-signup',
          source: 'telegram',
          medium: 'messaging',
          conversions: 2,
          converters: 2,
          revenue: 0,
        },
        {
          goalId: 'g-signup',
          source: 'whatsapp',
          medium: 'messaging',
          conversions: 3,
          converters: 1,
          revenue: 14.99,
        },
      ]),
    );
    expect(await store.alerts.countGoalConversions(query({ goalIds: [] }))).toEqual([]);
    expect(await store.alerts.countGoalConversions(query({ channels: ['search'] }))).toEqual([]);
  });

  it('answers what the goal store answers for the whole day', async () => {
    await seed();
    const day = { siteId, fromDay: '2026-12-06', toDay: '2026-12-06', goalIds: null } as const;
    const window = query({ from: Date.UTC(2026, 11, 6), to: Date.UTC(2026, 11, 7) });
    for (const folded of [false, true]) {
      if (folded) await store.foldRollups();
      for (const by of [['channel', 'source', 'medium', 'confidence'], ['currency'], []] as const) {
        expect(sorted(await store.alerts.countGoalConversions({ ...window, by }))).toEqual(
          sorted(await store.goals.goalConversions({ ...day, by })),
        );
      }
    }
  });

  it('keeps a goal-dark-social rule with its goal, and drops it with the goal', async () => {
    await seed();
    const rule = {
      id: 'rule-goal',
      siteId,
      kind: 'goal-dark-social',
      windowMinutes: 15,
      minCount: 5,
      factor: 3,
      cooldownHours: 12,
      quietStart: null,
      quietEnd: null,
      dailyCap: 5,
      recipientIds: null,
      goalId: 'g-signup',
    } as const;
    await store.alerts.createAlertRule(rule);
    expect(await store.alerts.listAlertRules(siteId)).toMatchObject([
      { id: 'rule-goal', goalId: 'g-signup' },
    ]);
    // A goal rule without its goal, or another kind with one, is refused by the schema.
    await expect(store.alerts.createAlertRule({ ...rule, id: 'no-goal', goalId: null })).rejects.toThrow();
    await expect(
      store.alerts.createAlertRule({ ...rule, id: 'page-with-goal', kind: 'page-spike' }),
    ).rejects.toThrow();
    await store.alerts.recordFiring({
      ruleId: 'rule-goal',
      siteId,
      subject: 'g-signup',
      firedAt: T,
      localDay: '2026-12-06',
    });
    expect(await store.goals.deleteGoal(siteId, 'g-signup')).toBe(true);
    expect(await store.alerts.listAlertRules(siteId)).toEqual([]);
    expect(await store.alerts.lastFiring('rule-goal', 'g-signup')).toBeUndefined();
  });
});
