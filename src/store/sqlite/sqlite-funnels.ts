import {
  DELETE_FUNNEL,
  type FunnelRow,
  funnelConflict,
  funnelFromRow,
  funnelParams,
  funnelPatchParams,
  GET_FUNNEL,
  INSERT_FUNNEL,
  LIST_FUNNELS,
  stepsChanged,
  UPDATE_FUNNEL,
} from '../funnel-sql.js';
import type { FunnelPatch, FunnelRollupQuery, FunnelStore, NewFunnel, SavedFunnel } from '../funnel-store.js';
import type { FunnelStepRow } from '../goal-store.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
import {
  backfillSqliteFunnel,
  deleteSqliteFunnelRollup,
  readSqliteFunnelRollup,
} from './sqlite-funnel-rollup.js';
import { writeTransaction } from './sqlite-transaction.js';

/** Saved funnels on SQLite (src/store/funnel-store.ts). */
export class SqliteFunnels implements FunnelStore {
  constructor(private readonly db: SqliteDatabase) {}

  readonly #sql = (text: string): SqliteStatement => this.db.prepare(text);

  /**
   * The funnel and its rollup's backfill in one write transaction (BEGIN IMMEDIATE): a fold, on
   * any connection, commits wholly before (the backfill reads its claims) or after (it finds
   * the funnel and recomputes the days it changes).
   */
  async createFunnel(funnel: NewFunnel): Promise<SavedFunnel> {
    const created = { ...funnel, createdAt: new Date().toISOString() };
    return writeTransaction(this.db, () => {
      try {
        this.db.prepare(INSERT_FUNNEL).run(...funnelParams(created));
      } catch (error) {
        throw funnelConflict(error, funnel.name, isSqliteUniqueViolation);
      }
      backfillSqliteFunnel(this.#sql, created);
      return created;
    });
  }

  async getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined> {
    const row = this.db.prepare(GET_FUNNEL).get(siteId, id) as FunnelRow | undefined;
    return row && funnelFromRow(row);
  }

  async listFunnels(siteId: string): Promise<SavedFunnel[]> {
    return (this.db.prepare(LIST_FUNNELS).all(siteId) as FunnelRow[]).map(funnelFromRow);
  }

  async updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined> {
    return writeTransaction(this.db, () => {
      const before = this.db.prepare(GET_FUNNEL).get(siteId, id) as FunnelRow | undefined;
      let updated: SavedFunnel | undefined;
      try {
        const row = this.db.prepare(UPDATE_FUNNEL).get(...funnelPatchParams(siteId, id, patch)) as
          | FunnelRow
          | undefined;
        updated = row && funnelFromRow(row);
      } catch (error) {
        throw funnelConflict(error, patch.name, isSqliteUniqueViolation);
      }
      // Only new steps: the backfill drops the days older than the claims kept.
      if (updated !== undefined && before !== undefined && stepsChanged(funnelFromRow(before), updated))
        backfillSqliteFunnel(this.#sql, updated);
      return updated;
    });
  }

  async deleteFunnel(siteId: string, id: string): Promise<boolean> {
    return writeTransaction(this.db, () => {
      deleteSqliteFunnelRollup(this.#sql, siteId, id);
      return this.db.prepare(DELETE_FUNNEL).run(siteId, id).changes > 0;
    });
  }

  async funnelRollup(query: FunnelRollupQuery): Promise<FunnelStepRow[]> {
    return readSqliteFunnelRollup(this.#sql, query);
  }
}
