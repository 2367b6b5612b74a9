import type { Migration } from './migration.js';

/*
 * Migration 18 (funnel rollup, docs/funnels.md): the visitors per step, channel and source of each
 * SAVED funnel, per local day and per month (YYYY-MM), so that a year's funnel reads a few hundred
 * rows instead of joining every claim of its goals (goal_visitor_days). The fold adds what its new
 * claims bring (funnel-rollup-sql.ts); saving a funnel or changing its steps recomputes all its
 * days from the claims still kept. No foreign key, like the other rollups: the
 * store deletes a funnel's or a site's rows itself. Listed after migration 17.
 */
const NAME = 'funnel rollup: saved funnels per day and month';

const columns = (time: 'day' | 'month', text: string, int: string) => `
      site_id ${text} NOT NULL,
      funnel_id ${text} NOT NULL,
      ${time} ${text} NOT NULL,
      step ${int} NOT NULL,
      channel ${text} NOT NULL,
      source ${text} NOT NULL,
      visitors ${int} NOT NULL,
      PRIMARY KEY (site_id, funnel_id, ${time}, step, channel, source)`;

export const SQLITE_FUNNEL_ROLLUP_MIGRATION: Migration = {
  version: 18,
  name: NAME,
  sql: `
    CREATE TABLE rollup_funnel_days (${columns('day', 'TEXT', 'INTEGER')}
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE rollup_funnel_months (${columns('month', 'TEXT', 'INTEGER')}
    ) STRICT, WITHOUT ROWID;
  `,
};

const PG_TEXT = 'text COLLATE "C"';

export const POSTGRES_FUNNEL_ROLLUP_MIGRATION: Migration = {
  version: 18,
  name: NAME,
  sql: `
    CREATE TABLE rollup_funnel_days (${columns('day', PG_TEXT, 'bigint')}
    );
    CREATE TABLE rollup_funnel_months (${columns('month', PG_TEXT, 'bigint')}
    );
  `,
};
