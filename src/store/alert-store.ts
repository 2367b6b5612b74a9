/**
 * "Spreading privately" alerts (issue 14, docs/alerts.md): a site's rules, the firings that
 * keep them quiet (cooldown, daily cap), the dark-social counts they read from the raw events,
 * and the lease that lets one evaluator at a time run on a shared database.
 */
import type { GoalConversionQuery, GoalConversionRow, GoalGroupKey } from './goal-store.js';

/**
 * page-spike: one page's dark-social visits; kit-previews: one share kit's preview fetches;
 * site-spike: the site's dark-social visits; goal-dark-social: one goal's conversions credited to
 * dark social (the rule's `goalId`).
 */
export const ALERT_RULE_KINDS = ['page-spike', 'kit-previews', 'site-spike', 'goal-dark-social'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export interface AlertRule {
  id: string;
  siteId: string;
  kind: AlertRuleKind;
  /** The window counted back from now: 15 or 30 minutes. */
  windowMinutes: 15 | 30;
  /** At least this many visits (previews for a kit) in the window… */
  minCount: number;
  /** …and at least this many times the usual count for that hour of the week. */
  factor: number;
  /** At most one alert per subject (page, kit, site) and rule within this many hours. */
  cooldownHours: number;
  /** Local hours [quietStart, quietEnd) of the site's time zone when nothing is sent (may wrap midnight); null: none. */
  quietStart: number | null;
  quietEnd: number | null;
  /** At most this many alerts of the rule per local day. */
  dailyCap: number;
  /** Report recipients (e-mail, Slack) told; null: every recipient of the site. */
  recipientIds: string[] | null;
  /** goal-dark-social: the goal watched (src/store/goal-store.ts); null for every other kind. */
  goalId: string | null;
  createdAt: string;
}

export type NewAlertRule = Omit<AlertRule, 'createdAt'>;

/** Dark-social page views of a page (or preview fetches of a kit) from one app and way of sharing. */
export interface DarkSocialCountRow {
  /** The page's path, or the kit's link id. */
  subject: string;
  source: string;
  medium: string;
  count: number;
}

/**
 * A site's goal conversions in [from, to) (ms since the epoch): what `store.goals.goalConversions`
 * answers for whole local days, for a window of minutes, with the same attribution (the first
 * page view of the converter's day, docs/goals.md) and the same rows (GoalConversionRow): a
 * converter counts in the window (and group) of their first conversion of the goal that day.
 */
export interface GoalWindowQuery extends Omit<GoalConversionQuery, 'fromDay' | 'toDay' | 'by'> {
  from: number;
  to: number;
  by: readonly Exclude<GoalGroupKey, 'day'>[];
}

export interface AlertFiring {
  ruleId: string;
  siteId: string;
  /** The page's path, the kit's id, or `site`. */
  subject: string;
  /** Milliseconds since the epoch. */
  firedAt: number;
  /** The site's local day of `firedAt` (YYYY-MM-DD): the daily cap counts them. */
  localDay: string;
}

export interface AlertStore {
  createAlertRule(rule: NewAlertRule): Promise<AlertRule>;
  /** One site's rules (oldest first), or every site's. */
  listAlertRules(siteId?: string): Promise<AlertRule[]>;
  deleteAlertRule(siteId: string, id: string): Promise<boolean>;
  /** Dark-social page views in [from, to) (ms) by path, source and medium. */
  countDarkSocialPages(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]>;
  /** Preview fetches of the site's share kits in [from, to) by kit (its main link's id), source and medium. */
  countKitPreviews(siteId: string, from: number, to: number): Promise<DarkSocialCountRow[]>;
  /**
   * Goal conversions in a window of minutes, read from the raw events (goal-dark-social rules and
   * goal.converted batches); `goalIds` null: every goal of the site.
   */
  countGoalConversions(query: GoalWindowQuery): Promise<GoalConversionRow[]>;
  /** When the rule last fired for the subject (ms), if ever. */
  lastFiring(ruleId: string, subject: string): Promise<number | undefined>;
  /** How many times the rule fired on a local day. */
  countFirings(ruleId: string, localDay: string): Promise<number>;
  recordFiring(firing: AlertFiring): Promise<void>;
  /**
   * Takes (or renews) the named lease for `owner` until `until` if it is free at `now` or already
   * the owner's; false when another owner holds it.
   */
  acquireLease(name: string, owner: string, now: number, until: number): Promise<boolean>;
}
