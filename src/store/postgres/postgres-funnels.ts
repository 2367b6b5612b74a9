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
import { numberedSql as sql } from '../outbox-sql.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { lockFold } from './postgres-fold.js';
import {
  backfillPostgresFunnel,
  deletePostgresFunnelRollup,
  readPostgresFunnelRollup,
} from './postgres-funnel-rollup.js';
import type { PgPool } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

/** Saved funnels on PostgreSQL (src/store/funnel-store.ts). */
export class PostgresFunnels implements FunnelStore {
  constructor(private readonly pool: PgPool) {}

  /**
   * The funnel and its rollup's backfill in one transaction under the fold's advisory lock: a
   * fold in progress finishes first, and the next one finds the funnel. Several instances never
   * count a day twice (a day's rows are deleted before they are inserted anyway).
   */
  async createFunnel(funnel: NewFunnel): Promise<SavedFunnel> {
    const created = { ...funnel, createdAt: new Date().toISOString() };
    return withTransaction(this.pool, async (client) => {
      await lockFold(client);
      try {
        await client.query(sql(INSERT_FUNNEL), funnelParams(created));
      } catch (error) {
        throw funnelConflict(error, funnel.name, isPostgresUniqueViolation);
      }
      await backfillPostgresFunnel(client, created);
      return created;
    });
  }

  async getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined> {
    const [row] = (await this.pool.query(sql(GET_FUNNEL), [siteId, id])).rows as FunnelRow[];
    return row && funnelFromRow(row);
  }

  async listFunnels(siteId: string): Promise<SavedFunnel[]> {
    return ((await this.pool.query(sql(LIST_FUNNELS), [siteId])).rows as FunnelRow[]).map(funnelFromRow);
  }

  async updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined> {
    return withTransaction(this.pool, async (client) => {
      if (patch.steps !== undefined) await lockFold(client);
      // Read under the fold's lock, which every change of steps takes: no other can come between.
      const [before] = (await client.query(sql(GET_FUNNEL), [siteId, id])).rows as FunnelRow[];
      let updated: SavedFunnel | undefined;
      try {
        const [row] = (await client.query(sql(UPDATE_FUNNEL), funnelPatchParams(siteId, id, patch)))
          .rows as FunnelRow[];
        updated = row && funnelFromRow(row);
      } catch (error) {
        throw funnelConflict(error, patch.name, isPostgresUniqueViolation);
      }
      // Only new steps: the backfill drops the days older than the claims kept.
      if (updated !== undefined && before !== undefined && stepsChanged(funnelFromRow(before), updated))
        await backfillPostgresFunnel(client, updated);
      return updated;
    });
  }

  async deleteFunnel(siteId: string, id: string): Promise<boolean> {
    return withTransaction(this.pool, async (client) => {
      // Under the fold's lock: a fold in progress cannot add the funnel's rows back.
      await lockFold(client);
      await deletePostgresFunnelRollup(client, siteId, id);
      return ((await client.query(sql(DELETE_FUNNEL), [siteId, id])).rowCount ?? 0) > 0;
    });
  }

  async funnelRollup(query: FunnelRollupQuery): Promise<FunnelStepRow[]> {
    return readPostgresFunnelRollup(this.pool, query);
  }
}
