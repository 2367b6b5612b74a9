import type { Migration } from './migration.js';

/*
 * Migration 13 (issue 14, revenue): a custom event may carry an amount and an ISO 4217 currency
 * (`penumbra('event', 'subscribe', {revenue: {amount: 9.99, currency: 'EUR'}})`). Both columns are
 * null on every other event. Sums are kept per currency; nothing converts between currencies.
 * Adding a nullable column without a default rewrites nothing on either engine
 * (https://sqlite.org/lang_altertable.html, https://www.postgresql.org/docs/15/sql-altertable.html).
 */
const NAME = 'revenue: an amount and an ISO 4217 currency on custom events';

export const SQLITE_REVENUE_MIGRATION: Migration = {
  version: 13,
  name: NAME,
  sql: `
    ALTER TABLE events ADD COLUMN revenue REAL;
    ALTER TABLE events ADD COLUMN currency TEXT CHECK (currency IS NULL OR length(currency) = 3);
  `,
};

export const POSTGRES_REVENUE_MIGRATION: Migration = {
  version: 13,
  name: NAME,
  sql: `
    ALTER TABLE events ADD COLUMN revenue double precision;
    ALTER TABLE events ADD COLUMN currency text CHECK (currency IS NULL OR length(currency) = 3);
  `,
};
