import type { EventRecord } from './records.js';

/**
 * Events of a site or link deleted (or erased) while they waited in the sink are dropped, not
 * retried: their foreign keys would fail the whole batch, and the sink, which retries a failed
 * batch first, would then store no event of any site (GDPR erasure of a live site made that
 * near-certain: the tracker and redirects keep accepting its traffic for a few seconds).
 */
export function referencedIds(records: readonly EventRecord[]): { siteIds: string[]; linkIds: string[] } {
  const siteIds = new Set<string>();
  const linkIds = new Set<string>();
  for (const record of records) {
    siteIds.add(record.siteId);
    if (record.linkId !== null) linkIds.add(record.linkId);
  }
  return { siteIds: [...siteIds], linkIds: [...linkIds] };
}

/** The records whose site, and link if any, are among those that still exist. */
export function liveRecords(
  records: readonly EventRecord[],
  sites: ReadonlySet<string>,
  links: ReadonlySet<string>,
): readonly EventRecord[] {
  const live = records.filter(
    (record) => sites.has(record.siteId) && (record.linkId === null || links.has(record.linkId)),
  );
  return live.length === records.length ? records : live;
}
