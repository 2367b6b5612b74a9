import type { PreviewFetchSummary } from '../store/preview-store.js';
import type { Site, Store } from '../store/store.js';
import { roundCount, STRICT_ROUNDING } from './strict-rounding.js';

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
  /** Strict mode: every count rounded to this, like the site's every report (docs/stats.md). */
  roundedTo?: number;
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

/** One app's health; `round` rounds its counts (strict mode), `failing` is judged on the exact ones. */
function appHealth(summary: PreviewFetchSummary, round: (count: number) => number): PreviewAppHealth {
  return {
    source: summary.source,
    shares: round(summary.shares),
    shortLinkShares: round(summary.shortLinkFetches),
    loggedFetches: round(summary.loggedFetches),
    lastFetchedAt: new Date(summary.lastAt).toISOString(),
    lastStatus: summary.lastStatus,
    failures: summary.failures.map((failure) => ({
      ...failure,
      fetches: round(failure.fetches),
      pages: round(failure.pages),
    })),
    failing: isFailing(summary),
  };
}

/**
 * Preview health from real fetches (issue 15): per app, when its fetcher last came, the status it
 * got, how many shares it made, and whether it is being refused. Read from the preview fetches
 * Penumbra records: its short links' (answered 200 with the preview page) and imported access
 * logs' (with the site's status). Failing apps first. A strict site's counts are rounded to the
 * nearest 10, as its link stats and webhooks round their previews: one share is one person's.
 */
export async function previewHealth(
  store: Store,
  site: Pick<Site, 'id' | 'privacyMode'>,
  days: number,
  now = Date.now(),
): Promise<PreviewHealthReport> {
  const since = now - days * 86_400_000;
  const strict = site.privacyMode === 'strict';
  const summaries = await store.previews.summarisePreviewFetches(site.id, since);
  const apps = summaries.map((summary) => appHealth(summary, strict ? roundCount : (count) => count));
  apps.sort((a, b) => Number(b.failing) - Number(a.failing));
  return {
    siteId: site.id,
    days,
    since: new Date(since).toISOString(),
    apps,
    ...(strict ? { roundedTo: STRICT_ROUNDING } : {}),
  };
}
