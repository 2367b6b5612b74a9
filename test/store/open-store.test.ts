import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { newSite } from './contract/fixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-open-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens SQLite at <dataDir>/penumbra.db, migrated, when no database URL is set', async () => {
    const store = await openStore({ databaseUrl: undefined, dataDir });
    expect(store.dialect).toBe('sqlite');
    expect(existsSync(join(dataDir, 'penumbra.db'))).toBe(true);
    await store.createSite(newSite());
    await store.close();
  });

  it('opens SQLite for a URL of another scheme', async () => {
    const store = await openStore({ databaseUrl: 'file:elsewhere.db', dataDir });
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });

  it('fails, and closes what it opened, when PostgreSQL is unreachable', async () => {
    // Port 1 on localhost refuses connections at once.
    await expect(openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dataDir })).rejects.toThrow();
  });

  // Needs a live server, like test/store/postgres.test.ts; skipped (and shown so) without one.
  const pgUrl = process.env.PENUMBRA_TEST_PG;
  it.skipIf(!pgUrl)('opens PostgreSQL, migrated, for a postgres:// URL', async () => {
    // openStore takes no schema, so the URL itself confines the session to a scratch schema.
    const schema = `test_open_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: pgUrl, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const separator = pgUrl?.includes('?') ? '&' : '?';
      const databaseUrl = `${pgUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const store = await openStore({ databaseUrl, dataDir });
      expect(store.dialect).toBe('postgres');
      await store.createSite(newSite());
      await store.close();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
