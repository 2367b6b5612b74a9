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
  UPDATE_FUNNEL,
} from '../funnel-sql.js';
import type { FunnelPatch, FunnelStore, NewFunnel, SavedFunnel } from '../funnel-store.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Saved funnels on SQLite (src/store/funnel-store.ts). */
export class SqliteFunnels implements FunnelStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createFunnel(funnel: NewFunnel): Promise<SavedFunnel> {
    const created = { ...funnel, createdAt: new Date().toISOString() };
    try {
      this.db.prepare(INSERT_FUNNEL).run(...funnelParams(created));
    } catch (error) {
      throw funnelConflict(error, funnel.name, isSqliteUniqueViolation);
    }
    return created;
  }

  async getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined> {
    const row = this.db.prepare(GET_FUNNEL).get(siteId, id) as FunnelRow | undefined;
    return row && funnelFromRow(row);
  }

  async listFunnels(siteId: string): Promise<SavedFunnel[]> {
    return (this.db.prepare(LIST_FUNNELS).all(siteId) as FunnelRow[]).map(funnelFromRow);
  }

  async updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined> {
    try {
      const row = this.db.prepare(UPDATE_FUNNEL).get(...funnelPatchParams(siteId, id, patch)) as
        | FunnelRow
        | undefined;
      return row && funnelFromRow(row);
    } catch (error) {
      throw funnelConflict(error, patch.name, isSqliteUniqueViolation);
    }
  }

  async deleteFunnel(siteId: string, id: string): Promise<boolean> {
    return this.db.prepare(DELETE_FUNNEL).run(siteId, id).changes > 0;
  }
}
