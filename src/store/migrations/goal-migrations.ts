import type { Migration } from './migration.js';

/*
 * Migration 14 (issue 14, goals and conversions; docs/architecture.md "Goals and conversions"):
 *
 * - `goals`: a site's goals. `path_match` is the page goal's pattern in the engine's own syntax
 *   (a GLOB pattern on SQLite, a LIKE pattern on PostgreSQL: goal-sql.ts), made once when the
 *   goal is stored so the fold compares it as it is.
 * - `visitor_days` gains the attribution of the visitor's first page view of the day: its id
 *   (`first_id`), channel, medium, source, confidence and path (`landing_path`, '' without one).
 *   A conversion is credited to it (goal-store.ts). Rows claimed before this version are filled
 *   here from the raw events still kept: the first page view of each visitor's day.
 * - `goal_visitor_days`: a person once per goal and local day, with their first matching event's
 *   id (funnels order steps by it) and the attribution that event got.
 * - `rollup_goals` and its monthly twin: conversions, converters and revenue per goal, day (or
 *   month), attributed channel, medium, source, confidence and currency ('' without revenue).
 *   Revenue is a float sum (REAL / double precision): exact to about 15 significant digits,
 *   which callers round to the currency's minor unit when they show it.
 *
 * The rollup and claim tables have no foreign key, like the other rollups: the store deletes a
 * site's or goal's rows itself (goal-sql.ts), where the fold's lock keeps a fold out.
 */
const NAME = 'goals: goal definitions, attributed visitor days, goal claims and rollups';

const ROLLUP_COLUMNS = (time: 'day' | 'month', text: string, real: string, int: string) => `
      site_id ${text} NOT NULL,
      ${time} ${text} NOT NULL,
      goal_id ${text} NOT NULL,
      channel ${text} NOT NULL,
      medium ${text} NOT NULL,
      source ${text} NOT NULL,
      confidence ${text} NOT NULL,
      currency ${text} NOT NULL,
      conversions ${int} NOT NULL DEFAULT 0,
      converters ${int} NOT NULL DEFAULT 0,
      revenue ${real} NOT NULL DEFAULT 0,
      PRIMARY KEY (site_id, ${time}, goal_id, channel, medium, source, confidence, currency)`;

/** Fills the attribution of visitor rows claimed before this version (first_id 0). */
export const SQLITE_FILL_VISITOR_ATTRIBUTION = `
    UPDATE visitor_days SET first_id = f.id, channel = f.channel, medium = f.medium, source = f.source,
      confidence = f.confidence, landing_path = coalesce(f.path, '')
    FROM (SELECT id, site_id, substr(local_hour, 1, 10) AS day, visitor_hash, channel, medium, source,
            confidence, path,
            row_number() OVER (PARTITION BY site_id, substr(local_hour, 1, 10), visitor_hash ORDER BY id) AS n
          FROM events WHERE type = 'pageview' AND visitor_hash <> '') AS f
    WHERE visitor_days.first_id = 0 AND f.n = 1 AND visitor_days.site_id = f.site_id
      AND visitor_days.day = f.day AND visitor_days.visitor_hash = f.visitor_hash`;

export const SQLITE_GOAL_MIGRATION: Migration = {
  version: 14,
  name: NAME,
  sql: `
    CREATE TABLE goals (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('page', 'event', 'share')),
      path_pattern TEXT,
      path_match TEXT,
      event_name TEXT,
      prop_key TEXT,
      prop_value TEXT,
      share_way TEXT CHECK (share_way IS NULL OR share_way IN ('share', 'copy', 'any')),
      created_at TEXT NOT NULL,
      UNIQUE (site_id, name)
    ) STRICT;

    ALTER TABLE visitor_days ADD COLUMN first_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE visitor_days ADD COLUMN channel TEXT NOT NULL DEFAULT '';
    ALTER TABLE visitor_days ADD COLUMN medium TEXT NOT NULL DEFAULT '';
    ALTER TABLE visitor_days ADD COLUMN source TEXT NOT NULL DEFAULT '';
    ALTER TABLE visitor_days ADD COLUMN confidence TEXT NOT NULL DEFAULT '';
    ALTER TABLE visitor_days ADD COLUMN landing_path TEXT NOT NULL DEFAULT '';
    ${SQLITE_FILL_VISITOR_ATTRIBUTION};

    CREATE TABLE goal_visitor_days (
      site_id TEXT NOT NULL,
      goal_id TEXT NOT NULL,
      day TEXT NOT NULL,
      visitor_hash TEXT NOT NULL,
      first_id INTEGER NOT NULL,
      channel TEXT NOT NULL,
      medium TEXT NOT NULL,
      source TEXT NOT NULL,
      confidence TEXT NOT NULL,
      landing_path TEXT NOT NULL,
      PRIMARY KEY (site_id, goal_id, day, visitor_hash)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE rollup_goals (${ROLLUP_COLUMNS('day', 'TEXT', 'REAL', 'INTEGER')}
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE rollup_goals_monthly (${ROLLUP_COLUMNS('month', 'TEXT', 'REAL', 'INTEGER')}
    ) STRICT, WITHOUT ROWID;
  `,
};

