import type { Migration } from './migration.js';

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
 * - No column ever holds an IP address or a user agent (DESIGN.md §4).
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
];
