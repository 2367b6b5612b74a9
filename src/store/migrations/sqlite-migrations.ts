import { SQLITE_ALERT_MIGRATION } from './alert-migrations.js';
import { SQLITE_BROWSER_MIGRATION } from './browser-migrations.js';
import { SQLITE_FUNNEL_MIGRATION } from './funnel-migrations.js';
import { SQLITE_FUNNEL_ROLLUP_MIGRATION } from './funnel-rollup-migrations.js';
import { SQLITE_GOAL_ALERT_MIGRATION } from './goal-alert-migrations.js';
import { SQLITE_GOAL_MIGRATION } from './goal-migrations.js';
import type { Migration } from './migration.js';
import { SQLITE_OUTBOX_MIGRATION } from './outbox-migrations.js';
import { SQLITE_REVENUE_MIGRATION } from './revenue-migrations.js';

/*
 * SQLite schema. Notes on choices (the PostgreSQL file mirrors them):
 * - STRICT tables, so a value of the wrong type is an error, not silently stored
 *   (https://sqlite.org/stricttables.html).
 * - Timestamps are TEXT, ISO-8601 UTC with milliseconds (`Date#toISOString()`): fixed width, so
 *   text order is time order, and they compare the same way in both engines.
 * - `utm` and `tags` are JSON text, checked to be an object and an array.
 * - `events.id INTEGER PRIMARY KEY` is the rowid, assigned automatically; the AUTOINCREMENT
 *   keyword would only forbid reusing ids of deleted rows, at a cost
 *   (https://sqlite.org/autoinc.html).
 * - No column ever holds an IP address or a user agent (DESIGN.md §4); `events.visitor_hash` is a
 *   keyed hash with a daily salt, never reversible to either.
 * - `events.value` is REAL (a 64-bit float), `events.props` JSON text kept byte for byte.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sites, links, events, api tokens',
    sql: `
      CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        domain TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        fallback_url TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE links (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES links (id) ON DELETE CASCADE,
        channel TEXT,
        slug TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        title TEXT,
        description TEXT,
        image TEXT,
        utm TEXT NOT NULL DEFAULT '{}' CHECK (json_type(utm) = 'object'),
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_type(tags) = 'array'),
        expires_at TEXT,
        max_clicks INTEGER,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX links_site_created_idx ON links (site_id, created_at);
      CREATE INDEX links_created_idx ON links (created_at);
      CREATE INDEX links_updated_idx ON links (updated_at);
      CREATE INDEX links_parent_idx ON links (parent_id);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        link_id TEXT REFERENCES links (id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN ('click', 'preview', 'bot')),
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        evidence TEXT NOT NULL,
        confidence TEXT NOT NULL,
        occurred_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX events_link_type_idx ON events (link_id, type);
      CREATE INDEX events_site_occurred_idx ON events (site_id, occurred_at);

      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'website measurement: site settings, page-view events, daily salts, link deletions',
    // The CHECK on events.type cannot be altered in place: the events table is rebuilt the way
    // https://sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes")
    // describes: create events_new, copy, drop, rename, recreate the indexes. The runner switches
    // foreign keys off around the transaction (dropping `events` would otherwise run an implicit
    // DELETE of every row first) and runs PRAGMA foreign_key_check before committing.
    rebuildsTables: true,
    sql: `
      ALTER TABLE sites ADD COLUMN privacy_mode TEXT NOT NULL DEFAULT 'anonymous'
        CHECK (privacy_mode IN ('anonymous', 'consented', 'strict'));
      ALTER TABLE sites ADD COLUMN landing_paths TEXT NOT NULL DEFAULT '["/"]'
        CHECK (json_type(landing_paths) = 'array');
      ALTER TABLE sites ADD COLUMN respect_dnt INTEGER NOT NULL DEFAULT 0 CHECK (respect_dnt IN (0, 1));
      ALTER TABLE sites ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 25
        CHECK (retention_months BETWEEN 1 AND 25);
      ALTER TABLE sites ADD COLUMN extra_origins TEXT NOT NULL DEFAULT '[]'
        CHECK (json_type(extra_origins) = 'array');

      CREATE TABLE events_new (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        link_id TEXT REFERENCES links (id) ON DELETE CASCADE,
        type TEXT NOT NULL
          CHECK (type IN ('click', 'preview', 'bot', 'pageview', 'event', 'copy', 'share', 'outbound')),
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        evidence TEXT NOT NULL,
        confidence TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        path TEXT,
        visitor_hash TEXT,
        country TEXT,
        device TEXT,
        generation INTEGER,
        share_id TEXT,
        parent_share_id TEXT,
        origin_channel TEXT,
        name TEXT,
        props TEXT,
        value REAL,
        dedupe_key TEXT
      ) STRICT;
      INSERT INTO events_new (id, site_id, link_id, type, kind, channel, medium, source, evidence,
          confidence, occurred_at)
        SELECT id, site_id, link_id, type, kind, channel, medium, source, evidence, confidence, occurred_at
        FROM events;
      DROP TABLE events;
      ALTER TABLE events_new RENAME TO events;
      CREATE INDEX events_link_type_idx ON events (link_id, type);
      CREATE INDEX events_site_occurred_idx ON events (site_id, occurred_at);
      CREATE INDEX events_site_type_occurred_idx ON events (site_id, type, occurred_at);
      -- NULLs are distinct in a UNIQUE index: any number of events without a key.
      CREATE UNIQUE INDEX events_dedupe_key_unique ON events (dedupe_key);

      CREATE TABLE daily_salts (
        day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        salt TEXT NOT NULL
      ) STRICT;

      CREATE TABLE link_deletions (
        id TEXT NOT NULL,
        slug TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        PRIMARY KEY (deleted_at, id)
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'partial event indexes: only short-link events have a link, only imported ones a dedupe key',
    // Tracker and log events leave link_id and dedupe_key NULL; indexing those NULLs cost every
    // insert two index writes for nothing (measured with bench/import-log.ts).
    sql: `
      DROP INDEX events_link_type_idx;
      CREATE INDEX events_link_type_idx ON events (link_id, type) WHERE link_id IS NOT NULL;
      DROP INDEX events_dedupe_key_unique;
      CREATE UNIQUE INDEX events_dedupe_key_unique ON events (dedupe_key) WHERE dedupe_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'rollups: local hour buckets on events, rollup tables, visitors counted per day',
    // Events written before this version get their hour in UTC (their site's zone is not known
    // to SQLite's date functions). Rollup rows have no foreign keys: the store deletes
    // them with their site or link, and an upsert need not look up its parent.
    sql: `
      ALTER TABLE events ADD COLUMN local_hour TEXT;
      -- Reports read the rollups now; (site_id, occurred_at) serves the raw reads that remain
      -- (listing, realtime, retention), and one index less is one B-tree write less per event.
      DROP INDEX events_site_type_occurred_idx;
      UPDATE events SET local_hour = strftime('%Y-%m-%dT%H', occurred_at / 1000, 'unixepoch');
      -- Events stored before this version are added to the rollups by the store right after
      -- migrating (rollup-backfill.ts), in batches, up to the newest one of this moment.
      CREATE TABLE rollup_backfill (
        through_id INTEGER NOT NULL,
        done_id INTEGER NOT NULL
      ) STRICT;
      INSERT INTO rollup_backfill (through_id, done_id) SELECT coalesce(max(id), 0), 0 FROM events;
      CREATE TABLE rollup_hourly (
        site_id TEXT NOT NULL,
        hour TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        confidence TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        clicks INTEGER NOT NULL DEFAULT 0,
        previews INTEGER NOT NULL DEFAULT 0,
        bots INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        ga4_direct_visits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, hour, channel, medium, source, confidence)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_daily (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        confidence TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        clicks INTEGER NOT NULL DEFAULT 0,
        previews INTEGER NOT NULL DEFAULT 0,
        bots INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        ga4_direct_visits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, channel, medium, source, confidence)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_monthly (
        site_id TEXT NOT NULL,
        month TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        confidence TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        clicks INTEGER NOT NULL DEFAULT 0,
        previews INTEGER NOT NULL DEFAULT 0,
        bots INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        ga4_direct_visits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, channel, medium, source, confidence)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_pages (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        path TEXT NOT NULL,
        channel TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path, channel)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_geo (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        country TEXT NOT NULL,
        device TEXT NOT NULL,
        channel TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, country, device, channel)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_generations (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        path TEXT NOT NULL,
        generation INTEGER NOT NULL,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path, generation)
      ) STRICT, WITHOUT ROWID;
      -- Monthly twins of the page tables: a year of top pages reads 12 rows per page, not 365.
      CREATE TABLE rollup_pages_monthly (
        site_id TEXT NOT NULL,
        month TEXT NOT NULL,
        path TEXT NOT NULL,
        channel TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path, channel)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_generations_monthly (
        site_id TEXT NOT NULL,
        month TEXT NOT NULL,
        path TEXT NOT NULL,
        generation INTEGER NOT NULL,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path, generation)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_links (
        site_id TEXT NOT NULL,
        link_id TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        first_at INTEGER NOT NULL,
        PRIMARY KEY (site_id, link_id, day, type, channel, source)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX rollup_links_link_idx ON rollup_links (link_id);
      -- Per page without the channel (a third of the rows): what top-page lists read.
      CREATE TABLE rollup_page_totals (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        path TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        dark_visits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, day, path)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_page_totals_monthly (
        site_id TEXT NOT NULL,
        month TEXT NOT NULL,
        path TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        shares INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 0,
        outbound INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        dark_visits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, path)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_geo_monthly (
        site_id TEXT NOT NULL,
        month TEXT NOT NULL,
        country TEXT NOT NULL,
        device TEXT NOT NULL,
        channel TEXT NOT NULL,
        visitors INTEGER NOT NULL DEFAULT 0,
        visits INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, month, country, device, channel)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rollup_links_monthly (
        site_id TEXT NOT NULL,
        link_id TEXT NOT NULL,
        month TEXT NOT NULL,
        type TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        first_at INTEGER NOT NULL,
        PRIMARY KEY (site_id, link_id, month, type, channel, source)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE visitor_days (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        visitor_hash TEXT NOT NULL,
        PRIMARY KEY (site_id, day, visitor_hash)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE page_visitor_days (
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        path TEXT NOT NULL,
        visitor_hash TEXT NOT NULL,
        PRIMARY KEY (site_id, day, path, visitor_hash)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'accounts: users, sessions, public dashboard links',
    // A session's id is the SHA-256 of its cookie's secret, a public link's token is stored the same
    // way: neither secret is ever stored. Sessions hold no IP address and no user agent.
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_user_idx ON sessions (user_id);
      CREATE INDEX sessions_expires_idx ON sessions (expires_at);

      CREATE TABLE public_links (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX public_links_site_idx ON public_links (site_id, created_at);
    `,
  },
  {
    version: 6,
    name: 'audit log, retention runs, instance secrets, site query parameters',
    // audit_log.site_id is no foreign key: deleting a site must not delete the trail of who did it
    // (GDPR Art. 5(2) accountability); the audit log has its own retention limit instead.
    // retention_runs keeps only each site's last run, and goes with its site.
    // sites.query_params: the site's own query-parameter names kept in page paths (JSON array).
    sql: `
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        occurred_at TEXT NOT NULL,
        actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'cli')),
        actor_id TEXT,
        actor_label TEXT NOT NULL,
        action TEXT NOT NULL,
        site_id TEXT,
        target TEXT,
        details TEXT NOT NULL DEFAULT '{}' CHECK (json_type(details) = 'object')
      ) STRICT;
      CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC);
      CREATE INDEX audit_log_site_idx ON audit_log (site_id, occurred_at DESC, id DESC);
      CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);

      CREATE TABLE retention_runs (
        site_id TEXT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
        ran_at TEXT NOT NULL,
        cutoff_day TEXT NOT NULL,
        deleted INTEGER NOT NULL CHECK (deleted >= 0)
      ) STRICT;

      CREATE TABLE instance_secrets (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL
      ) STRICT;

      ALTER TABLE sites ADD COLUMN query_params TEXT NOT NULL DEFAULT '[]'
        CHECK (json_type(query_params) = 'array');
    `,
  },
  {
    version: 7,
    name: 'site roles for users, scopes and sites for API tokens',
    // Issue 13, finding 15. Tokens made before scopes existed keep acting as owners ('admin', every
    // site: site_ids NULL). user_site_roles goes with its user and with its site; all_sites = 0
    // confines a user to the sites of their site roles.
    sql: `
      ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '["admin"]'
        CHECK (json_type(scopes) = 'array' AND json_array_length(scopes) > 0);
      ALTER TABLE api_tokens ADD COLUMN site_ids TEXT CHECK (site_ids IS NULL OR json_type(site_ids) = 'array');
      ALTER TABLE users ADD COLUMN all_sites INTEGER NOT NULL DEFAULT 1 CHECK (all_sites IN (0, 1));

      CREATE TABLE user_site_roles (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
        PRIMARY KEY (user_id, site_id)
      ) STRICT;
      CREATE INDEX user_site_roles_site_idx ON user_site_roles (site_id);
    `,
  },
  {
    version: 8,
    name: 'lean events: no foreign keys, ids never reused; rollups folded in SQL past a watermark',
    // Issue 12. Each foreign key cost every inserted event a lookup in its parent table: the store
    // deletes a link's or site's events itself now, under the write lock that also checks an
    // event's site and link before inserting it (live-events.ts). AUTOINCREMENT keeps ids from
    // being reused after the newest events are erased or pruned (https://sqlite.org/autoinc.html):
    // a reused id at or below the watermark would never be folded. The rollups are folded from
    // the events with id above rollup_watermark.folded_id (rollup-fold-sql.ts); the events
    // stored until now were added to the rollups as they were written.
    rebuildsTables: true,
    sql: `
      CREATE TABLE events_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        site_id TEXT NOT NULL,
        link_id TEXT,
        type TEXT NOT NULL
          CHECK (type IN ('click', 'preview', 'bot', 'pageview', 'event', 'copy', 'share', 'outbound')),
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        medium TEXT NOT NULL,
        source TEXT NOT NULL,
        evidence TEXT NOT NULL,
        confidence TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        path TEXT,
        visitor_hash TEXT,
        country TEXT,
        device TEXT,
        generation INTEGER,
        share_id TEXT,
        parent_share_id TEXT,
        origin_channel TEXT,
        name TEXT,
        props TEXT,
        value REAL,
        dedupe_key TEXT,
        local_hour TEXT
      ) STRICT;
      INSERT INTO events_new SELECT id, site_id, link_id, type, kind, channel, medium, source, evidence,
          confidence, occurred_at, path, visitor_hash, country, device, generation, share_id, parent_share_id,
          origin_channel, name, props, value, dedupe_key, local_hour
        FROM events;
      DROP TABLE events;
      ALTER TABLE events_new RENAME TO events;
      -- Listing, realtime, retention, a site's export and deletion.
      CREATE INDEX events_site_occurred_idx ON events (site_id, occurred_at);
      -- A link's export, erasure and deletion.
      CREATE INDEX events_link_type_idx ON events (link_id, type) WHERE link_id IS NOT NULL;
      CREATE UNIQUE INDEX events_dedupe_key_unique ON events (dedupe_key) WHERE dedupe_key IS NOT NULL;
      CREATE TABLE rollup_watermark (folded_id INTEGER NOT NULL) STRICT;
      INSERT INTO rollup_watermark (folded_id) SELECT coalesce(max(id), 0) FROM events;
    `,
  },
  {
    version: 9,
    name: 'install check: the origins the event endpoint took or refused per site',
    // Issue 16. A site's page origins (scheme, host, port) as browsers send them in Origin, never a
    // visitor's address or user agent; at most 10 rows per site and outcome (install-store.ts).
    sql: `
      CREATE TABLE install_sightings (
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        outcome TEXT NOT NULL CHECK (outcome IN ('seen', 'refused')),
        origin TEXT NOT NULL,
        reason TEXT,
        first_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        PRIMARY KEY (site_id, outcome, origin)
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'custom previews per share-kit variant; preview fetches with their status, from imported logs',
    // Issue 15. variant_previews holds what an editor set for one variant (null: the kit's value);
    // the variant's own links row carries the effective preview, so the redirect's cache needs
    // nothing more. preview_fetches keeps, per imported preview fetch, the app, the status the site
    // answered and the scrubbed path: never an IP or a user agent (DESIGN.md §4).
    sql: `
      CREATE TABLE variant_previews (
        link_id TEXT PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
        title TEXT,
        description TEXT,
        image TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE preview_fetches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        status INTEGER NOT NULL CHECK (status BETWEEN 100 AND 999),
        path TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX preview_fetches_site_occurred_idx ON preview_fetches (site_id, occurred_at);
    `,
  },
  SQLITE_OUTBOX_MIGRATION,
  SQLITE_ALERT_MIGRATION,
  SQLITE_REVENUE_MIGRATION,
  SQLITE_GOAL_MIGRATION,
  SQLITE_FUNNEL_MIGRATION,
  SQLITE_GOAL_ALERT_MIGRATION,
  SQLITE_BROWSER_MIGRATION,
  SQLITE_FUNNEL_ROLLUP_MIGRATION,
];
