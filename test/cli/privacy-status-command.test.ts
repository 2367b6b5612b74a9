import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { SchemaCatalog } from '../../src/store/schema-catalog.js';
import type { Store } from '../../src/store/store.js';
import { runCli } from '../helpers/run-cli.js';

/** Opens the CLI's store in the test, for what no command shows (a retention run, raw events). */
async function withStore<T>(dataDir: string, work: (store: Store & SchemaCatalog) => Promise<T>): Promise<T> {
  const store = (await openStore({ dataDir })) as Store & SchemaCatalog;
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('penumbra privacy status, and the audit entries of CLI commands (as a process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-privacy-status-'));
  const env = { PENUMBRA_DATA_DIR: dataDir, PENUMBRA_AUDIT_RETENTION_MONTHS: '9' };
  let siteId: string;

  beforeAll(async () => {
    const added = await runCli(
      [
        'sites',
        'add',
        'status.example',
        '--mode',
        'strict',
        '--respect-dnt',
        '--retention-months',
        '13',
        '--json',
      ],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    siteId = JSON.parse(added.stdout).id;
  });

  it('prints each site’s mode and what it means, DNT, retention, and that retention never ran', async () => {
    const result = await runCli(['privacy', 'status'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`status.example (${siteId})`);
    expect(result.stdout).toMatch(/mode: +strict: referrer host only, no campaign parameters/);
    expect(result.stdout).toMatch(/Do Not Track\/GPC: +respected/);
    expect(result.stdout).toMatch(/raw events kept: +13 months \(daily salts deleted after 48 h\)/);
    expect(result.stdout).toMatch(/last retention: +never run yet/);
    expect(result.stdout).toMatch(/oldest raw event: +none/);
    expect(result.stdout).toContain('Audit log of administrative actions kept 9 months.');
  });

  it('shows the last retention run and the oldest raw event once there are some', async () => {
    const oldest = Date.parse('2026-03-02T08:15:00Z');
    await withStore(dataDir, async (store) => {
      await store.recordRetentionRun({
        siteId,
        ranAt: '2026-04-01T10:00:00.000Z',
        cutoffDay: '2025-03-01',
        deleted: 42,
      });
      const event = {
        siteId,
        linkId: null,
        type: 'pageview',
        kind: 'human',
        channel: 'direct',
        medium: 'none',
      } as const;
      const rest = { source: 'direct', evidence: 'none', confidence: 'low', path: '/' } as const;
      await store.insertEvents([
        { ...event, ...rest, occurredAt: oldest + 60_000 },
        { ...event, ...rest, occurredAt: oldest },
      ]);
    });
    const result = await runCli(['privacy', 'status', '--site', 'status.example'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /last retention: +2026-04-01T10:00:00\.000Z, data before 2025-03-01 deleted, 42 events/,
    );
    expect(result.stdout).toMatch(/oldest raw event: +2026-03-02T08:15:00\.000Z/);

    const json = await runCli(['privacy', 'status', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual([
      {
        siteId,
        domain: 'status.example',
        privacyMode: 'strict',
        respectDnt: true,
        retentionMonths: 13,
        saltHours: 48,
        retention: { lastRunAt: '2026-04-01T10:00:00.000Z', cutoffDay: '2025-03-01', deleted: 42 },
        auditRetentionMonths: 9,
        oldestEventAt: '2026-03-02T08:15:00.000Z',
      },
    ]);
  });

  it('fails with status 2 for an unknown site, listing the known ones', async () => {
    const result = await runCli(['privacy', 'status', '--site', 'nowhere.example'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no site "nowhere.example". Known sites:');
  });

  it('records sites add and token create/revoke as the command line, never the token’s secret', async () => {
    const created = await runCli(['token', 'create', '--name', 'deploy'], { env });
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect((await runCli(['token', 'revoke', 'deploy'], { env })).code).toBe(0);
    await withStore(dataDir, async (store) => {
      const { items } = await store.listAuditEntries({ limit: 10, offset: 0 });
      expect(items.map((entry) => [entry.action, entry.actorKind, entry.actorLabel])).toEqual([
        ['token.delete', 'cli', 'command line'],
        ['token.create', 'cli', 'command line'],
        ['site.create', 'cli', 'command line'],
      ]);
      expect(items[1]?.details).toEqual({ name: 'deploy', scopes: ['admin'], sites: null });
      expect(items[2]).toMatchObject({ siteId, details: { privacyMode: 'strict', retentionMonths: 13 } });
      expect(JSON.stringify(await store.dumpRows())).not.toContain(secret);
    });
  });
});
