import { join } from 'node:path';
import { createPostgresStore } from './postgres/postgres-store.js';
import type { PgTimeouts } from './postgres/postgres-timeouts.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else, SQLite. */
  databaseUrl?: string | undefined;
  /** Where the SQLite file `penumbra.db` lives (created if missing). */
  dataDir: string;
  /** Bounds on PostgreSQL connections (postgres-timeouts.ts); the defaults when not given. */
  postgresTimeouts?: Readonly<PgTimeouts> | undefined;
  /**
   * SQLite's page cache for this connection, in MiB (sqlite-database.ts: 64 by default). The
   * server's request connection, which writes no events when the writer thread does, asks for less.
   */
  sqliteCacheMiB?: number | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the configured store and brings its schema up to date.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: './data' });
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = pickStore(options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function pickStore({ databaseUrl, dataDir, postgresTimeouts, sqliteCacheMiB }: OpenStoreOptions): Store {
  if (databaseUrl !== undefined && POSTGRES_URL.test(databaseUrl)) {
    return createPostgresStore({
      connectionString: databaseUrl,
      ...(postgresTimeouts ? { timeouts: postgresTimeouts } : {}),
    });
  }
  return openSqliteStore({ file: join(dataDir, 'penumbra.db'), cacheMiB: sqliteCacheMiB });
}
