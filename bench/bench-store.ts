/**
 * The store a fold bench writes to (bench/browser-fold.ts, bench/goal-fold.ts): migrated, with one
 * news site, and gone afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

export interface BenchStoreOptions {
  /** Names the temporary directory (`penumbra-bench-<name>-`) and the SQLite file (`<name>.db`). */
  name: string;
  /** A PostgreSQL database and a schema of it to use instead of a SQLite file. */
  pg?: { url: string; schema: string } | undefined;
  /** A directory to keep the SQLite file in (and the PostgreSQL schema) for a look afterwards. */
  keep?: string | undefined;
}

/**
 * Runs `work` on a fresh store and its site `bench-site`: a SQLite file in a temporary directory,
 * or a PostgreSQL schema, both removed afterwards unless `keep` is given.
 */
export async function withBenchStore<T>(
  options: BenchStoreOptions,
  work: (store: Store, siteId: string) => Promise<T>,
): Promise<T> {
  const dir = options.keep ?? mkdtempSync(join(tmpdir(), `penumbra-bench-${options.name}-`));
  const store: Store =
    options.pg !== undefined
      ? createPostgresStore({ connectionString: options.pg.url, schema: options.pg.schema })
      : openSqliteStore({ file: join(dir, `${options.name}.db`) });
  try {
    await store.migrate();
    const site = await store.createSite({
      id: 'bench-site',
      domain: 'news.example.org',
      name: 'News',
      timezone: 'Europe/Paris',
      fallbackUrl: null,
    });
    return await work(store, site.id);
  } finally {
    await store.close();
    if (options.keep === undefined) rmSync(dir, { recursive: true, force: true });
    if (options.pg !== undefined && options.keep === undefined) {
      const admin = new pg.Pool({ connectionString: options.pg.url, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${options.pg.schema} CASCADE`);
      await admin.end();
    }
  }
}