export const POSTGRES_FILL_VISITOR_ATTRIBUTION = `
    UPDATE visitor_days AS v SET first_id = f.id, channel = f.channel, medium = f.medium, source = f.source,
      confidence = f.confidence, landing_path = coalesce(f.path, '')
    FROM (SELECT DISTINCT ON (site_id, substr(local_hour, 1, 10), visitor_hash)
            id, site_id, substr(local_hour, 1, 10) AS day, visitor_hash, channel, medium, source, confidence, path
          FROM events WHERE type = 'pageview' AND visitor_hash <> ''
          ORDER BY site_id, substr(local_hour, 1, 10), visitor_hash, id) AS f
    WHERE v.first_id = 0 AND v.site_id = f.site_id AND v.day = f.day AND v.visitor_hash = f.visitor_hash`;

const PG_TEXT = 'text COLLATE "C"';

export const POSTGRES_GOAL_MIGRATION: Migration = {
  version: 14,
  name: NAME,
  sql: `
    CREATE TABLE goals (
      id ${PG_TEXT} PRIMARY KEY,
      site_id ${PG_TEXT} NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      name text NOT NULL,
      kind ${PG_TEXT} NOT NULL CHECK (kind IN ('page', 'event', 'share')),
      path_pattern ${PG_TEXT},
      path_match ${PG_TEXT},
      event_name ${PG_TEXT},
      prop_key ${PG_TEXT},
      prop_value ${PG_TEXT},
      share_way ${PG_TEXT} CHECK (share_way IS NULL OR share_way IN ('share', 'copy', 'any')),
      created_at ${PG_TEXT} NOT NULL,
      CONSTRAINT goals_site_name_unique UNIQUE (site_id, name)
    );

    ALTER TABLE visitor_days
      ADD COLUMN first_id bigint NOT NULL DEFAULT 0,
      ADD COLUMN channel ${PG_TEXT} NOT NULL DEFAULT '',
      ADD COLUMN medium ${PG_TEXT} NOT NULL DEFAULT '',
      ADD COLUMN source ${PG_TEXT} NOT NULL DEFAULT '',
      ADD COLUMN confidence ${PG_TEXT} NOT NULL DEFAULT '',
      ADD COLUMN landing_path ${PG_TEXT} NOT NULL DEFAULT '';
    ${POSTGRES_FILL_VISITOR_ATTRIBUTION};

    CREATE TABLE goal_visitor_days (
      site_id ${PG_TEXT} NOT NULL,
      goal_id ${PG_TEXT} NOT NULL,
      day ${PG_TEXT} NOT NULL,
      visitor_hash ${PG_TEXT} NOT NULL,
      first_id bigint NOT NULL,
      channel ${PG_TEXT} NOT NULL,
      medium ${PG_TEXT} NOT NULL,
      source ${PG_TEXT} NOT NULL,
      confidence ${PG_TEXT} NOT NULL,
      landing_path ${PG_TEXT} NOT NULL,
      PRIMARY KEY (site_id, goal_id, day, visitor_hash)
    );

    CREATE TABLE rollup_goals (${ROLLUP_COLUMNS('day', PG_TEXT, 'double precision', 'bigint')}
    );
    CREATE TABLE rollup_goals_monthly (${ROLLUP_COLUMNS('month', PG_TEXT, 'double precision', 'bigint')}
    );
  `,
};
