import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatsQuery } from '../../src/stats/query-model.js';
import { runStatsQuery } from '../../src/stats/stats-engine.js';
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
 * Migration 17 (issue 14): the page views folded before it are counted in rollup_browsers under
 * the browser '' — filled from rollup_geo, daily and monthly, so totals by browser equal totals
 * by country on every range, including the rows whose raw events retention already deleted.
 */
const SITE = `INSERT INTO sites (id, domain, name, timezone, created_at)
  VALUES ('m17', 'm17.example', 'M17', 'UTC', '2026-01-01T00:00:00.000Z');`;
const GEO = `
  INSERT INTO rollup_geo (site_id, day, country, device, channel, visitors, visits, pageviews) VALUES
    ('m17', '2026-03-31', 'FR', 'mobile', 'dark-social', 3, 4, 5),
    ('m17', '2026-03-31', 'DE', 'mobile', 'dark-social', 1, 1, 2),
    ('m17', '2026-03-31', 'FR', 'desktop', 'search', 2, 2, 2),
    ('m17', '2026-04-01', '', '', 'direct', 1, 1, 1);
  INSERT INTO rollup_geo_monthly (site_id, month, country, device, channel, visitors, visits, pageviews) VALUES
    ('m17', '2026-03', 'FR', 'mobile', 'dark-social', 30, 40, 50),
    ('m17', '2026-03', 'DE', 'mobile', 'dark-social', 10, 10, 20),
    ('m17', '2026-03', 'FR', 'desktop', 'search', 20, 20, 20);`;

const query = (dimension: 'browser' | 'country', from: string, to: string): StatsQuery => ({
  siteId: 'm17',
  metrics: ['visitors', 'visits', 'pageviews'],
  dimensions: [dimension, 'device', 'channel'],
  filters: [],
  range: { from, to },
  comparison: null,
  orderBy: [],
  limit: 100,
  offset: 0,
  today: '2026-04-30',
});

async function expectFilled(store: Store): Promise<void> {
  for (const [from, to] of [
    ['2026-03-31', '2026-04-01'],
    ['2026-03-01', '2026-04-01'],
  ] as const) {
    const byBrowser = await runStatsQuery(store, query('browser', from, to));
    const byCountry = await runStatsQuery(store, query('country', from, to));
    const sum = (rows: typeof byBrowser.rows) => {
      const totals = new Map<string, number[]>();
      for (const row of rows) {
        const key = row.dimensions.slice(1).join(' ');
        const metrics = row.metrics.map((value) => value ?? 0);
        totals.set(
          key,
          (totals.get(key) ?? [0, 0, 0]).map((value, index) => value + (metrics[index] ?? 0)),
        );
      }
      return Object.fromEntries(totals);
    };
    expect(new Set(byBrowser.rows.map((row) => row.dimensions[0]))).toEqual(new Set(['']));
    expect(sum(byBrowser.rows)).toEqual(sum(byCountry.rows));
  }
  const all = await runStatsQuery(store, {
    ...query('browser', '2026-03-01', '2026-04-01'),
    dimensions: ['browser'],
  });
  // March read from the monthly twin (60 visitors), the first of April from the daily table (1).
  expect(all.rows).toEqual([{ dimensions: [''], metrics: [61, 71, 91] }]);
}

describe('migration 17 fills the browser rollups from the country rollups', () => {
  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'penumbra-m17-')), 'penumbra.db');
    const db = openSqliteDatabase(file);
    migrateSqlite(
      db,
      SQLITE_MIGRATIONS.filter(({ version }) => version <= 16),
    );
    db.exec(SITE + GEO);
    db.close();
    const store = openSqliteStore({ file });
    await store.migrate();
    await expectFilled(store);
    await store.close();
  });

  const url = process.env.PENUMBRA_TEST_PG;
  const schema = `test_m17_${randomBytes(4).toString('hex')}`;
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
      POSTGRES_MIGRATIONS.filter(({ version }) => version <= 16),
      schema,
    );
    await pool.query(SITE + GEO);
    await pool.end();
    const store = createPostgresStore({ connectionString, schema });
    await store.migrate();
    await expectFilled(store);
    await store.close();
  });
});
