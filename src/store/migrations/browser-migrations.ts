import type { Migration } from './migration.js';

/*
 * Migration 17 (issue 14, the Overview's browser panel): events gain `browser`, a family of the
 * fixed vocabulary of src/privacy/browser-family.ts (`chrome`, `safari`, … `in-app`, `other`;
 * never a version), set on the snippet's events like `device`; null on older rows, on short-link
 * requests and on imported lines without a person. A nullable column without a default rewrites
 * nothing on either engine (https://sqlite.org/lang_altertable.html,
 * https://www.postgresql.org/docs/15/sql-altertable.html).
 *
 * `rollup_browsers` and its monthly twin hold page views by browser, device and channel, as
 * `rollup_geo` does by country (rollup-tables.ts). Every event already counted has no browser,
 * and the fold files a null browser under '' (rollup-fold-sql.ts), so the folded rows are
 * `rollup_geo`'s summed over countries with browser '': filled here from it, they equal a fold of
 * every event from the first, including those retention has deleted since. Events past the
 * watermark are folded later, with the same key.
 */
const NAME = 'browser families: events.browser and the browser rollups';

const backfill = (time: 'day' | 'month', suffix: string) => `
    INSERT INTO rollup_browsers${suffix} (site_id, ${time}, browser, device, channel, visitors, visits, pageviews)
      SELECT site_id, ${time}, '', device, channel, sum(visitors), sum(visits), sum(pageviews)
      FROM rollup_geo${suffix} GROUP BY site_id, ${time}, device, channel;`;

export const SQLITE_BROWSER_MIGRATION: Migration = {
  version: 17,
  name: NAME,
  sql: `
    ALTER TABLE events ADD COLUMN browser TEXT;
    CREATE TABLE rollup_browsers (
      site_id TEXT NOT NULL,
      day TEXT NOT NULL,
      browser TEXT NOT NULL,
      device TEXT NOT NULL,
      channel TEXT NOT NULL,
      visitors INTEGER NOT NULL DEFAULT 0,
      visits INTEGER NOT NULL DEFAULT 0,
      pageviews INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (site_id, day, browser, device, channel)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE rollup_browsers_monthly (
      site_id TEXT NOT NULL,
      month TEXT NOT NULL,
      browser TEXT NOT NULL,
      device TEXT NOT NULL,
      channel TEXT NOT NULL,
      visitors INTEGER NOT NULL DEFAULT 0,
      visits INTEGER NOT NULL DEFAULT 0,
      pageviews INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (site_id, month, browser, device, channel)
    ) STRICT, WITHOUT ROWID;
    ${backfill('day', '')}
    ${backfill('month', '_monthly')}
  `,
};

export const POSTGRES_BROWSER_MIGRATION: Migration = {
  version: 17,
  name: NAME,
  sql: `
    ALTER TABLE events ADD COLUMN browser text;
    CREATE TABLE rollup_browsers (
      site_id text COLLATE "C" NOT NULL,
      day text COLLATE "C" NOT NULL,
      browser text COLLATE "C" NOT NULL,
      device text COLLATE "C" NOT NULL,
      channel text COLLATE "C" NOT NULL,
      visitors bigint NOT NULL DEFAULT 0,
      visits bigint NOT NULL DEFAULT 0,
      pageviews bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (site_id, day, browser, device, channel)
    );
    CREATE TABLE rollup_browsers_monthly (
      site_id text COLLATE "C" NOT NULL,
      month text COLLATE "C" NOT NULL,
      browser text COLLATE "C" NOT NULL,
      device text COLLATE "C" NOT NULL,
      channel text COLLATE "C" NOT NULL,
      visitors bigint NOT NULL DEFAULT 0,
      visits bigint NOT NULL DEFAULT 0,
      pageviews bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (site_id, month, browser, device, channel)
    );
    ${backfill('day', '')}
    ${backfill('month', '_monthly')}
  `,
};
