import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/news-site.log', import.meta.url));

function freshEnv() {
  return { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-import-')), LOG_LEVEL: 'silent' };
}

async function importJson(args: string[], env: Record<string, string>, input?: string) {
  const result = await runCli(
    ['import-log', '--site', 'news.example.org', '--create-site', '--json', ...args],
    {
      env,
      ...(input === undefined ? {} : { input }),
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('penumbra import-log (as a process)', () => {
  it('turns previews into shares per app, people into visits per channel, and counts bots and bad lines', async () => {
    const env = freshEnv();
    const summary = await importJson([FIXTURE], env);
    expect(summary.previews).toEqual({ whatsapp: 1, slack: 1, facebook: 1, telegram: 1 });
    expect(summary.visits['dark-social']).toBe(3);
    expect(summary.bots).toBe(1);
    expect(summary.bad).toBe(3);
    expect(summary.skipped.static).toBeGreaterThan(0);
    expect(summary.stored).toBe(summary.pageviews + 4 + summary.bots);
    const sites = await runCli(['sites', 'list', '--json'], { env });
    expect(JSON.parse(sites.stdout).map((site: { domain: string }) => site.domain)).toContain(
      'news.example.org',
    );
  });

  it('stores nothing twice: the same file again, or gzipped, or through stdin', async () => {
    const env = freshEnv();
    const first = await importJson([FIXTURE], env);
    const dir = mkdtempSync(join(tmpdir(), 'penumbra-gz-'));
    const gz = join(dir, 'access.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const again = await importJson([FIXTURE, gz], env);
    expect(again.stored).toBe(0);
    // The gzipped copy's previews repeat the plain file's within a minute: merged, not stored.
    expect(again.duplicates).toBeGreaterThanOrEqual(first.stored);
    const piped = await importJson(['-'], env, readFileSync(FIXTURE, 'utf8'));
    expect(piped.stored).toBe(0);
    const other = freshEnv();
    const fromGz = await importJson([gz], other);
    expect(fromGz.stored).toBe(first.stored);
  });

  it('keeps the log’s addresses and user agents out of the database', async () => {
    const env = freshEnv();
    await importJson([FIXTURE], env);
    const store = openSqliteStore({ file: join(env.PENUMBRA_DATA_DIR, 'penumbra.db') });
    const rows = JSON.stringify(await store.dumpRows());
    await store.close();
    for (const line of readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean)) {
      const ip = line.split(' ', 1)[0] ?? '';
      if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) expect(rows).not.toContain(ip);
      const agent = /"([^"]*)"$/.exec(line)?.[1];
      if (agent && agent.length > 10) expect(rows).not.toContain(agent);
    }
  });

  it('explains usage errors with exit status 2 and unreadable files with 1', async () => {
    const env = freshEnv();
    expect((await runCli(['import-log', FIXTURE], { env })).code).toBe(2);
    expect((await runCli(['import-log', '--site', 'a.org', '--format', 'w3c', FIXTURE], { env })).code).toBe(
      2,
    );
    const missing = await runCli(['import-log', '--site', 'a.org', join(tmpdir(), 'no-such.log')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such.log');
  });
});
