import type { PreviewFetchSummary } from './preview-store.js';

/**
 * The preview-health queries, the same SQL on both engines (each binds the site id then the
 * start time, written `?`; PostgreSQL's adapter numbers them). Shares are the events of type
 * `preview`, from short links (their preview page answered 200, src/links/redirect-service.ts)
 * and from imported logs (one per share: a page and its image fetched together count once).
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
  shares: `SELECT source, count(*) AS fetches, max(occurred_at) AS last_at,
      sum(CASE WHEN link_id IS NULL THEN 0 ELSE 1 END) AS short_links
    FROM events WHERE site_id = ? AND type = 'preview' AND occurred_at >= ?
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
  shares: readonly unknown[];
}

/** Folds the four queries' rows into one summary per app, the busiest first. */
export function summarisePreviewFetchRows(rows: PreviewFetchRows): PreviewFetchSummary[] {
  const bySource = new Map<string, PreviewFetchSummary>();
  const entry = (source: string): PreviewFetchSummary => {
    let summary = bySource.get(source);
    if (!summary) {
      summary = {
        source,
        shares: 0,
        loggedFetches: 0,
        shortLinkFetches: 0,
        lastAt: 0,
        lastStatus: 200,
        failures: [],
      };
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
  for (const row of rows.shares as (CountRow & { short_links: number | string })[]) {
    const summary = entry(row.source);
    summary.shares = Number(row.fetches);
    summary.shortLinkFetches = Number(row.short_links);
    const lastAt = Number(row.last_at);
    // A share newer than the last logged fetch is a short link's preview page: answered 200.
    if (lastAt > (lastLogged.get(row.source) ?? -1)) {
      summary.lastAt = lastAt;
      summary.lastStatus = 200;
    }
  }
  for (const summary of bySource.values()) summary.failures.sort((a, b) => b.pages - a.pages);
  return [...bySource.values()].sort(
    (a, b) => b.shares + b.loggedFetches - (a.shares + a.loggedFetches) || a.source.localeCompare(b.source),
  );
}
