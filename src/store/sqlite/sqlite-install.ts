import {
  type InstallSightingRow,
  installSightingFromRow,
  LIST_INSTALL_SIGHTINGS,
  PRUNE_INSTALL_SIGHTINGS,
  pruneParams,
  UPSERT_INSTALL_SIGHTING,
  upsertParams,
} from '../install-sightings-sql.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
import { writeTransaction } from './sqlite-transaction.js';

type Prepare = (sql: string) => SqliteStatement;

/** InstallStore.recordInstallSighting on SQLite: the upsert and the pruning in one write. */
export function recordSqliteInstallSighting(
  db: SqliteDatabase,
  sql: Prepare,
  sighting: InstallSightingWrite,
): void {
  writeTransaction(db, () => {
    sql(UPSERT_INSTALL_SIGHTING).run(...upsertParams(sighting));
    sql(PRUNE_INSTALL_SIGHTINGS).run(...pruneParams(sighting));
  });
}

export function listSqliteInstallSightings(sql: Prepare, siteId: string): InstallSighting[] {
  return (sql(LIST_INSTALL_SIGHTINGS).all(siteId) as InstallSightingRow[]).map(installSightingFromRow);
}
