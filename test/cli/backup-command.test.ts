import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

const SITE = 'backup.example.org';

function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Page views sent to a running server, ten at a time, until `stop()`; counts the 2xx answers. */
function keepWriting(url: string) {
  let running = true;
  let answered = 0;
  const send = async (index: number) => {
    const response = await fetch(`${url}/api/event`, {
      method: 'POST',
      // A browser's agent: the server answers bots 204 and stores nothing for them.
      headers: { 'content-type': 'text/plain', origin: `https://${SITE}`, 'user-agent': AGENTS.safariIphone },
      body: JSON.stringify({ s: SITE, t: 'pageview', u: `https://${SITE}/article-${index}` }),
    });
    if (response.ok) answered++;
  };
  const loop = (async () => {
    for (let round = 0; running; round++)
      await Promise.all(Array.from({ length: 10 }, (_, i) => send(round * 10 + i)));
  })();
  return {
    answered: () => answered,
    async stop() {
      running = false;
      await loop;
    },
  };
}

function eventCount(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('penumbra backup (as a process)', () => {
  it('copies the database while a server writes into it, and the copy restores and serves', async () => {
    const dataDir = freshDir('penumbra-live-');
    const env = { PENUMBRA_DATA_DIR: dataDir, PENUMBRA_EVENT_RATE: '100000', PENUMBRA_EVENT_BURST: '100000' };
    expect((await runCli(['sites', 'add', SITE], { env })).code).toBe(0);
    const server = await startServeProcess(env);
    const writer = keepWriting(server.url);
    try {
      // Stored, not only answered: the server writes events in batches, a moment later.
      while (eventCount(join(dataDir, 'penumbra.db')) < 200)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const target = join(freshDir('penumbra-backup-'), 'copy.db');
      const backup = await runCli(['backup', target], { env });
      const answeredDuring = writer.answered();
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^Copied \d+ pages of .*penumbra\.db to .*copy\.db in \d+ ms/);
      // Writes went on while the copy was made: it did not block the server.
      while (writer.answered() < answeredDuring + 100)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(readdirSync(join(target, '..'))).toEqual(['copy.db']);

      // The copy is whole: SQLite's full check, and no row points at a missing parent.
      const copy = new Database(target, { readonly: true, fileMustExist: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      copy.close();

      // Restore as docs/operations.md says: the copy as penumbra.db of a data directory.
      const restoredDir = freshDir('penumbra-restored-');
      copyFileSync(target, join(restoredDir, 'penumbra.db'));
      const restoredEnv = { PENUMBRA_DATA_DIR: restoredDir };
      const sites = await runCli(['sites', 'list', '--json'], { env: restoredEnv });
      expect(sites.code, sites.stderr).toBe(0);
      expect(JSON.parse(sites.stdout).map((site: { domain: string }) => site.domain)).toContain(SITE);
      const restoredServer = await startServeProcess(restoredEnv);
      expect((await fetch(`${restoredServer.url}/healthz`)).status).toBe(200);
      expect(await restoredServer.stop()).toBe(0);

      await writer.stop();
      expect(await server.stop()).toBe(0);
      const copied = eventCount(join(restoredDir, 'penumbra.db'));
      const live = eventCount(join(dataDir, 'penumbra.db'));
      expect(copied).toBeGreaterThan(0);
      // A snapshot of an earlier instant: it holds no more than the live database ends with.
      expect(copied).toBeLessThan(live);
    } finally {
      await writer.stop();
      if (server.child.exitCode === null) await server.stop();
    }
  }, 60_000);

  it('never overwrites a file, and sends PostgreSQL users to pg_dump', async () => {
    const dataDir = freshDir('penumbra-live-');
    const env = { PENUMBRA_DATA_DIR: dataDir };
    expect((await runCli(['sites', 'add', SITE], { env })).code).toBe(0);
    const existing = join(freshDir('penumbra-backup-'), 'taken.db');
    writeFileSync(existing, 'precious');
    const refused = await runCli(['backup', existing], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('precious');

    const missing = await runCli(['backup', join(dataDir, 'x.db')], {
      env: { PENUMBRA_DATA_DIR: freshDir('empty-') },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no database');

    const postgres = await runCli(['backup', join(dataDir, 'y.db')], {
      env: { DATABASE_URL: 'postgres://penumbra@127.0.0.1:1/penumbra' },
    });
    expect(postgres.code).toBe(2);
    expect(postgres.stderr).toContain('pg_dump --format=custom');
    expect((await runCli(['backup'], { env })).code).toBe(2);
  });
});
