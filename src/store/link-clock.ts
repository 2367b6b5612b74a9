/**
 * Stamps for `links.created_at` / `links.updated_at`.
 *
 * `listLinksUpdatedSince(since)` lets another process (the CLI next to the server) keep its
 * redirect cache fresh by polling with the newest stamp it has seen. That only works if every
 * link write gets a stamp strictly greater than every stamp already stored, even when two writes
 * land in the same millisecond or the wall clock steps back. So a stamp is
 * `max(now, latest + 1 ms)`, where `latest` is the newest stamp handed out, read inside the
 * same serialized write transaction (BEGIN IMMEDIATE in SQLite, an advisory lock in PostgreSQL).
 *
 * Link deletions (`link_deletions.deleted_at`, for `listLinksDeletedSince`) are stamped by the
 * same clock, and `latest` is the newest of both tables (LATEST_LINK_STAMP in link-deletions.ts).
 */
export function nextLinkStamps(latest: string | null | undefined, count: number, now = Date.now()): string[] {
  const floor = latest ? Date.parse(latest) + 1 : Number.NEGATIVE_INFINITY;
  const first = Math.max(now, floor);
  // One stamp per link, so a kit's links keep their insertion order in every ordered listing.
  return Array.from({ length: count }, (_, index) => new Date(first + index).toISOString());
}
