import type { PreviewFetchSummary } from './preview-store.js';

/**
 * The preview-health queries, the same SQL on both engines (each binds the site id then the
 * start time, written `?`; PostgreSQL's adapter numbers them). Short-link previews are events
 * of type `preview` with a link: the preview page answered them 200 (src/links/redirect-service.ts).
 */
export const PREVIEW_FETCH_QUERIES = {
  logged: `SELECT source, count(*) AS fetches, max(occurred_at) AS last_at
    FROM preview_fetches WHERE site_id = ? AND occurred_at >= ? GROUP BY source`,
  lastStatus: `SELECT source, status FROM (
      SELECT source, status,
        row_number() OVER (PARTITION BY source ORDER BY occurred_at DESC, id DESC) AS recency
      FROM preview_fetches WHERE site_id = ? AND occurred_at >= ?
    ) AS latest WHERE recency = 1`,
  failures: `SELECT source, status, count(*) AS fetches, count(DISTINCT path) AS pages
    FROM preview_fetches WHERE site_id = ? AND occurred_at >= ? AND status >= 400
    GROUP BY source, status`,
  shortLinks: `SELECT source, count(*) AS fetches, max(occurred_at) AS last_at
    FROM events WHERE site_id = ? AND type = 'preview' AND link_id IS NOT NULL AND occurred_at >= ?
    GROUP BY source`,
} as const;

/** Numbers as either driver returns them (PostgreSQL's bigint and count come back as text). */
interface CountRow {
  source: string;
  fetches: number | string;
  last_at: number | string;
}

export interface PreviewFetchRows {
  logged: readonly unknown[];
  lastStatus: readonly unknown[];
  failures: readonly unknown[];
  shortLinks: readonly unknown[];
}

/** Folds the four queries' rows into one summary per app, most fetches first. */
export function summarisePreviewFetchRows(rows: PreviewFetchRows): PreviewFetchSummary[] {
  const bySource = new Map<string, PreviewFetchSummary>();
  const entry = (source: string): PreviewFetchSummary => {
    let summary = bySource.get(source);
    if (!summary) {
      summary = { source, loggedFetches: 0, shortLinkFetches: 0, lastAt: 0, lastStatus: 200, failures: [] };
      bySource.set(source, summary);
    }
    return summary;
  };
  const lastLogged = new Map<string, number>();
  for (const row of rows.logged as CountRow[]) {
    const summary = entry(row.source);
    summary.loggedFetches = Number(row.fetches);
    summary.lastAt = Number(row.last_at);
    lastLogged.set(row.source, summary.lastAt);
  }
  for (const row of rows.lastStatus as { source: string; status: number | string }[]) {
    entry(row.source).lastStatus = Number(row.status);
  }
  for (const row of rows.failures as (CountRow & { status: number | string; pages: number | string })[]) {
    entry(row.source).failures.push({
      status: Number(row.status),
      fetches: Number(row.fetches),
      pages: Number(row.pages),
    });
  }
  for (const row of rows.shortLinks as CountRow[]) {
    const summary = entry(row.source);
    summary.shortLinkFetches = Number(row.fetches);
    const lastAt = Number(row.last_at);
    // A short link's preview page is newer than the last logged fetch: its 200 is the last status.
    if (lastAt > (lastLogged.get(row.source) ?? -1)) {
      summary.lastAt = lastAt;
      summary.lastStatus = 200;
    }
  }
  for (const summary of bySource.values()) summary.failures.sort((a, b) => b.pages - a.pages);
  return [...bySource.values()].sort(
    (a, b) => b.loggedFetches + b.shortLinkFetches - (a.loggedFetches + a.shortLinkFetches),
  );
}
