import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILL_VISITOR_ATTRIBUTION } from '../../src/store/migrations/goal-migrations.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite-migrations.js';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.js';
import { migrateSqlite } from '../../src/store/sqlite/sqlite-migrate.js';
import { openSqliteStore, SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { at, newLink, newPageview, newSalt, newSite } from './contract/fixtures.js';
import { expectFoldAfterReopen } from './contract/fold-contract.js';
import { expectV1DataUpgraded, V1_SEED_SQL } from './contract/v1-upgrade.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'penumbra-sqlite-'));
let files = 0;
const tempFile = (): string => join(dir, `store-${++files}.db`);

const run = promisify(execFile);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite (temp file)', async () => openSqliteStore({ file: tempFile() }));

describe('SQLite store file', () => {
  it('folds after a restart the events a closed store left unfolded, once', async () => {
    const file = tempFile();
    await expectFoldAfterReopen(async () => {
      const store = openSqliteStore({ file });
      await store.migrate();
      return store;
    });
  });

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
    expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map(({ version }) => ({ version })),
    );
    expect(raw.prepare('SELECT id FROM sites ORDER BY id').all()).toEqual(ids.map((id) => ({ id })));
    raw.close();
  });

  it('creates the directory of its file', async () => {
    const store = openSqliteStore({ file: join(dir, 'nested', 'deeper', 'penumbra.db') });
    await store.migrate();
    expect(await store.listSites()).toEqual([]);
    await store.close();
  });

  it('fills the attribution of visitor rows claimed before migration 14 from their first page view', async () => {
    const file = tempFile();
    const store = openSqliteStore({ file });
    await store.migrate();
    const site = await store.createSite(newSite());
    await store.insertEvents([
      newPageview(site.id, { visitorHash: 'a', path: '/first', channel: 'search', source: 'google' }),
      newPageview(site.id, { visitorHash: 'a', path: '/second', channel: 'internal' }),
      newPageview(site.id, { visitorHash: 'b', path: null }),
    ]);
    await store.foldRollups();
    await store.close();
    const raw = new Database(file);
    const rows = () => raw.prepare('SELECT * FROM visitor_days ORDER BY visitor_hash').all();
    const claimed = rows();
    expect(claimed).toMatchObject([
      { visitor_hash: 'a', channel: 'search', source: 'google', landing_path: '/first' },
      { visitor_hash: 'b', landing_path: '' },
    ]);
    // As a row claimed before version 14 looks, then as the migration fills it.
    raw.exec(
      `UPDATE visitor_days SET first_id = 0, channel = '', medium = '', source = '', confidence = '', landing_path = ''`,
    );
    raw.exec(SQLITE_FILL_VISITOR_ATTRIBUTION);
    expect(rows()).toEqual(claimed);
    raw.close();
  });

  it('works in memory', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    await store.migrate();
    await store.createSite(newSite());
    expect(await store.listSites()).toHaveLength(1);
    await store.close();
  });

  it('gives two stores racing for a day’s salt the same salt', async () => {
    const file = tempFile();
    const [a, b] = [openSqliteStore({ file }), openSqliteStore({ file })];
    await Promise.all([a.migrate(), b.migrate()]);
    const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
    for (const day of days) {
      const [fromA, fromB] = await Promise.all([a.putSalt(newSalt(day, 'a')), b.putSalt(newSalt(day, 'b'))]);
      expect(fromA).toStrictEqual(fromB);
    }
    expect(await a.listSalts()).toStrictEqual(await b.listSalts());
    expect(await a.listSalts()).toHaveLength(days.length);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets another store see a deletion: the CLI deletes, the server polls', async () => {
    const file = tempFile();
    const [server, cli] = [openSqliteStore({ file }), openSqliteStore({ file })];
    await Promise.all([server.migrate(), cli.migrate()]);
    const site = await cli.createSite(newSite());
    const link = at(await cli.createLinks([newLink(site.id)]));
    expect(await cli.deleteLink(link.id)).toBe(true);
    expect(await server.listLinksDeletedSince(link.updatedAt)).toStrictEqual([
      { id: link.id, slug: link.slug, deletedAt: expect.any(String) },
    ]);
    await Promise.all([server.close(), cli.close()]);
  });
});

/** A file as version 1 of the schema left it: migration 1 applied alone, with some data. */
function writeV1File(extraSql = ''): string {
  const file = tempFile();
  const db = openSqliteDatabase(file);
  migrateSqlite(
    db,
    SQLITE_MIGRATIONS.filter((migration) => migration.version === 1),
  );
  db.exec(V1_SEED_SQL);
  if (extraSql !== '') db.exec(extraSql);
  db.close();
  return file;
}

describe('SQLite upgrade from version 1', () => {
  it('migrates a version-1 file to the current schema with its data intact', async () => {
    const file = writeV1File();
    const store = openSqliteStore({ file });
    await store.migrate();

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map(({ version }) => ({ version })),
    );
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    const indexes = raw
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
      .all();
    expect(indexes).toEqual([
      { name: 'events_dedupe_key_unique' },
      { name: 'events_link_type_idx' },
      { name: 'events_site_occurred_idx' },
    ]);
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
    expect(tables).not.toContainEqual({ name: 'events_new' });
    const eventsSql = raw.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events'").pluck().get();
    expect(eventsSql).toMatch(/STRICT$/);
    raw.close();

    await expectV1DataUpgraded(store);
    await store.close();
  });

  it('leaves a version-1 file whose foreign keys are already broken as it was, and says why', async () => {
    // Only possible by writing with foreign keys off, as another tool might.
    const file = writeV1File(`
      PRAGMA foreign_keys = OFF;
      INSERT INTO events (site_id, link_id, type, kind, channel, medium, source, evidence, confidence, occurred_at)
      VALUES ('v1-site', 'ghost-link', 'click', 'k', 'c', 'm', 's', 'e', 'high', 1);
    `);
    const db = openSqliteDatabase(file);
    const store = new SqliteStore(db);
    await expect(store.migrate()).rejects.toThrow(/migration 2 would break foreign keys/);
    // Foreign keys are enforced again on the store's connection, the transaction is over.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.inTransaction).toBe(false);

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    const siteColumns = raw.prepare("SELECT name FROM pragma_table_info('sites')").pluck().all();
    expect(siteColumns).not.toContain('privacy_mode');
    expect(raw.prepare('SELECT count(*) FROM events').pluck().get()).toBe(5);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'events_new'").pluck().get()).toBe(0);
    raw.close();
    await store.close();
  });
});
