import {
  type InstallSightingRow,
  installSightingFromRow,
  LIST_INSTALL_SIGHTINGS,
  numbered,
  PRUNE_INSTALL_SIGHTINGS,
  pruneParams,
  UPSERT_INSTALL_SIGHTING,
  upsertParams,
} from '../install-sightings-sql.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import type { PgPool } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

const UPSERT = numbered(UPSERT_INSTALL_SIGHTING);
const PRUNE = numbered(PRUNE_INSTALL_SIGHTINGS);
const LIST = numbered(LIST_INSTALL_SIGHTINGS);

/** InstallStore.recordInstallSighting on PostgreSQL: the upsert and the pruning in one transaction. */
export async function recordPostgresInstallSighting(
  pool: PgPool,
  sighting: InstallSightingWrite,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(UPSERT, upsertParams(sighting));
    await client.query(PRUNE, pruneParams(sighting));
  });
}

export async function listPostgresInstallSightings(pool: PgPool, siteId: string): Promise<InstallSighting[]> {
  const { rows } = await pool.query(LIST, [siteId]);
  return (rows as InstallSightingRow[]).map(installSightingFromRow);
}
