import type { Migration } from './migration.js';

/*
 * Migration 16 (issue 14, "a goal's conversions from dark social"): alert rules gain the kind
 * `goal-dark-social` and the goal it watches (`goal_id`, set for that kind only). The kind's CHECK
 * of migration 12 cannot be altered in place on SQLite: alert_rules is rebuilt as
 * https://sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes") says,
 * with foreign keys off around the transaction (alert_firings refers to it by name and follows
 * the rename). PostgreSQL swaps the constraint and adds the column, rewriting nothing. A goal's
 * rules go with it (ON DELETE CASCADE, their firings with them): a rule never watches no goal.
 */
const NAME = "alerts: a goal's conversions from dark social (goal-dark-social rules)";

export const SQLITE_GOAL_ALERT_MIGRATION: Migration = {
  version: 16,
  name: NAME,
  rebuildsTables: true,
  sql: `
    CREATE TABLE alert_rules_new (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('page-spike', 'kit-previews', 'site-spike', 'goal-dark-social')),
      window_minutes INTEGER NOT NULL CHECK (window_minutes IN (15, 30)),
      min_count INTEGER NOT NULL CHECK (min_count >= 1),
      factor REAL NOT NULL CHECK (factor >= 1),
      cooldown_hours REAL NOT NULL CHECK (cooldown_hours >= 0),
      quiet_start INTEGER CHECK (quiet_start BETWEEN 0 AND 23),
      quiet_end INTEGER CHECK (quiet_end BETWEEN 0 AND 23),
      daily_cap INTEGER NOT NULL CHECK (daily_cap >= 1),
      recipient_ids TEXT CHECK (recipient_ids IS NULL OR json_type(recipient_ids) = 'array'),
      created_at TEXT NOT NULL,
      goal_id TEXT REFERENCES goals (id) ON DELETE CASCADE,
      CHECK ((kind = 'goal-dark-social') = (goal_id IS NOT NULL))
    ) STRICT;
    INSERT INTO alert_rules_new (id, site_id, kind, window_minutes, min_count, factor, cooldown_hours,
        quiet_start, quiet_end, daily_cap, recipient_ids, created_at)
      SELECT id, site_id, kind, window_minutes, min_count, factor, cooldown_hours,
        quiet_start, quiet_end, daily_cap, recipient_ids, created_at
      FROM alert_rules;
    DROP TABLE alert_rules;
    ALTER TABLE alert_rules_new RENAME TO alert_rules;
    CREATE INDEX alert_rules_site_idx ON alert_rules (site_id);
    CREATE INDEX alert_rules_goal_idx ON alert_rules (goal_id) WHERE goal_id IS NOT NULL;
  `,
};

export const POSTGRES_GOAL_ALERT_MIGRATION: Migration = {
  version: 16,
  name: NAME,
  sql: `
    ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
    ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check
      CHECK (kind IN ('page-spike', 'kit-previews', 'site-spike', 'goal-dark-social'));
    ALTER TABLE alert_rules ADD COLUMN goal_id text COLLATE "C" REFERENCES goals (id) ON DELETE CASCADE;
    CREATE INDEX alert_rules_goal_idx ON alert_rules (goal_id) WHERE goal_id IS NOT NULL;
    ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_goal_check
      CHECK ((kind = 'goal-dark-social') = (goal_id IS NOT NULL));
  `,
};
