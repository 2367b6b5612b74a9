import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention, RETENTION_BATCH, retentionCutoff } from '../../src/privacy/retention.js';
import { runStatsQuery } from '../../src/stats/stats-engine.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { NewEvent } from '../../src/store/store.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const DAY = 86_400_000;

function view(siteId: string, occurredAt: number, visitor: string): NewEvent {
  return {
    siteId,
    linkId: null,
    type: 'pageview',
    kind: 'human',
    channel: 'dark-social',
    medium: 'messaging',
    source: 'whatsapp',
    evidence: 'in-app-browser',
    confidence: 'certain',
    occurredAt,
    path: '/a',
    visitorHash: visitor,
  };
}

describe('the retention job', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
  });

  it('cuts at the same day so many months back in the site’s zone', () => {
    expect(retentionCutoff({ retentionMonths: 25, timezone: 'Europe/Paris' }, NOW).day).toBe('2024-10-29');
    expect(retentionCutoff({ retentionMonths: 13, timezone: 'Pacific/Kiritimati' }, NOW).day).toBe(
      '2025-10-30',
    );
  });

  it('deletes raw events past each site’s limit in batches, keeps the rest, and keeps the rollups', async () => {
    const short = await store.createSite({
      id: 's1',
      domain: 'short.example',
      name: 'S',
      timezone: 'UTC',
      fallbackUrl: null,
      retentionMonths: 1,
    });
    const long = await store.createSite({
      id: 's2',
      domain: 'long.example',
      name: 'L',
      timezone: 'UTC',
      fallbackUrl: null,
    });
    const old = NOW - 60 * DAY;
    const oldEvents = Array.from({ length: RETENTION_BATCH + 5 }, (_, index) =>
      view(short.id, old + index, `v${index % 7}`),
    );
    await store.insertEvents(oldEvents);
    await store.insertEvents([view(short.id, NOW - DAY, 'recent'), view(long.id, old, 'kept')]);

    const results = await enforceRetention(store, NOW);
    expect(results).toEqual([
      expect.objectContaining({ siteId: 's1', deleted: RETENTION_BATCH + 5 }),
      expect.objectContaining({ siteId: 's2', deleted: 0 }),
    ]);
    expect(
      (await store.listEvents({ siteId: short.id, limit: 100 })).map((event) => event.visitorHash),
    ).toEqual(['recent']);
    expect(await store.listEvents({ siteId: long.id, limit: 100 })).toHaveLength(1);
    const oldDay = new Date(old).toISOString().slice(0, 10);
    const dump = await store.dumpRows();
    expect(
      (dump.visitor_days as { site_id: string; day: string }[]).filter(
        (row) => row.site_id === 's1' && row.day === oldDay,
      ),
    ).toEqual([]);

    const pastMonth = await runStatsQuery(store, {
      siteId: short.id,
      metrics: ['pageviews', 'visitors'],
      dimensions: [],
      filters: [],
      range: { from: oldDay, to: oldDay },
      comparison: null,
      orderBy: [],
      limit: 10,
      offset: 0,
    });
    expect(pastMonth.rows).toEqual([{ dimensions: [], metrics: [RETENTION_BATCH + 5, 7] }]);
    expect((await enforceRetention(store, NOW))[0]?.deleted).toBe(0);
  });
});
