import { addMonths, localDay } from '../stats/date-range.js';
import type { RawDataCutoff, Site, Store } from '../store/store.js';

/** Events deleted per transaction: short enough that ingestion never waits long for the lock. */
export const RETENTION_BATCH = 10_000;

/**
 * Where a site's raw data ends: the same calendar day `retentionMonths` back in the site's time
 * zone (CNIL: audience data kept at most 25 months). Events before that day's UTC midnight go;
 * the half day a far-off zone may differ by is kept, never cut early.
 */
export function retentionCutoff(
  site: Pick<Site, 'retentionMonths' | 'timezone'>,
  now: number,
): RawDataCutoff {
  const day = addMonths(localDay(now, site.timezone), -site.retentionMonths);
  return { day, occurredAt: Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000 };
}

export interface RetentionResult {
  siteId: string;
  deleted: number;
  cutoff: RawDataCutoff;
}

/**
 * The retention job (issue #5, DESIGN.md §4): deletes each site's raw events older than its
 * limit, in batches with the event loop free between them; the rollups stay, so reports of
 * past months still answer. Run at start and every hour by the server.
 */
export async function enforceRetention(
  store: Pick<Store, 'listSites' | 'pruneEvents'> & Partial<Pick<Store, 'previews'>>,
  now: number = Date.now(),
): Promise<RetentionResult[]> {
  const results: RetentionResult[] = [];
  for (const site of await store.listSites()) {
    const cutoff = retentionCutoff(site, now);
    let deleted = 0;
    for (;;) {
      const batch = await store.pruneEvents(site.id, cutoff, RETENTION_BATCH);
      deleted += batch;
      if (batch < RETENTION_BATCH) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Imported preview fetches (app, status, path, time) go with the raw events of their days.
    await store.previews?.prunePreviewFetches(site.id, cutoff.occurredAt);
    results.push({ siteId: site.id, deleted, cutoff });
  }
  return results;
}
