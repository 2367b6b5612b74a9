import { type ChangedClaims, NEW_FUNNEL_CLAIMS } from '../funnel-rollup-sql.js';
import {
  ANY_GOALS,
  DELETE_GOAL,
  funnelRows,
  funnelSql,
  GET_GOAL,
  GOAL_MATCH_COLUMNS,
  GOAL_ROW_TABLES,
  type GoalReadSql,
  type GoalRow,
  goalClaimSql,
  goalConversionsSql,
  goalFromRow,
  goalMatchesSql,
  goalParams,
  goalRecord,
  goalResultRows,
  goalRollupUpsertSql,
  INSERT_GOAL,
  LIST_GOALS,
  markNewConvertersSql,
  RENAME_GOAL,
  SQLITE_GOAL_DIALECT,
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
import { SQLITE_DIALECT } from '../rollups/rollup-query.js';
import { sqlBinder } from '../sql-binder.js';
import { StoreConflictError } from '../store.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
import { sqliteWatermark } from './sqlite-fold.js';
import { writeTransaction } from './sqlite-transaction.js';

type Prepare = (sql: string) => SqliteStatement;

const SCRATCH = 'temp.goal_fold';
const CREATE_SCRATCH = `CREATE TEMP TABLE IF NOT EXISTS goal_fold (${GOAL_MATCH_COLUMNS.join(', ')},
  PRIMARY KEY (goal_id, id))`;

/**
 * Adds the conversions of the events matching `where` (with `params`) to the goal claims and
 * rollups, in the caller's write transaction: the fold's step (after its visitor claims, so a
 * page view of the step credits the conversions after it), or a new goal's backfill. The
 * matches go through a temporary table of this connection, as the fold's flagged events do.
 * With `newClaims` (the fold), returns the new claims on sites with saved funnels — the scratch
 * rows flagged `nc` — which their rollups add (sqlite-funnel-rollup.ts), as PostgreSQL's goal
 * statement returns them; a new goal's backfill (no funnel has it as a step yet) asks for none.
 */
export function foldSqliteGoals(
  sql: Prepare,
  where: string,
  goals: string,
  params: readonly unknown[],
  newClaims = false,
): ChangedClaims[] {
  if ((sql(ANY_GOALS).get() as { any: number }).any === 0) return [];
  sql(CREATE_SCRATCH).run();
  sql(`DELETE FROM ${SCRATCH}`).run();
  const matched = sql(
    `INSERT INTO ${SCRATCH} (${GOAL_MATCH_COLUMNS.join(', ')})
     SELECT m.*, 0 FROM (${goalMatchesSql(SQLITE_GOAL_DIALECT, where, goals)}) AS m`,
  ).run(...params).changes;
  if (matched === 0) return [];
  sql(markNewConvertersSql(SCRATCH)).run();
  sql(goalClaimSql(SCRATCH)).run();
  sql(goalRollupUpsertSql(SCRATCH, 'day')).run();
  sql(goalRollupUpsertSql(SCRATCH, 'month')).run();
  const changed = newClaims ? (sql(NEW_FUNNEL_CLAIMS(SCRATCH)).all() as ChangedClaims[]) : [];
  sql(`DELETE FROM ${SCRATCH}`).run();
  return changed;
}

/**
 * A goal read (goalConversionsSql, goalWindowSql) on SQLite, rows merged by goalResultRows. The
 * tail is the site's events past the watermark, which the statement reads itself: one statement
 * is one read transaction, so the folded rows and the tail agree.
 */
export function readSqliteGoals<Q extends { siteId: string; by: readonly GoalGroupKey[] }>(
  sql: Prepare,
  query: Q,
  build: GoalReadSql<Q>,
): GoalConversionRow[] {
  const { params, bind } = sqlBinder('sqlite');
  const text = build(SQLITE_GOAL_DIALECT, query, bind, () =>
    SQLITE_DIALECT.tail(bind(query.siteId), '(SELECT folded_id FROM rollup_watermark)'),
  );
  return goalResultRows(sql(text).all(params) as Record<string, unknown>[], query.by);
}

/** Goals and their conversions on SQLite (src/store/goal-store.ts, goal-sql.ts). */
export class SqliteGoals implements GoalStore {
  readonly #prepare: Prepare;

  /**
   * `prepare`: the store's statement cache (SqliteStore), which a migration clears: statements
   * prepared against tables it may rebuild are dropped with the others.
   */
  constructor(
    private readonly db: SqliteDatabase,
    prepare: Prepare,
  ) {
    this.#prepare = prepare;
  }

  /**
   * One write transaction (BEGIN IMMEDIATE) for the goal and its backfill: every fold, on this
   * connection or the writer thread's, takes the same file lock, so a fold commits wholly before
   * (the backfill counts up to its watermark) or after (it finds the goal and counts what is past
   * the watermark): no event is counted twice or missed.
   */
  async createGoal(goal: NewGoal): Promise<Goal> {
    const created = goalRecord(goal, new Date().toISOString());
    return writeTransaction(this.db, () => {
      try {
        this.#prepare(INSERT_GOAL).run(...goalParams(created, 'sqlite'));
      } catch (error) {
        if (isSqliteUniqueViolation(error, 'goals', 'name')) throw new StoreConflictError('name', goal.name);
        throw error;
      }
      // Parameters in text order: the events' condition, then the goal's (goalMatchesSql).
      foldSqliteGoals(this.#prepare, 'e.site_id = ? AND e.id <= ?', 'g.id = ?', [
        created.siteId,
        sqliteWatermark(this.#prepare),
        created.id,
      ]);
      return created;
    });
  }

  async getGoal(siteId: string, id: string): Promise<Goal | undefined> {
    const row = this.#prepare(GET_GOAL).get(siteId, id) as GoalRow | undefined;
    return row && goalFromRow(row);
  }

  async listGoals(siteId: string): Promise<Goal[]> {
    return (this.#prepare(LIST_GOALS).all(siteId) as GoalRow[]).map(goalFromRow);
  }

  async renameGoal(siteId: string, id: string, name: string): Promise<Goal | undefined> {
    try {
      if (this.#prepare(RENAME_GOAL).run(name, siteId, id).changes === 0) return undefined;
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'goals', 'name')) throw new StoreConflictError('name', name);
      throw error;
    }
    return this.getGoal(siteId, id);
  }

  async deleteGoal(siteId: string, id: string): Promise<boolean> {
    // Under the write lock: a fold either counted the goal before, and its rows go here, or
    // starts after and no longer finds it.
    return writeTransaction(this.db, () => {
      const deleted = this.#prepare(DELETE_GOAL).run(siteId, id).changes > 0;
      for (const table of GOAL_ROW_TABLES) {
        this.#prepare(`DELETE FROM ${table} WHERE site_id = ? AND goal_id = ?`).run(siteId, id);
      }
      return deleted;
    });
  }

  async goalConversions(query: GoalConversionQuery): Promise<GoalConversionRow[]> {
    return readSqliteGoals(this.#prepare, query, goalConversionsSql);
  }

  async funnel(query: FunnelQuery): Promise<FunnelStepRow[]> {
    const { params, bind } = sqlBinder('sqlite');
    const text = funnelSql(query, bind);
    return funnelRows(this.#prepare(text).all(params) as Record<string, unknown>[]);
  }

  async kitConversions(query: KitConversionQuery): Promise<KitConversionRow[]> {
    return query.kits.map((kit) => {
      if (kit.arrivals.length === 0) return { linkId: kit.linkId, conversions: 0, converters: 0 };
      const { params, bind } = sqlBinder('sqlite');
      const text = kitConversionsSql(kit, query, bind, false);
      const row = this.#prepare(text).get(params) as { conversions: number; converters: number };
      return { linkId: kit.linkId, conversions: Number(row.conversions), converters: Number(row.converters) };
    });
  }

  async kitConversionsByGoal(query: KitConversionQuery): Promise<KitGoalConversionRow[]> {
    return query.kits.flatMap((kit) => {
      if (kit.arrivals.length === 0) return [];
      const { params, bind } = sqlBinder('sqlite');
      const text = kitConversionsSql(kit, query, bind, true);
      return kitGoalConversionRows(kit.linkId, this.#prepare(text).all(params) as Record<string, unknown>[]);
    });
  }
}
