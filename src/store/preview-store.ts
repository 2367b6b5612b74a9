/**
 * What the share-kit previews and the preview-health report need of storage (issue 15), kept
 * apart from `Store`'s own list: custom previews per kit variant, and preview fetches whose status
 * is known (imported access logs). Reachable as `store.previews`.
 */

/** An editor's own preview for one variant; a null field falls back to the kit's value. */
export interface VariantPreview {
  linkId: string;
  title: string | null;
  description: string | null;
  image: string | null;
  updatedAt: string;
}

/** One preview fetch read from an access log. Never an IP address or a user agent (DESIGN.md §4). */
export interface NewPreviewFetch {
  siteId: string;
  /** The app whose fetcher it was (`slack`, `whatsapp` …). */
  source: string;
  /** The status the site answered (`%>s`). */
  status: number;
  /** The page path, scrubbed like an event's. */
  path: string;
  /** Milliseconds since the epoch. */
  occurredAt: number;
  /** A fingerprint of the log line: importing a log twice records each fetch once. */
  dedupeKey: string;
}

/** One app's preview fetches on one site since a time. */
export interface PreviewFetchSummary {
  source: string;
  /** Shares recorded (preview events), from short links and imported logs. */
  shares: number;
  /** Of those, the short links' (their preview page answered 200). */
  shortLinkFetches: number;
  /** Fetches read from imported logs, with their status: a page and its image are two. */
  loggedFetches: number;
  /** The newest fetch of either kind (ms since the epoch), and the status it got. */
  lastAt: number;
  lastStatus: number;
  /** Failed fetches (status 400 and above) by status: how many, on how many distinct pages. */
  failures: { status: number; fetches: number; pages: number }[];
}

export interface PreviewStore {
  /** The custom previews set on these links (variants); links without one are left out. */
  listVariantPreviews(linkIds: readonly string[]): Promise<VariantPreview[]>;
  /** Sets a variant's custom preview, or removes it when every field is null. */
  putVariantPreview(preview: VariantPreview): Promise<void>;
  /** Stores what is new and returns how many: a fetch whose `dedupeKey` is known is skipped. */
  recordPreviewFetches(fetches: readonly NewPreviewFetch[]): Promise<number>;
  /**
   * Deletes the site's recorded preview fetches that occurred before `before` (ms), with its raw
   * events (src/privacy/retention.ts); returns how many.
   */
  prunePreviewFetches(siteId: string, before: number): Promise<number>;
  /** Per app: the site's preview fetches at or after `since` (ms), from logs and short links. */
  summarisePreviewFetches(siteId: string, since: number): Promise<PreviewFetchSummary[]>;
}
