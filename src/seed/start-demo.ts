import { performance } from 'node:perf_hooks';
import { formatCount } from '../import-log/progress-bar.js';
import { DEMO_ACTOR } from '../privacy/audit-log.js';
import type { Services } from '../services.js';
import { DEMO_DOMAIN } from '../sites/demo-domain.js';
import { StoreConflictError } from '../store/store.js';
import { seedSite } from './seed-site.js';

/** What a fresh install shows: about three months of a news site's traffic, and three goals (demo-goals.ts). */
export const DEMO = Object.freeze({
  domain: DEMO_DOMAIN,
  name: 'Demo',
  events: 200_000,
  days: 90,
  seed: 1,
  // The EventSink's slice size: better-sqlite3 writes block the loop, and a bigger batch (with its
  // rollups) would stall every request for tens of milliseconds.
  batchSize: 250,
});

export interface DemoReport {
  info(line: string): void;
  error(error: unknown): void;
}

export interface DemoSeeding {
  /** Settles when seeding has ended: done, skipped (the store has sites), stopped or failed. */
  readonly finished: Promise<void>;
  /** Stops after the batch being written and waits for it (before the store is closed). */
  stop(): Promise<void>;
}

/**
 * On a store with no site at all — a fresh install — creates the demo site and seeds it in the
 * background, so a newcomer's first look shows traffic. Anything else (a store with sites, a
 * second server that created the site first) is left alone. Call it once the server listens.
 */
export function startDemo(services: Services, report: DemoReport): DemoSeeding {
  const controller = new AbortController();
  const started = performance.now();
  async function run(): Promise<void> {
    if ((await services.store.listSites()).length > 0) return;
    services.demo.started(DEMO.events);
    try {
      const result = await seedSite(services, {
        actor: DEMO_ACTOR,
        domain: DEMO.domain,
        name: DEMO.name,
        events: DEMO.events,
        days: DEMO.days,
        seed: DEMO.seed,
        batchSize: DEMO.batchSize,
        goals: true,
        signal: controller.signal,
        onProgress: (stored) => services.demo.stored(stored),
      });
      services.demo.finished(controller.signal.aborted ? 'stopped' : 'done');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      report.info(
        controller.signal.aborted
          ? `Demo site ${DEMO.domain}: seeding stopped after ${formatCount(result.stored)} events`
          : `Demo site ${DEMO.domain} ("${DEMO.name}") seeded with ${formatCount(result.stored)} events ` +
              `over ${DEMO.days} days in ${seconds} s (PENUMBRA_DEMO=0 turns this off)`,
      );
    } catch (error) {
      // Another process made the demo site between our look and our insert: it seeds it.
      services.demo.finished(error instanceof StoreConflictError ? 'stopped' : 'failed');
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  const finished = run().catch((error: unknown) => report.error(error));
  return {
    finished,
    stop() {
      controller.abort();
      return finished;
    },
  };
}
