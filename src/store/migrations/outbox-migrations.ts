import type { Migration } from './migration.js';

/*
 * Migration 11 (issue 14): webhook endpoints, report recipients, the outbox with its attempt log,
 * and named cursors for batch windows. The same tables on both engines; kept in a file of their
 * own and listed last in sqlite-migrations.ts and postgres-migrations.ts.
 *
 * Outbox rows have no foreign key to their target: the delivery log outlives a removed endpoint,
 * and the dispatcher fails a delivery whose target is gone. A site's deletion takes them all.
 */
const NAME = 'outbox: webhook endpoints, report recipients, deliveries with their attempts';

export const SQLITE_OUTBOX_MIGRATION: Migration = {
  version: 11,
  name: NAME,
  sql: `
    CREATE TABLE webhook_endpoints (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      events TEXT NOT NULL,
      description TEXT NOT NULL,
      created_at TEXT NOT NULL,
      failing_since TEXT
    ) STRICT;
    CREATE INDEX webhook_endpoints_site_idx ON webhook_endpoints (site_id);

    CREATE TABLE report_recipients (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('email', 'slack')),
      address TEXT NOT NULL,
      language TEXT NOT NULL CHECK (language IN ('en', 'fr')),
      schedule TEXT NOT NULL CHECK (schedule IN ('weekly', 'monthly', 'both')),
      created_at TEXT NOT NULL,
      UNIQUE (site_id, kind, address)
    ) STRICT;

    CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      channel TEXT NOT NULL CHECK (channel IN ('webhook', 'slack', 'email')),
      target_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      payload TEXT NOT NULL,
      dedupe_key TEXT UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL CHECK (attempts >= 0),
      next_attempt_at INTEGER NOT NULL,
      give_up_at INTEGER NOT NULL,
      last_status_code INTEGER,
      last_error TEXT,
      created_at TEXT NOT NULL,
      delivered_at TEXT,
      lease_until INTEGER NOT NULL,
      lease_owner TEXT
    ) STRICT;
    CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX outbox_site_idx ON outbox (site_id, created_at);

    CREATE TABLE outbox_attempts (
      delivery_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
      attempt INTEGER NOT NULL,
      at TEXT NOT NULL,
      status_code INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    ) STRICT;

    CREATE TABLE outbox_cursors (
      name TEXT PRIMARY KEY,
      position INTEGER NOT NULL
    ) STRICT;
  `,
};

export const POSTGRES_OUTBOX_MIGRATION: Migration = {
  version: 11,
  name: NAME,
  sql: `
    CREATE TABLE webhook_endpoints (
      id text COLLATE "C" PRIMARY KEY,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      url text NOT NULL,
      secret text NOT NULL,
      events text NOT NULL CHECK (jsonb_typeof(events::jsonb) = 'array'),
      description text NOT NULL,
      created_at text COLLATE "C" NOT NULL,
      failing_since text COLLATE "C"
    );
    CREATE INDEX webhook_endpoints_site_idx ON webhook_endpoints (site_id);

    CREATE TABLE report_recipients (
      id text COLLATE "C" PRIMARY KEY,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      kind text COLLATE "C" NOT NULL CHECK (kind IN ('email', 'slack')),
      address text COLLATE "C" NOT NULL,
      language text COLLATE "C" NOT NULL CHECK (language IN ('en', 'fr')),
      schedule text COLLATE "C" NOT NULL CHECK (schedule IN ('weekly', 'monthly', 'both')),
      created_at text COLLATE "C" NOT NULL,
      CONSTRAINT report_recipients_address_unique UNIQUE (site_id, kind, address)
    );

    CREATE TABLE outbox (
      id text COLLATE "C" PRIMARY KEY,
      site_id text COLLATE "C" NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      channel text COLLATE "C" NOT NULL CHECK (channel IN ('webhook', 'slack', 'email')),
      target_id text COLLATE "C" NOT NULL,
      event_type text COLLATE "C" NOT NULL,
      payload text NOT NULL,
      dedupe_key text COLLATE "C" UNIQUE,
      status text COLLATE "C" NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL CHECK (attempts >= 0),
      next_attempt_at bigint NOT NULL,
      give_up_at bigint NOT NULL,
      last_status_code integer,
      last_error text,
      created_at text COLLATE "C" NOT NULL,
      delivered_at text COLLATE "C",
      lease_until bigint NOT NULL,
      lease_owner text COLLATE "C"
    );
    CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX outbox_site_idx ON outbox (site_id, created_at);

    CREATE TABLE outbox_attempts (
      delivery_id text COLLATE "C" NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      at text COLLATE "C" NOT NULL,
      status_code integer,
      error text,
      duration_ms integer NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    );

    CREATE TABLE outbox_cursors (
      name text COLLATE "C" PRIMARY KEY,
      position bigint NOT NULL
    );
  `,
};
