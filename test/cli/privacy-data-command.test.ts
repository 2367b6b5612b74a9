import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { NewEvent } from '../../src/store/store.js';
import { runCli } from '../helpers/run-cli.js';

/** `penumbra privacy export` and `privacy erase` as processes, on a store they share with the test. */
describe('penumbra privacy export / erase', () => {
  it('exports a campaign, shows a dry run that changes nothing, and erases only with --yes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-privacy-'));
    const env = { PENUMBRA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    expect((await runCli(['sites', 'add', 'news.example.org'], { env })).code).toBe(0);
    const create = (url: string, ...extra: string[]) =>
      runCli(['links', 'create', url, '--site', 'news.example.org', '--json', ...extra], { env });
    const created = await create(
      'https://news.example.org/kit',
      '--channels',
      'whatsapp,sms',
      '--tag',
      'spring',
    );
    expect(created.code, created.stderr).toBe(0);
    const kit = JSON.parse(created.stdout);
    const other = JSON.parse((await create('https://news.example.org/other')).stdout);

    // Traffic written straight to the store the CLI opens (the redirect path is tested elsewhere).
    const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
    const siteId = kit.siteId as string;
    const click = (linkId: string, minutes: number): NewEvent => ({
      siteId,
      linkId,
      type: 'click',
      kind: 'human',
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      evidence: 'tracked-link',
      confidence: 'certain',
      occurredAt: Date.UTC(2026, 5, 1) + minutes * 60_000,
    });
    const [whatsapp, sms] = kit.variants as { id: string; slug: string }[];
    await store.insertEvents([
      ...[1, 2, 3].map((m) => click(whatsapp?.id ?? '', m)),
      click(sms?.id ?? '', 4),
      click(other.id, 5),
    ]);
    const before = await store.dumpRows();
    await store.close();

    const file = join(dataDir, 'kit.json');
    const exported = await runCli(
      ['privacy', 'export', '--site', 'news.example.org', '--campaign', sms?.slug ?? '', '--out', file],
      { env },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.scope).toMatchObject({ kind: 'campaign', link: kit.id });
    expect(json.links).toHaveLength(3);
    expect(json.events).toHaveLength(4);
    expect(readFileSync(file, 'utf8')).not.toContain(other.id);
    const dir = join(dataDir, 'csv');
    const csv = await runCli(
      ['privacy', 'export', '--site', 'news.example.org', '--tag', 'spring', '--format', 'csv', '--out', dir],
      { env },
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'events.csv',
      'links.csv',
      'rollup_links.csv',
      'rollup_links_monthly.csv',
    ]);
    expect(readFileSync(join(dir, 'events.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(5);

    const args = ['privacy', 'erase', '--site', 'news.example.org', '--campaign', kit.slug, '--rollups'];
    const dryRun = await runCli(args, { env });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain(`Dry run: erasing campaign ${kit.id} of news.example.org would remove:`);
    expect(dryRun.stdout).toMatch(/^events\s+4$/m);
    expect(dryRun.stdout).toMatch(/^links\s+3$/m);
    expect(dryRun.stdout).toContain('Run again with --yes to erase.');
    const afterDryRun = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
    const { audit_log: auditAfter, ...tablesAfter } = await afterDryRun.dumpRows();
    const { audit_log: auditBefore, ...tablesBefore } = before;
    // Only the two exports were recorded in the audit log; no table changed.
    expect(tablesAfter).toEqual(tablesBefore);
    expect((auditAfter ?? []).length - (auditBefore ?? []).length).toBe(2);
    await afterDryRun.close();

    const erased = await runCli([...args, '--yes', '--json'], { env });
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({
      dryRun: false,
      rollups: true,
      counts: { events: 4, links: 3, rollup_links: 2 },
    });
    const after = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
    expect((await after.listAllLinks()).map((link) => link.id)).toEqual([other.id]);
    expect(await after.countEvents()).toBe(1);
    const text = JSON.stringify(await after.dumpRows());
    for (const id of [kit.id, whatsapp?.id, sms?.id]) expect(text).not.toContain(id);
    await after.close();
  }, 60_000);

  it('says what is wrong: usage errors exit 2, unknown targets 1', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-privacy-')), LOG_LEVEL: 'silent' };
    await runCli(['sites', 'add', 'news.example.org'], { env });
    const noSite = await runCli(['privacy', 'erase', '--link', 'x'], { env });
    expect(noSite.code).toBe(2);
    const two = await runCli(
      ['privacy', 'erase', '--site', 'news.example.org', '--link', 'a', '--tag', 'b'],
      { env },
    );
    expect(two.code).toBe(2);
    const noOut = await runCli(['privacy', 'export', '--site', 'news.example.org'], { env });
    expect(noOut.code).toBe(2);
    const unknown = await runCli(['privacy', 'erase', '--site', 'news.example.org', '--link', 'nope'], {
      env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('link_unknown');
    const noSuchSite = await runCli(['privacy', 'export', '--site', 'nope.example', '--out', '/tmp/x.json'], {
      env,
    });
    expect(noSuchSite.code).toBe(2);
    expect(noSuchSite.stderr).toContain('there is no site "nope.example"');
  }, 60_000);
});
