import { SITE_LEVEL_ROLLUPS, scopeTables } from '../store/data-scope.js';
import type { Store, TableCounts } from '../store/store.js';
import { type DataRequestAudit, recordDataRequest } from './data-request-audit.js';
import { type DataTarget, type DataTargetView, viewOf } from './data-target.js';

/*
 * Erasing what is stored for a site, a link, a campaign or a tag (GDPR Art. 17; issue #7).
 * A dry run counts what would go; a real run erases in bounded transactions (Store.eraseScope),
 * the event loop free between them, so ingestion never waits long for the write lock.
 *
 * A site goes whole: events, every rollup and visitor row, links, public links, the site. Links
 * take their events and link rollup rows; with `rollups`, their events' counts also leave the
 * site-level rollups, visitors kept exact. Without it those rollups keep counting them: the
 * totals of past reports do not change, and no row of them names a link. The links go with one
 * anonymous deletion record, so no id or slug of theirs stays behind.
 */

/** Rows per transaction: about as long as a retention batch holds the lock. */
export const ERASURE_BATCH = 5_000;

export interface ErasureOptions {
  /** Links only: take their events' counts out of the site-level rollups too. */
  rollups: boolean;
  /** Count what would go, change nothing. */
  dryRun: boolean;
}

export interface ErasureReport {
  dryRun: boolean;
  target: DataTargetView;
  rollups: boolean;
  /** Rows per table that went, or would go. */
  counts: TableCounts;
  /**
   * Tables whose counts were (or would be) lowered rather than their rows removed: the
   * site-level rollups and the visitor rows, for links erased with `rollups`. Rows left empty go,
   * and are counted above after a real run.
   */
  adjusted: string[];
}

export interface ErasureDeps {
  store: Store;
  /** The process's link cache: reloaded after a real run, so the erased links stop redirecting at once. */
  cache?: { reload(): Promise<void> };
  /** Where a real run is recorded: also when it fails half-way, with what went until then. */
  audit: DataRequestAudit;
}

export async function eraseData(
  deps: ErasureDeps,
  target: DataTarget,
  options: ErasureOptions,
  batch = ERASURE_BATCH,
): Promise<ErasureReport> {
  const rollups = options.rollups && target.kind !== 'site';
  const report: ErasureReport = {
    dryRun: options.dryRun,
    target: viewOf(target),
    rollups,
    counts: Object.fromEntries(scopeTables(target.scope).map((table) => [table, 0])),
    // Link events are clicks, previews and bots, never page views: no visitor row to adjust.
    adjusted: rollups ? SITE_LEVEL_ROLLUPS.map((table) => table.name) : [],
  };
  if (options.dryRun) return { ...report, counts: await deps.store.countScope(target.scope) };
  // First: an erasure stopped half-way (a crash) must not leave the domain its audit entries
  // quote; who did what, and when, stays.
  if (target.kind === 'site') await deps.store.forgetAuditDetails(target.scope.siteId);
  const record = (complete: boolean) =>
    recordDataRequest(deps.audit, 'data.erase', target, {
      rollups,
      counts: report.counts,
      ...(complete ? {} : { complete: false }),
    });
  try {
    for (;;) {
      const { erased, done } = await deps.store.eraseScope(target.scope, { rollups, limit: batch });
      for (const [table, count] of Object.entries(erased))
        report.counts[table] = (report.counts[table] ?? 0) + count;
      if (done) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // Written down even when it stops half-way, with what went; the erasure's own error is the
    // one the caller sees.
    await record(false).catch(() => undefined);
    throw error;
  }
  // The erased links stop redirecting before anything else can fail.
  await deps.cache?.reload();
  // Again: an entry written while the erasure ran (a settings change) may quote the site too.
  if (target.kind === 'site') await deps.store.forgetAuditDetails(target.scope.siteId);
  await record(true);
  return report;
}
