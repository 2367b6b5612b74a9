import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { AuditLog, CLI_ACTOR } from '../../src/privacy/audit-log.js';
import { auditCutoff, runRetentionJob } from '../../src/privacy/retention-job.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');

describe('the retention job and the audit log', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
  });

  it('cuts the audit log at the same UTC day so many months back', () => {
    expect(auditCutoff(12, NOW)).toBe('2025-11-29T00:00:00.000Z');
    expect(auditCutoff(6, Date.parse('2026-08-31T23:00:00Z'))).toBe('2026-02-28T00:00:00.000Z');
  });

  it('prunes audit entries past the limit, records a run per site, and audits only runs that deleted', async () => {
    await store.createSite({
      id: 's1',
      domain: 'one.example',
      name: 'One',
      timezone: 'UTC',
      fallbackUrl: null,
    });
    const at = (iso: string) => new AuditLog(store, () => Date.parse(iso));
    await at('2025-11-28T23:59:59Z').record({ actor: CLI_ACTOR, action: 'site.create', siteId: 's1' });
    await at('2025-11-29T00:00:00Z').record({ actor: CLI_ACTOR, action: 'site.update', siteId: 's1' });

    const result = await runRetentionJob(
      { store, audit: new AuditLog(store), auditRetentionMonths: 12 },
      NOW,
    );
    expect(result.auditPruned).toBe(1);
    expect(result.sites).toEqual([expect.objectContaining({ siteId: 's1', deleted: 0 })]);
    expect(await store.getRetentionRun('s1')).toEqual({
      siteId: 's1',
      ranAt: '2026-11-29T12:00:00.000Z',
      cutoffDay: '2024-10-29',
      deleted: 0,
    });
    const { items } = await store.listAuditEntries({ limit: 10, offset: 0 });
    expect(items.map((entry) => entry.action)).toEqual(['site.update']);
  });
});

describe('PENUMBRA_AUDIT_RETENTION_MONTHS', () => {
  it('defaults to 12 months and takes a whole number from 1 to 36', () => {
    expect(loadConfig({}).auditRetentionMonths).toBe(12);
    expect(loadConfig({ PENUMBRA_AUDIT_RETENTION_MONTHS: '6' }).auditRetentionMonths).toBe(6);
    expect(loadConfig({ PENUMBRA_AUDIT_RETENTION_MONTHS: '36' }).auditRetentionMonths).toBe(36);
  });

  it('refuses anything else', () => {
    for (const value of ['0', '37', '1.5', '-3', 'twelve', '6 months']) {
      expect(() => loadConfig({ PENUMBRA_AUDIT_RETENTION_MONTHS: value }), value).toThrow(ConfigError);
    }
  });
});
