import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, verifyApiToken } from '../../src/auth/api-tokens.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres-migrations.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite-migrations.js';
import { migratePostgres } from '../../src/store/postgres/postgres-migrate.js';
import { createPgPool } from '../../src/store/postgres/postgres-pool.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.js';
import { migrateSqlite } from '../../src/store/sqlite/sqlite-migrate.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/*
 * Issue 13, finding 15: "existing tokens keep full (owner) access after the migration so nothing
 * breaks for current users". A token and a user stored by version 6 of the schema (before roles
 * and scopes) are read back after migration 7 on both engines.
 */
const SECRET = `pn_${randomBytes(32).toString('base64url')}`;
const CREATED = '2026-01-02T03:04:05.000Z';
const V6_ROWS = `
  INSERT INTO api_tokens (id, name, hash, created_at) VALUES ('t1', 'deploy', '${hashToken(SECRET)}', '${CREATED}');
  INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at)
    VALUES ('u1', 'ed@example.org', 'Ed', 'editor', 'scrypt$x', '${CREATED}', '${CREATED}');
`;

async function expectUpgraded(store: Store): Promise<void> {
  expect(await verifyApiToken(store, SECRET)).toStrictEqual({
    id: 't1',
    name: 'deploy',
    hash: hashToken(SECRET),
    scopes: ['admin'],
    siteIds: null,
    createdAt: CREATED,
  });
  expect(await store.getUser('u1')).toMatchObject({ role: 'editor', allSites: true });
  expect(await store.getUserSiteRoles('u1')).toStrictEqual([]);
}

describe('migration 7 keeps earlier tokens and users as they were', () => {
  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'penumbra-m7-')), 'penumbra.db');
    const db = openSqliteDatabase(file);
    migrateSqlite(
      db,
      SQLITE_MIGRATIONS.filter(({ version }) => version <= 6),
    );
    db.exec(V6_ROWS);
    db.close();
    const store = openSqliteStore({ file });
    await store.migrate();
    await expectUpgraded(store);
    await store.close();
  });

  const url = process.env.PENUMBRA_TEST_PG;
  const schema = `test_m7_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    if (!url) return;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it.skipIf(!url)('on PostgreSQL', async () => {
    const connectionString = url ?? '';
    const pool = createPgPool(connectionString, schema);
    await migratePostgres(
      pool,
      POSTGRES_MIGRATIONS.filter(({ version }) => version <= 6),
      schema,
    );
    await pool.query(V6_ROWS);
    await pool.end();
    const store = createPostgresStore({ connectionString, schema });
    await store.migrate();
    await expectUpgraded(store);
    await store.close();
  });
});
