import { POSTGRES_ALERT_MIGRATION } from './alert-migrations.js';
import { POSTGRES_BROWSER_MIGRATION } from './browser-migrations.js';
import { POSTGRES_FUNNEL_MIGRATION } from './funnel-migrations.js';
import { POSTGRES_FUNNEL_ROLLUP_MIGRATION } from './funnel-rollup-migrations.js';
import { POSTGRES_GOAL_ALERT_MIGRATION } from './goal-alert-migrations.js';
import { POSTGRES_GOAL_MIGRATION } from './goal-migrations.js';
import type { Migration } from './migration.js';
import { POSTGRES_OUTBOX_MIGRATION } from './outbox-migrations.js';
import { POSTGRES_REVENUE_MIGRATION } from './revenue-migrations.js';

/*
 * PostgreSQL schema, the same tables as sqlite-migrations.ts under the same versions.
 * - Text columns use COLLATE "C" (byte order), the order SQLite's BINARY collation gives, so
 *   ISO timestamps, slugs and ids sort and compare identically on both engines whatever the
 *   database's locale (https://www.postgresql.org/docs/15/collation.html).
 * - Timestamps are ISO-8601 text with milliseconds, like SQLite, not timestamptz: one format,
 *   one comparison, on both engines. `occurred_at` is bigint milliseconds since the epoch.
 * - `utm` and `tags` are jsonb, checked to be an object and an array.
 * - Unique constraints are named `<table>_<column>_unique`: postgres-conflict.ts maps a
 *   23505 error to the taken field by that name.
 * - No column ever holds an IP address or a user agent (DESIGN.md §4); `events.visitor_hash` is a
 *   keyed hash with a daily salt, never reversible to either.
 * - `events.value` is double precision (like SQLite's REAL), `events.props` JSON as text, kept
 *   byte for byte (jsonb would reorder keys), `landing_paths` / `extra_origins` jsonb arrays.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sites, links, events, api tokens',
    sql: `
      CREATE TABLE sites (
        id text COLLATE "C" PRIMARY KEY,
        domain text COLLATE "C" NOT NULL CONSTRAINT sites_domain_unique UNIQUE,
        name text NOT NULL,
        timezone text NOT NULL,
        fallback_url text,
        created_at text COLLATE "C" NOT NULL
      );

      CREATE TABLE links (
        id text COLLATE "C" PRIMARY KEY,
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        parent_id text COLLATE "C" REFERENCES links (id) ON DELETE CASCADE,
        channel text COLLATE "C",
        slug text COLLATE "C" NOT NULL CONSTRAINT links_slug_unique UNIQUE,
        url text NOT NULL,
        title text,
        description text,
        image text,
        utm jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(utm) = 'object'),
        tags jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
        expires_at text COLLATE "C",
        max_clicks integer,
        disabled boolean NOT NULL DEFAULT false,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX links_site_created_idx ON links (site_id, created_at);
      CREATE INDEX links_created_idx ON links (created_at);
      CREATE INDEX links_updated_idx ON links (updated_at);
      CREATE INDEX links_parent_idx ON links (parent_id);

      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        link_id text COLLATE "C" REFERENCES links (id) ON DELETE CASCADE,
        type text COLLATE "C" NOT NULL CHECK (type IN ('click', 'preview', 'bot')),
        kind text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        medium text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        evidence text COLLATE "C" NOT NULL,
        confidence text COLLATE "C" NOT NULL,
        occurred_at bigint NOT NULL
      );
      CREATE INDEX events_link_type_idx ON events (link_id, type);
      CREATE INDEX events_site_occurred_idx ON events (site_id, occurred_at);

      CREATE TABLE api_tokens (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL CONSTRAINT api_tokens_name_unique UNIQUE,
        hash text COLLATE "C" NOT NULL CONSTRAINT api_tokens_hash_unique UNIQUE,
        created_at text COLLATE "C" NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'website measurement: site settings, page-view events, daily salts, link deletions',
    // events_type_check is the name PostgreSQL gave the column CHECK of version 1
    // (<table>_<column>_check). Adding columns without a default only changes the catalog.
    sql: `
      ALTER TABLE sites
        ADD COLUMN privacy_mode text COLLATE "C" NOT NULL DEFAULT 'anonymous'
          CHECK (privacy_mode IN ('anonymous', 'consented', 'strict')),
        ADD COLUMN landing_paths jsonb NOT NULL DEFAULT '["/"]' CHECK (jsonb_typeof(landing_paths) = 'array'),
        ADD COLUMN respect_dnt boolean NOT NULL DEFAULT false,
        ADD COLUMN retention_months integer NOT NULL DEFAULT 25 CHECK (retention_months BETWEEN 1 AND 25),
        ADD COLUMN extra_origins jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(extra_origins) = 'array');

      ALTER TABLE events
        DROP CONSTRAINT events_type_check,
        ADD CONSTRAINT events_type_check
          CHECK (type IN ('click', 'preview', 'bot', 'pageview', 'event', 'copy', 'share', 'outbound')),
        ADD COLUMN path text COLLATE "C",
        ADD COLUMN visitor_hash text COLLATE "C",
        ADD COLUMN country text COLLATE "C",
        ADD COLUMN device text COLLATE "C",
        ADD COLUMN generation integer,
        ADD COLUMN share_id text COLLATE "C",
        ADD COLUMN parent_share_id text COLLATE "C",
        ADD COLUMN origin_channel text COLLATE "C",
        ADD COLUMN name text COLLATE "C",
        ADD COLUMN props text,
        ADD COLUMN value double precision,
        -- NULLs are distinct (the default): any number of events without a key.
        ADD COLUMN dedupe_key text COLLATE "C" CONSTRAINT events_dedupe_key_unique UNIQUE;
      CREATE INDEX events_site_type_occurred_idx ON events (site_id, type, occurred_at);

      CREATE TABLE daily_salts (
        day text COLLATE "C" PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        salt text COLLATE "C" NOT NULL
      );

      CREATE TABLE link_deletions (
        id text COLLATE "C" NOT NULL,
        slug text COLLATE "C" NOT NULL,
        deleted_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (deleted_at, id)
      );
    `,
  },
  {
    version: 3,
    name: 'partial event index: only short-link events have a link',
    // PostgreSQL's unique constraint on dedupe_key already skips NULLs; the link index did not.
    sql: `
      DROP INDEX events_link_type_idx;
      CREATE INDEX events_link_type_idx ON events (link_id, type) WHERE link_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'rollups: local hour buckets on events, rollup tables, visitors counted per day',
    // As in sqlite-migrations.ts; here the old events' hours can be read in their site's zone.
    sql: `
      ALTER TABLE events ADD COLUMN local_hour text COLLATE "C";
      DROP INDEX events_site_type_occurred_idx;
      UPDATE events AS e SET local_hour =
        to_char(to_timestamp(e.occurred_at / 1000.0) AT TIME ZONE s.timezone, 'YYYY-MM-DD"T"HH24')
        FROM sites AS s WHERE s.id = e.site_id;
      -- Events stored before this version are added to the rollups by the store right after
      -- migrating (rollup-backfill.ts), in batches, up to the newest one of this moment.
      CREATE TABLE rollup_backfill (
        through_id bigint NOT NULL,
        done_id bigint NOT NULL
      );
      INSERT INTO rollup_backfill (through_id, done_id) SELECT coalesce(max(id), 0), 0 FROM events;
      CREATE TABLE rollup_hourly (
        site_id text COLLATE "C" NOT NULL,
        hour text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        medium text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        confidence text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        clicks bigint NOT NULL DEFAULT 0,
        previews bigint NOT NULL DEFAULT 0,
        bots bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        ga4_direct_visits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, hour, channel, medium, source, confidence)
      );
      CREATE TABLE rollup_daily (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        medium text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        confidence text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        clicks bigint NOT NULL DEFAULT 0,
        previews bigint NOT NULL DEFAULT 0,
        bots bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        ga4_direct_visits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, channel, medium, source, confidence)
      );
      CREATE TABLE rollup_monthly (
        site_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        medium text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        confidence text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        clicks bigint NOT NULL DEFAULT 0,
        previews bigint NOT NULL DEFAULT 0,
        bots bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        ga4_direct_visits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, channel, medium, source, confidence)
      );
      CREATE TABLE rollup_pages (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path, channel)
      );
      CREATE TABLE rollup_geo (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        country text COLLATE "C" NOT NULL,
        device text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, country, device, channel)
      );
      CREATE TABLE rollup_generations (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        generation integer NOT NULL,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path, generation)
      );
      -- Monthly twins of the page tables: a year of top pages reads 12 rows per page, not 365.
      CREATE TABLE rollup_pages_monthly (
        site_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path, channel)
      );
      CREATE TABLE rollup_generations_monthly (
        site_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        generation integer NOT NULL,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path, generation)
      );
      CREATE TABLE rollup_links (
        site_id text COLLATE "C" NOT NULL,
        link_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        hits bigint NOT NULL DEFAULT 0,
        first_at bigint NOT NULL,
        PRIMARY KEY (site_id, link_id, day, type, channel, source)
      );
      CREATE INDEX rollup_links_link_idx ON rollup_links (link_id);
      -- Per page without the channel (a third of the rows): what top-page lists read.
      CREATE TABLE rollup_page_totals (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        dark_visits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path)
      );
      CREATE TABLE rollup_page_totals_monthly (
        site_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        copies bigint NOT NULL DEFAULT 0,
        outbound bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0,
        dark_visits bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path)
      );
      CREATE TABLE rollup_geo_monthly (
        site_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        country text COLLATE "C" NOT NULL,
        device text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        visitors bigint NOT NULL DEFAULT 0,
        visits bigint NOT NULL DEFAULT 0,
        pageviews bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, country, device, channel)
      );
      CREATE TABLE rollup_links_monthly (
        site_id text COLLATE "C" NOT NULL,
        link_id text COLLATE "C" NOT NULL,
        month text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        channel text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        hits bigint NOT NULL DEFAULT 0,
        first_at bigint NOT NULL,
        PRIMARY KEY (site_id, link_id, month, type, channel, source)
      );
      CREATE TABLE visitor_days (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        visitor_hash text COLLATE "C" NOT NULL,
        PRIMARY KEY (site_id, day, visitor_hash)
      );
      CREATE TABLE page_visitor_days (
        site_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        visitor_hash text COLLATE "C" NOT NULL,
        PRIMARY KEY (site_id, day, path, visitor_hash)
      );
    `,
  },
  {
    version: 5,
    name: 'accounts: users, sessions, public dashboard links',
    // As in sqlite-migrations.ts: only hashes of the session and public-link secrets are stored.
    sql: `
      CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        email text COLLATE "C" NOT NULL CONSTRAINT users_email_unique UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        role text COLLATE "C" NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        password_hash text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL
      );

      CREATE TABLE sessions (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C" NOT NULL,
        last_seen_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id);
      CREATE INDEX sessions_expires_idx ON sessions (expires_at);

      CREATE TABLE public_links (
        id text COLLATE "C" PRIMARY KEY,
        token_hash text COLLATE "C" NOT NULL CONSTRAINT public_links_token_hash_unique UNIQUE,
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        created_at text COLLATE "C" NOT NULL,
        revoked_at text COLLATE "C"
      );
      CREATE INDEX public_links_site_idx ON public_links (site_id, created_at);
    `,
  },
  {
    version: 6,
    name: 'audit log, retention runs, instance secrets, site query parameters',
    // As in sqlite-migrations.ts: audit_log.site_id is no foreign key (the trail outlives the site),
    // details is JSON text checked to be an object; sites.query_params a jsonb array.
    sql: `
      CREATE TABLE audit_log (
        id text COLLATE "C" PRIMARY KEY,
        occurred_at text COLLATE "C" NOT NULL,
        actor_kind text COLLATE "C" NOT NULL CHECK (actor_kind IN ('user', 'token', 'cli')),
        actor_id text COLLATE "C",
        actor_label text NOT NULL,
        action text COLLATE "C" NOT NULL,
        site_id text COLLATE "C",
        target text COLLATE "C",
        details text NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details::jsonb) = 'object')
      );
      CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC);
      CREATE INDEX audit_log_site_idx ON audit_log (site_id, occurred_at DESC, id DESC);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);

      CREATE TABLE retention_runs (
        site_id text COLLATE "C" PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
        ran_at text COLLATE "C" NOT NULL,
        cutoff_day text COLLATE "C" NOT NULL,
        deleted bigint NOT NULL CHECK (deleted >= 0)
      );

      CREATE TABLE instance_secrets (
        name text COLLATE "C" PRIMARY KEY,
        secret text NOT NULL
      );

      ALTER TABLE sites
        ADD COLUMN query_params jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(query_params) = 'array');
    `,
  },
  {
    version: 7,
    name: 'site roles for users, scopes and sites for API tokens',
    // As in sqlite-migrations.ts. The token columns are JSON text, as SQLite's, so one row mapper
    // reads both; existing tokens get 'admin' on every site (site_ids NULL), as before.
    sql: `
      ALTER TABLE api_tokens
        ADD COLUMN scopes text NOT NULL DEFAULT '["admin"]'
          CHECK (jsonb_typeof(scopes::jsonb) = 'array' AND jsonb_array_length(scopes::jsonb) > 0),
        ADD COLUMN site_ids text CHECK (site_ids IS NULL OR jsonb_typeof(site_ids::jsonb) = 'array');
      ALTER TABLE users ADD COLUMN all_sites boolean NOT NULL DEFAULT true;

      CREATE TABLE user_site_roles (
        user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        role text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'editor')),
        PRIMARY KEY (user_id, site_id)
      );
      CREATE INDEX user_site_roles_site_idx ON user_site_roles (site_id);
    `,
  },
  {
    version: 8,
    name: 'lean events: no foreign keys, a partial dedupe index; rollups folded in SQL past a watermark',
    // As in sqlite-migrations.ts. A foreign key is a trigger run per inserted row; the insert
    // takes FOR KEY SHARE on the batch's sites and links once instead (live-events.ts), and a
    // deletion removes the link or site row first, then its events, so no event can slip in
    // between (postgres-event-deletes.ts). The unique constraint on dedupe_key indexed every
    // event's NULL: the partial index holds imported events' keys only.
    sql: `
      ALTER TABLE events
        DROP CONSTRAINT events_site_id_fkey,
        DROP CONSTRAINT events_link_id_fkey,
        DROP CONSTRAINT events_dedupe_key_unique;
      CREATE UNIQUE INDEX events_dedupe_key_unique ON events (dedupe_key) WHERE dedupe_key IS NOT NULL;
      CREATE TABLE rollup_watermark (folded_id bigint NOT NULL);
      INSERT INTO rollup_watermark (folded_id) SELECT coalesce(max(id), 0) FROM events;
    `,
  },
  {
    version: 9,
    name: 'install check: the origins the event endpoint took or refused per site',
    // As in sqlite-migrations.ts.
    sql: `
      CREATE TABLE install_sightings (
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        outcome text COLLATE "C" NOT NULL CHECK (outcome IN ('seen', 'refused')),
        origin text COLLATE "C" NOT NULL,
        reason text COLLATE "C",
        first_at bigint NOT NULL,
        last_at bigint NOT NULL,
        count bigint NOT NULL CHECK (count >= 0),
        PRIMARY KEY (site_id, outcome, origin)
      );
    `,
  },
  {
    version: 10,
    name: 'custom previews per share-kit variant; preview fetches with their status, from imported logs',
    // As in sqlite-migrations.ts.
    sql: `
      CREATE TABLE variant_previews (
        link_id text COLLATE "C" PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
        title text,
        description text,
        image text,
        updated_at text COLLATE "C" NOT NULL
      );

      CREATE TABLE preview_fetches (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        status integer NOT NULL CHECK (status BETWEEN 100 AND 999),
        path text COLLATE "C" NOT NULL,
        occurred_at bigint NOT NULL,
        dedupe_key text COLLATE "C" NOT NULL CONSTRAINT preview_fetches_dedupe_key_unique UNIQUE
      );
      CREATE INDEX preview_fetches_site_occurred_idx ON preview_fetches (site_id, occurred_at);
    `,
  },
  POSTGRES_OUTBOX_MIGRATION,
  POSTGRES_ALERT_MIGRATION,
  POSTGRES_REVENUE_MIGRATION,
  POSTGRES_GOAL_MIGRATION,
  POSTGRES_FUNNEL_MIGRATION,
  POSTGRES_GOAL_ALERT_MIGRATION,
  POSTGRES_BROWSER_MIGRATION,
  POSTGRES_FUNNEL_ROLLUP_MIGRATION,
];
