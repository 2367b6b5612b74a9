import {
  DELETE_GOAL,
  funnelRows,
  funnelSql,
  GET_GOAL,
  GOAL_ROW_TABLES,
  type GoalReadSql,
  type GoalRow,
  goalConversionsSql,
  goalFromRow,
  goalParams,
  goalRecord,
  goalResultRows,
  INSERT_GOAL,
  LIST_GOALS,
  POSTGRES_GOAL_DIALECT,
  postgresGoalFoldSql,
  RENAME_GOAL,
} from '../goal-sql.js';
import type {
  FunnelQuery,
  FunnelStepRow,
  Goal,
  GoalConversionQuery,
  GoalConversionRow,
  GoalGroupKey,
  GoalStore,
  KitConversionQuery,
  KitConversionRow,
  KitGoalConversionRow,
  NewGoal,
} from '../goal-store.js';
import { kitConversionsSql, kitGoalConversionRows } from '../kit-conversion-sql.js';
import { numberedSql } from '../outbox-sql.js';
import { POSTGRES_DIALECT } from '../rollups/rollup-query.js';
import { sqlBinder } from '../sql-binder.js';
import { StoreConflictError } from '../store.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { lockFold, postgresWatermark } from './postgres-fold.js';
import type { PgPool, PgQueryable } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

const POSTGRES_GOAL_BACKFILL = postgresGoalFoldSql(
  'e.site_id = $2 AND e.id > $3 AND e.id <= $4',
  'g.id = $1',
);
/** Event ids per backfill statement: a million took 3–4 s on the busy 2-core test machine. */
const BACKFILL_SLICE = 2_000_000;

function isNameTaken(error: unknown): boolean {
  return isPostgresUniqueViolation(error, 'goals', 'site_name');
}

/**
 * A goal read (goalConversionsSql, goalWindowSql) on PostgreSQL, rows merged by goalResultRows.
 * The tail is the site's events past the watermark, read just before and passed as a parameter
 * so the planner knows how few ids lie past it; the statement reads it itself too.
 */
export async function readPostgresGoals<Q extends { siteId: string; by: readonly GoalGroupKey[] }>(
  pool: PgQueryable,
  query: Q,
  build: GoalReadSql<Q>,
): Promise<GoalConversionRow[]> {
  const watermark = await postgresWatermark(pool);
  const { params, bind } = sqlBinder('postgres');
  const text = build(POSTGRES_GOAL_DIALECT, query, bind, () =>
    POSTGRES_DIALECT.tail(bind(query.siteId), bind(watermark)),
  );
  const result = await pool.query(text, params);
  return goalResultRows(result.rows as Record<string, unknown>[], query.by);
}

/** Goals and their conversions on PostgreSQL (src/store/goal-store.ts, goal-sql.ts). */
export class PostgresGoals implements GoalStore {
  constructor(private readonly pool: PgPool) {}

  /**
   * The goal and its backfill in one transaction under the fold's advisory lock: a fold in
   * progress finishes first (the backfill then counts up to its watermark), and the next one
   * starts after the commit and finds the goal. Several instances never count an event twice.
   */
  async createGoal(goal: NewGoal): Promise<Goal> {
    const created = goalRecord(goal, new Date().toISOString());
    return withTransaction(this.pool, async (client) => {
      await lockFold(client);
      try {
        await client.query(numberedSql(INSERT_GOAL), goalParams(created, 'postgres'));
      } catch (error) {
        if (isNameTaken(error)) throw new StoreConflictError('name', goal.name);
        throw error;
      }
      // In slices of ids, each statement well within the statement timeout (a site of 10 M events
      // would not be in one): a later slice sees the claims of the earlier ones, in this transaction.
      const watermark = await postgresWatermark(client);
      for (let from = 0; from < watermark; from += BACKFILL_SLICE) {
        const to = Math.min(from + BACKFILL_SLICE, watermark);
        await client.query(POSTGRES_GOAL_BACKFILL, [created.id, created.siteId, from, to]);
      }
      return created;
    });
  }

  async getGoal(siteId: string, id: string): Promise<Goal | undefined> {
    const result = await this.pool.query(numberedSql(GET_GOAL), [siteId, id]);
    const row = result.rows[0] as GoalRow | undefined;
    return row && goalFromRow(row);
  }

  async listGoals(siteId: string): Promise<Goal[]> {
    const result = await this.pool.query(numberedSql(LIST_GOALS), [siteId]);
    return (result.rows as GoalRow[]).map(goalFromRow);
  }

  async renameGoal(siteId: string, id: string, name: string): Promise<Goal | undefined> {
    try {
      const result = await this.pool.query(numberedSql(RENAME_GOAL), [name, siteId, id]);
      if ((result.rowCount ?? 0) === 0) return undefined;
    } catch (error) {
      if (isNameTaken(error)) throw new StoreConflictError('name', name);
      throw error;
    }
    return this.getGoal(siteId, id);
  }

  async deleteGoal(siteId: string, id: string): Promise<boolean> {
    // Under the fold's lock: a fold in progress ends first, and its rows of the goal go here.
    return withTransaction(this.pool, async (client) => {
      await lockFold(client);
      const result = await client.query(numberedSql(DELETE_GOAL), [siteId, id]);
      for (const table of GOAL_ROW_TABLES) {
        await client.query(`DELETE FROM ${table} WHERE site_id = $1 AND goal_id = $2`, [siteId, id]);
      }
      return (result.rowCount ?? 0) > 0;
    });
  }

  async goalConversions(query: GoalConversionQuery): Promise<GoalConversionRow[]> {
    return readPostgresGoals(this.pool, query, goalConversionsSql);
  }

  async funnel(query: FunnelQuery): Promise<FunnelStepRow[]> {
    const { params, bind } = sqlBinder('postgres');
    const result = await this.pool.query(funnelSql(query, bind), params);
    return funnelRows(result.rows as Record<string, unknown>[]);
  }

  async kitConversions(query: KitConversionQuery): Promise<KitConversionRow[]> {
    return Promise.all(
      query.kits.map(async (kit) => {
        if (kit.arrivals.length === 0) return { linkId: kit.linkId, conversions: 0, converters: 0 };
        const { params, bind } = sqlBinder('postgres');
        const text = kitConversionsSql(kit, query, bind, false);
        const result = await this.pool.query(text, params);
        const row = result.rows[0] as { conversions: string; converters: string };
        return {
          linkId: kit.linkId,
          conversions: Number(row.conversions),
          converters: Number(row.converters),
        };
      }),
    );
  }

  async kitConversionsByGoal(query: KitConversionQuery): Promise<KitGoalConversionRow[]> {
    const perKit = await Promise.all(
      query.kits.map(async (kit) => {
        if (kit.arrivals.length === 0) return [];
        const { params, bind } = sqlBinder('postgres');
        const text = kitConversionsSql(kit, query, bind, true);
        const result = await this.pool.query(text, params);
        return kitGoalConversionRows(kit.linkId, result.rows as Record<string, unknown>[]);
      }),
    );
    return perKit.flat();
  }
}
