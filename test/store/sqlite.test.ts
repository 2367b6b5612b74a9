import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { at, newEvent, newLink, newSite } from './contract/fixtures.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'penumbra-sqlite-'));
let files = 0;
const tempFile = (): string => join(dir, `store-${++files}.db`);

const run = promisify(execFile);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite (temp file)', async () => openSqliteStore({ file: tempFile() }));

describe('SQLite store file', () => {
  it('uses WAL journal mode, so the CLI can write while the server reads', async () => {
    const file = tempFile();
    const store = openSqliteStore({ file });
    await store.migrate();
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('shares its file: a second store sees the writes of the first', async () => {
    const file = tempFile();
    const [server, cli] = [openSqliteStore({ file }), openSqliteStore({ file })];
    await Promise.all([server.migrate(), cli.migrate()]);
    const site = await cli.createSite(newSite());
    const link = at(await cli.createLinks([newLink(site.id)]));
    expect(await server.getSite(site.id)).toStrictEqual(site);
    const updated = await server.updateLink(link.id, { title: 'from the server' });
    expect(await cli.listLinksUpdatedSince(link.updatedAt)).toStrictEqual([updated]);
    await Promise.all([server.close(), cli.close()]);
  });

  it('migrates once when several processes open a fresh file at once', async () => {
    const file = tempFile();
    const worker = fileURLToPath(new URL('./sqlite-migrate-worker.ts', import.meta.url));
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const startAt = String(Date.now() + 1_500);
    await Promise.all(ids.map((id) => run(process.execPath, ['--import', 'tsx', worker, file, id, startAt])));
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    expect(raw.prepare('SELECT id FROM sites ORDER BY id').all()).toEqual(ids.map((id) => ({ id })));
    raw.close();
  });

  it('creates the directory of its file', async () => {
    const store = openSqliteStore({ file: join(dir, 'nested', 'deeper', 'penumbra.db') });
    await store.migrate();
    expect(await store.listSites()).toEqual([]);
    await store.close();
  });

  it('works in memory', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
    await store.createSite(newSite());
    expect(await store.listSites()).toHaveLength(1);
    await store.close();
  });

  it('writes a batch of 10,000 events in one transaction, quickly', async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.migrate();
    const site = await store.createSite(newSite());
    const batch = Array.from({ length: 10_000 }, (_, i) => newEvent(site.id, null, { occurredAt: i }));
    const started = performance.now();
    await store.insertEvents(batch);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await store.countEvents()).toBe(10_000);
    await store.close();
  });
});
