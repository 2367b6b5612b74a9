import type { PreviewFetchSummary } from '../store/preview-store.js';
import type { Store } from '../store/store.js';

/** One app's preview fetches on a site over the report's days. */
export interface PreviewAppHealth {
  /** The app (`slack`, `whatsapp` …), as the classifier names it. */
  source: string;
  /** Shares recorded: preview fetches of short links and of imported logs (a page and its image once). */
  shares: number;
  /** Of those, the short links'. */
  shortLinkShares: number;
  /** Fetches read from imported logs, where the status is known. */
  loggedFetches: number;
  /** ISO-8601 UTC time of the newest fetch, and the status it got. */
  lastFetchedAt: string;
  lastStatus: number;
  /** Fetches that got 400 or more, by status, the status on the most pages first. */
  failures: { status: number; fetches: number; pages: number }[];
  /** The app's fetcher is being refused (see `isFailing`). */
  failing: boolean;
}

export interface PreviewHealthReport {
  siteId: string;
  days: number;
  /** ISO-8601 UTC start of the report. */
  since: string;
  apps: PreviewAppHealth[];
}

/** A fifth of an app's logged fetches failing is no passing glitch: its cards are going blank. */
const FAILING_SHARE = 0.2;

/**
 * Flagged when the newest fetch failed, or at least a fifth of the logged ones did: a CDN or WAF
 * that answers 403 to `facebookexternalhit` fails every share silently (issue 15), and a
 * chat app shows no card rather than an error.
 */
export function isFailing(summary: PreviewFetchSummary): boolean {
  const failed = summary.failures.reduce((sum, failure) => sum + failure.fetches, 0);
  if (failed === 0) return false;
  return summary.lastStatus >= 400 || failed >= summary.loggedFetches * FAILING_SHARE;
}

function appHealth(summary: PreviewFetchSummary): PreviewAppHealth {
  return {
    source: summary.source,
    shares: summary.shares,
    shortLinkShares: summary.shortLinkFetches,
    loggedFetches: summary.loggedFetches,
    lastFetchedAt: new Date(summary.lastAt).toISOString(),
    lastStatus: summary.lastStatus,
    failures: summary.failures,
    failing: isFailing(summary),
  };
}

/**
 * Preview health from real fetches (issue 15): per app, when its fetcher last came, the status it
 * got, how many shares it made, and whether it is being refused. Read from the preview fetches
 * Penumbra records: its short links' (answered 200 with the preview page) and imported access
 * logs' (with the site's status). Failing apps first.
 */
export async function previewHealth(
  store: Store,
  siteId: string,
  days: number,
  now = Date.now(),
): Promise<PreviewHealthReport> {
  const since = now - days * 86_400_000;
  const summaries = await store.previews.summarisePreviewFetches(siteId, since);
  const apps = summaries.map(appHealth);
  apps.sort((a, b) => Number(b.failing) - Number(a.failing));
  return { siteId, days, since: new Date(since).toISOString(), apps };
}
