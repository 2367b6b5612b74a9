import {
  ACQUIRE_LEASE,
  COUNT_DARK_PAGES,
  COUNT_FIRINGS,
  COUNT_KIT_PREVIEWS,
  countFromRow,
  DELETE_RULE,
  INSERT_FIRING,
  INSERT_RULE,
  LAST_FIRING,
  LIST_ALL_RULES,
  LIST_RULES,
  type RuleRow,
  ruleFromRow,
  ruleParams,
} from '../alert-sql.js';
import type {
  AlertFiring,
  AlertRule,
  AlertStore,
  DarkSocialCountRow,
  GoalWindowQuery,
  NewAlertRule,
} from '../alert-store.js';
import type { GoalConversionRow } from '../goal-store.js';
import { goalWindowSql } from '../goal-window-sql.js';
import { numberedSql as sql } from '../outbox-sql.js';
import { readPostgresGoals } from './postgres-goals.js';
import type { PgQueryable } from './postgres-pool.js';

type CountRow = Parameters<typeof countFromRow>[0];

/** Alert rules, firings and the evaluator lease on PostgreSQL (src/store/alert-store.ts). */
export class PostgresAlerts implements AlertStore {
  constructor(private readonly pool: PgQueryable) {}

  async createAlertRule(rule: NewAlertRule): Promise<AlertRule> {
    const created = { ...rule, createdAt: new Date().toISOString() };
    await this.pool.query(sql(INSERT_RULE), ruleParams(created));
    return created;
  }

  async listAlertRules(siteId?: string): Promise<AlertRule[]> {
    const result =
      siteId === undefined
        ? await this.pool.query(LIST_ALL_RULES)
        : await this.pool.query(sql(LIST_RULES), [siteId]);
    return (result.rows as RuleRow[]).map(ruleFromRow);
  }

  async deleteAlertRule(siteId: string, id: string): Promise<boolean> {
    return ((await this.pool.query(sql(DELETE_RULE), [siteId, id])).rowCount ?? 0) > 0;
  }

  async countDarkSocialPages(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]> {
    return ((await this.pool.query(sql(COUNT_DARK_PAGES), [siteId, from, to])).rows as CountRow[]).map(
      countFromRow,
    );
  }

  async countKitPreviews(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]> {
    return ((await this.pool.query(sql(COUNT_KIT_PREVIEWS), [siteId, from, to])).rows as CountRow[]).map(
      countFromRow,
    );
  }

  async countGoalConversions(query: GoalWindowQuery): Promise<GoalConversionRow[]> {
    return readPostgresGoals(this.pool, query, goalWindowSql);
  }

  async lastFiring(ruleId: string, subject: string): Promise<number | undefined> {
    const [row] = (await this.pool.query(sql(LAST_FIRING), [ruleId, subject])).rows as {
      at: string | number | null;
    }[];
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  async countFirings(ruleId: string, localDay: string): Promise<number> {
    const [row] = (await this.pool.query(sql(COUNT_FIRINGS), [ruleId, localDay])).rows as { count: string }[];
    return Number(row?.count ?? 0);
  }

  async recordFiring(firing: AlertFiring): Promise<void> {
    await this.pool.query(sql(INSERT_FIRING), [
      firing.ruleId,
      firing.siteId,
      firing.subject,
      firing.firedAt,
      firing.localDay,
    ]);
  }

  async acquireLease(name: string, owner: string, now: number, until: number): Promise<boolean> {
    return (await this.pool.query(sql(ACQUIRE_LEASE), [name, owner, until, now])).rows.length > 0;
  }
}
