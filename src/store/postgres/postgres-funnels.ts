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
import { numberedSql as sql } from '../outbox-sql.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import type { PgQueryable } from './postgres-pool.js';

/** Saved funnels on PostgreSQL (src/store/funnel-store.ts). */
export class PostgresFunnels implements FunnelStore {
  constructor(private readonly pool: PgQueryable) {}

  async createFunnel(funnel: NewFunnel): Promise<SavedFunnel> {
    const created = { ...funnel, createdAt: new Date().toISOString() };
    try {
      await this.pool.query(sql(INSERT_FUNNEL), funnelParams(created));
    } catch (error) {
      throw funnelConflict(error, funnel.name, isPostgresUniqueViolation);
    }
    return created;
  }

  async getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined> {
    const [row] = (await this.pool.query(sql(GET_FUNNEL), [siteId, id])).rows as FunnelRow[];
    return row && funnelFromRow(row);
  }

  async listFunnels(siteId: string): Promise<SavedFunnel[]> {
    return ((await this.pool.query(sql(LIST_FUNNELS), [siteId])).rows as FunnelRow[]).map(funnelFromRow);
  }

  async updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined> {
    try {
      const [row] = (await this.pool.query(sql(UPDATE_FUNNEL), funnelPatchParams(siteId, id, patch)))
        .rows as FunnelRow[];
      return row && funnelFromRow(row);
    } catch (error) {
      throw funnelConflict(error, patch.name, isPostgresUniqueViolation);
    }
  }

  async deleteFunnel(siteId: string, id: string): Promise<boolean> {
    return ((await this.pool.query(sql(DELETE_FUNNEL), [siteId, id])).rowCount ?? 0) > 0;
  }
}
