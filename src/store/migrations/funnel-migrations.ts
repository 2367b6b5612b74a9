import type { Migration } from './migration.js';

/*
 * Migration 15 (issue 14, funnels): a site's saved funnels, each a name unique on the site and
 * 2–8 goal ids in order (JSON text on both engines, so one row mapper reads both). The steps are
 * not foreign keys: a goal deleted later leaves the funnel standing, and its result says which
 * step is gone (docs/funnels.md). Listed after migration 14.
 */
const NAME = 'funnels: saved sequences of goals per site';

export const SQLITE_FUNNEL_MIGRATION: Migration = {
  version: 15,
  name: NAME,
  sql: `
    CREATE TABLE funnels (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      steps TEXT NOT NULL
        CHECK (json_type(steps) = 'array' AND json_array_length(steps) BETWEEN 2 AND 8),
      created_at TEXT NOT NULL,
      CONSTRAINT funnels_name_unique UNIQUE (site_id, name)
    ) STRICT;
  `,
};

export const POSTGRES_FUNNEL_MIGRATION: Migration = {
  version: 15,
  name: NAME,
  sql: `
    CREATE TABLE funnels (
      id text COLLATE "C" PRIMARY KEY,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
      -- CASE, not AND: PostgreSQL may evaluate either side of an AND first, and the length of a
      -- non-array is an error.
      steps text NOT NULL CHECK (CASE WHEN jsonb_typeof(steps::jsonb) = 'array'
        THEN jsonb_array_length(steps::jsonb) BETWEEN 2 AND 8 ELSE false END),
      created_at text COLLATE "C" NOT NULL,
      CONSTRAINT funnels_name_unique UNIQUE (site_id, name)
    );
  `,
};
