import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAlertRule } from '../../src/store/alert-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { newEvent, newLink, newSite } from '../store/contract/fixtures.js';

const T = Date.UTC(2026, 11, 6, 20, 0);

function rule(siteId: string, overrides: Partial<NewAlertRule> = {}): NewAlertRule {
  return {
    id: 'rule-1',
    siteId,
    kind: 'page-spike',
    windowMinutes: 30,
    minCount: 20,
    factor: 3,
    cooldownHours: 12,
    quietStart: 22,
    quietEnd: 7,
    dailyCap: 5,
    recipientIds: null,
    goalId: null,
    ...overrides,
  };
}

describe.each(ENGINES)('alert store on %s', (engineName) => {
  let engine: EngineEnv;
  let store: Store;
  let siteId: string;

  beforeEach(async () => {
    engine = await engineEnv(engineName, 'alerts');
    store = await openStore({
      databaseUrl: engine.env.DATABASE_URL,
      dataDir: mkdtempSync(join(tmpdir(), 'penumbra-alerts-')),
    });
    siteId = (await store.createSite(newSite())).id;
  });

  afterEach(async () => {
    await store.close();
    await engine.drop();
  });

  it('keeps rules per site, with their settings, and removes them only on their site', async () => {
    const created = await store.alerts.createAlertRule(rule(siteId, { recipientIds: ['r1', 'r2'] }));
    await store.alerts.createAlertRule(
      rule(siteId, {
        id: 'rule-2',
        kind: 'site-spike',
        windowMinutes: 15,
        factor: 2.5,
        quietStart: null,
        quietEnd: null,
      }),
    );
    const listed = await store.alerts.listAlertRules(siteId);
    expect(listed).toStrictEqual([
      created,
      expect.objectContaining({
        id: 'rule-2',
        windowMinutes: 15,
        factor: 2.5,
        quietStart: null,
        recipientIds: null,
      }),
    ]);
    expect(await store.alerts.listAlertRules()).toHaveLength(2);
    expect(await store.alerts.deleteAlertRule('another-site', 'rule-1')).toBe(false);
    expect(await store.alerts.deleteAlertRule(siteId, 'rule-1')).toBe(true);
    expect((await store.alerts.listAlertRules(siteId)).map((r) => r.id)).toStrictEqual(['rule-2']);
  });

  it('counts dark-social page views per page, app and way of sharing, and kit previews per kit', async () => {
    const [kit, variant] = await store.createLinks([
      newLink(siteId, { id: 'kit', slug: 'kit' }),
      newLink(siteId, { id: 'kit-wa', slug: 'kit-wa', parentId: 'kit', channel: 'whatsapp' }),
    ]);
    if (!kit || !variant) throw new Error('links expected');
    const page = (path: string, source: string, medium: string, at: number, channel = 'dark-social') =>
      newEvent(siteId, null, {
        type: 'pageview',
        kind: 'human',
        channel,
        source,
        medium,
        path,
        occurredAt: at,
      });
    await store.insertEvents([
      page('/a', 'whatsapp', 'messaging', T - 60_000),
      page('/a', 'whatsapp', 'messaging', T - 120_000),
      page('/a', 'direct', 'copy-paste', T - 120_000),
      page('/a', 'google', 'organic', T - 60_000, 'search'),
      page('/a', 'whatsapp', 'messaging', T + 1),
      page('/b', 'telegram', 'messaging', T - 40 * 60_000),
      newEvent(siteId, 'kit-wa', {
        type: 'preview',
        kind: 'preview',
        source: 'whatsapp',
        medium: 'messaging',
        occurredAt: T - 1,
      }),
      newEvent(siteId, 'kit', {
        type: 'preview',
        kind: 'preview',
        source: 'telegram',
        medium: 'messaging',
        occurredAt: T - 1,
      }),
      newEvent(siteId, 'kit-wa', { type: 'click', kind: 'human', occurredAt: T - 1 }),
    ]);
    const pages = await store.alerts.countDarkSocialPages(siteId, T - 30 * 60_000, T);
    expect(pages.sort((x, y) => x.medium.localeCompare(y.medium))).toStrictEqual([
      { subject: '/a', source: 'direct', medium: 'copy-paste', count: 1 },
      { subject: '/a', source: 'whatsapp', medium: 'messaging', count: 2 },
    ]);
    const kits = await store.alerts.countKitPreviews(siteId, T - 60_000, T);
    expect(kits.sort((x, y) => x.source.localeCompare(y.source))).toStrictEqual([
      { subject: 'kit', source: 'telegram', medium: 'messaging', count: 1 },
      { subject: 'kit', source: 'whatsapp', medium: 'messaging', count: 1 },
    ]);
  });

  it('remembers firings for the cooldown and the daily cap', async () => {
    await store.alerts.createAlertRule(rule(siteId));
    expect(await store.alerts.lastFiring('rule-1', '/a')).toBeUndefined();
    await store.alerts.recordFiring({
      ruleId: 'rule-1',
      siteId,
      subject: '/a',
      firedAt: T,
      localDay: '2026-12-06',
    });
    await store.alerts.recordFiring({
      ruleId: 'rule-1',
      siteId,
      subject: '/a',
      firedAt: T,
      localDay: '2026-12-06',
    });
    await store.alerts.recordFiring({
      ruleId: 'rule-1',
      siteId,
      subject: '/b',
      firedAt: T + 5,
      localDay: '2026-12-06',
    });
    expect(await store.alerts.lastFiring('rule-1', '/a')).toBe(T);
    expect(await store.alerts.countFirings('rule-1', '2026-12-06')).toBe(2);
    expect(await store.alerts.countFirings('rule-1', '2026-12-07')).toBe(0);
  });

  it('leases the evaluator to one owner at a time until the lease runs out', async () => {
    expect(await store.alerts.acquireLease('alerts', 'a', T, T + 60_000)).toBe(true);
    expect(await store.alerts.acquireLease('alerts', 'b', T + 1_000, T + 61_000)).toBe(false);
    expect(await store.alerts.acquireLease('alerts', 'a', T + 1_000, T + 61_000)).toBe(true);
    expect(await store.alerts.acquireLease('alerts', 'b', T + 61_000, T + 121_000)).toBe(true);
    expect(await store.alerts.acquireLease('alerts', 'a', T + 62_000, T + 122_000)).toBe(false);
  });
});
