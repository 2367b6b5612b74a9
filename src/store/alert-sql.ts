/**
 * The SQL of alert-store.ts, shared by both engines with `?` placeholders (PostgreSQL numbers
 * them with numberedSql). Counts read the raw events by (site_id, type, occurred_at).
 */
import type { AlertRule, DarkSocialCountRow } from './alert-store.js';

export const RULE_COLUMNS = `id, site_id, kind, window_minutes, min_count, factor, cooldown_hours,
  quiet_start, quiet_end, daily_cap, recipient_ids, created_at, goal_id`;

export const INSERT_RULE = `INSERT INTO alert_rules (${RULE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const LIST_RULES = `SELECT ${RULE_COLUMNS} FROM alert_rules WHERE site_id = ? ORDER BY created_at, id`;
export const LIST_ALL_RULES = `SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY created_at, id`;
export const DELETE_RULE = 'DELETE FROM alert_rules WHERE site_id = ? AND id = ?';

export const COUNT_DARK_PAGES = `SELECT path AS subject, source, medium, count(*) AS count FROM events
  WHERE site_id = ? AND type = 'pageview' AND occurred_at >= ? AND occurred_at < ?
    AND channel = 'dark-social' AND path IS NOT NULL
  GROUP BY path, source, medium`;

export const COUNT_KIT_PREVIEWS = `SELECT coalesce(l.parent_id, l.id) AS subject, e.source, e.medium, count(*) AS count
  FROM events e JOIN links l ON l.id = e.link_id
  WHERE e.site_id = ? AND e.type = 'preview' AND e.occurred_at >= ? AND e.occurred_at < ?
  GROUP BY coalesce(l.parent_id, l.id), e.source, e.medium`;

export const LAST_FIRING = 'SELECT max(fired_at) AS at FROM alert_firings WHERE rule_id = ? AND subject = ?';
export const COUNT_FIRINGS =
  'SELECT count(*) AS count FROM alert_firings WHERE rule_id = ? AND local_day = ?';
export const INSERT_FIRING = `INSERT INTO alert_firings (rule_id, site_id, subject, fired_at, local_day)
  VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

/** Takes a free or expired lease, or renews one's own; RETURNING gives a row only when taken. */
export const ACQUIRE_LEASE = `INSERT INTO alert_leases (name, owner, lease_until) VALUES (?, ?, ?)
  ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
  WHERE alert_leases.lease_until <= ? OR alert_leases.owner = excluded.owner
  RETURNING owner`;

export interface RuleRow {
  id: string;
  site_id: string;
  kind: AlertRule['kind'];
  window_minutes: number | string;
  min_count: number | string;
  factor: number | string;
  cooldown_hours: number | string;
  quiet_start: number | string | null;
  quiet_end: number | string | null;
  daily_cap: number | string;
  recipient_ids: string | null;
  created_at: string;
  goal_id: string | null;
}

const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

export function ruleFromRow(row: RuleRow): AlertRule {
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    windowMinutes: Number(row.window_minutes) === 15 ? 15 : 30,
    minCount: Number(row.min_count),
    factor: Number(row.factor),
    cooldownHours: Number(row.cooldown_hours),
    quietStart: numberOrNull(row.quiet_start),
    quietEnd: numberOrNull(row.quiet_end),
    dailyCap: Number(row.daily_cap),
    recipientIds: row.recipient_ids === null ? null : (JSON.parse(row.recipient_ids) as string[]),
    goalId: row.goal_id ?? null,
    createdAt: row.created_at,
  };
}

export function ruleParams(rule: AlertRule): unknown[] {
  return [
    rule.id,
    rule.siteId,
    rule.kind,
    rule.windowMinutes,
    rule.minCount,
    rule.factor,
    rule.cooldownHours,
    rule.quietStart,
    rule.quietEnd,
    rule.dailyCap,
    rule.recipientIds === null ? null : JSON.stringify(rule.recipientIds),
    rule.createdAt,
    rule.goalId,
  ];
}

export function countFromRow(row: {
  subject: string;
  source: string;
  medium: string;
  count: number | string;
}): DarkSocialCountRow {
  return { subject: row.subject, source: row.source, medium: row.medium, count: Number(row.count) };
}
