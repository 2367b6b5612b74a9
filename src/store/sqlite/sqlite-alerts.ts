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
import type { SqliteDatabase } from './sqlite-database.js';
import { readSqliteGoals } from './sqlite-goals.js';

type CountRow = Parameters<typeof countFromRow>[0];

/** Alert rules, firings and the evaluator lease on SQLite (src/store/alert-store.ts). */
export class SqliteAlerts implements AlertStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createAlertRule(rule: NewAlertRule): Promise<AlertRule> {
    const created = { ...rule, createdAt: new Date().toISOString() };
    this.db.prepare(INSERT_RULE).run(...ruleParams(created));
    return created;
  }

  async listAlertRules(siteId?: string): Promise<AlertRule[]> {
    const rows =
      siteId === undefined ? this.db.prepare(LIST_ALL_RULES).all() : this.db.prepare(LIST_RULES).all(siteId);
    return (rows as RuleRow[]).map(ruleFromRow);
  }

  async deleteAlertRule(siteId: string, id: string): Promise<boolean> {
    return this.db.prepare(DELETE_RULE).run(siteId, id).changes > 0;
  }

  async countDarkSocialPages(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]> {
    return (this.db.prepare(COUNT_DARK_PAGES).all(siteId, from, to) as CountRow[]).map(countFromRow);
  }

  async countKitPreviews(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]> {
    return (this.db.prepare(COUNT_KIT_PREVIEWS).all(siteId, from, to) as CountRow[]).map(countFromRow);
  }

  async countGoalConversions(query: GoalWindowQuery): Promise<GoalConversionRow[]> {
    return readSqliteGoals((text) => this.db.prepare(text), query, goalWindowSql);
  }

  async lastFiring(ruleId: string, subject: string): Promise<number | undefined> {
    const row = this.db.prepare(LAST_FIRING).get(ruleId, subject) as { at: number | null } | undefined;
    return row?.at ?? undefined;
  }

  async countFirings(ruleId: string, localDay: string): Promise<number> {
    return Number((this.db.prepare(COUNT_FIRINGS).get(ruleId, localDay) as { count: number }).count);
  }

  async recordFiring(firing: AlertFiring): Promise<void> {
    this.db
      .prepare(INSERT_FIRING)
      .run(firing.ruleId, firing.siteId, firing.subject, firing.firedAt, firing.localDay);
  }

  async acquireLease(name: string, owner: string, now: number, until: number): Promise<boolean> {
    return this.db.prepare(ACQUIRE_LEASE).get(name, owner, until, now) !== undefined;
  }
}
