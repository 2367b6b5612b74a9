import type { Migration } from './migration.js';

/*
 * Migration 12 (issue 14, "spreading privately" alerts): rules per site, the firings that keep
 * them quiet (cooldown and daily cap), and a named lease so one evaluator runs at a time on a
 * shared database. The same tables on both engines; listed after migration 11.
 */
const NAME = 'alerts: rules, firings, the evaluator lease';

export const SQLITE_ALERT_MIGRATION: Migration = {
  version: 12,
  name: NAME,
  sql: `
    CREATE TABLE alert_rules (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('page-spike', 'kit-previews', 'site-spike')),
      window_minutes INTEGER NOT NULL CHECK (window_minutes IN (15, 30)),
      min_count INTEGER NOT NULL CHECK (min_count >= 1),
      factor REAL NOT NULL CHECK (factor >= 1),
      cooldown_hours REAL NOT NULL CHECK (cooldown_hours >= 0),
      quiet_start INTEGER CHECK (quiet_start BETWEEN 0 AND 23),
      quiet_end INTEGER CHECK (quiet_end BETWEEN 0 AND 23),
      daily_cap INTEGER NOT NULL CHECK (daily_cap >= 1),
      recipient_ids TEXT CHECK (recipient_ids IS NULL OR json_type(recipient_ids) = 'array'),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX alert_rules_site_idx ON alert_rules (site_id);

    CREATE TABLE alert_firings (
      rule_id TEXT NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      subject TEXT NOT NULL,
      fired_at INTEGER NOT NULL,
      local_day TEXT NOT NULL,
      PRIMARY KEY (rule_id, subject, fired_at)
    ) STRICT;
    CREATE INDEX alert_firings_day_idx ON alert_firings (rule_id, local_day);

    CREATE TABLE alert_leases (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      lease_until INTEGER NOT NULL
    ) STRICT;
  `,
};

export const POSTGRES_ALERT_MIGRATION: Migration = {
  version: 12,
  name: NAME,
  sql: `
    CREATE TABLE alert_rules (
      id text COLLATE "C" PRIMARY KEY,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      kind text COLLATE "C" NOT NULL CHECK (kind IN ('page-spike', 'kit-previews', 'site-spike')),
      window_minutes integer NOT NULL CHECK (window_minutes IN (15, 30)),
      min_count integer NOT NULL CHECK (min_count >= 1),
      factor double precision NOT NULL CHECK (factor >= 1),
      cooldown_hours double precision NOT NULL CHECK (cooldown_hours >= 0),
      quiet_start integer CHECK (quiet_start BETWEEN 0 AND 23),
      quiet_end integer CHECK (quiet_end BETWEEN 0 AND 23),
      daily_cap integer NOT NULL CHECK (daily_cap >= 1),
      recipient_ids text CHECK (recipient_ids IS NULL OR jsonb_typeof(recipient_ids::jsonb) = 'array'),
      created_at text COLLATE "C" NOT NULL
    );
    CREATE INDEX alert_rules_site_idx ON alert_rules (site_id);

    CREATE TABLE alert_firings (
      rule_id text COLLATE "C" NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      subject text COLLATE "C" NOT NULL,
      fired_at bigint NOT NULL,
      local_day text COLLATE "C" NOT NULL,
      PRIMARY KEY (rule_id, subject, fired_at)
    );
    CREATE INDEX alert_firings_day_idx ON alert_firings (rule_id, local_day);

    CREATE TABLE alert_leases (
      name text COLLATE "C" PRIMARY KEY,
      owner text COLLATE "C" NOT NULL,
      lease_until bigint NOT NULL
    );
  `,
};
