import { setImmediate as nextTurn } from 'node:timers/promises';
import { LinkService } from '../links/link-service.js';
import type { AuditActor } from '../privacy/audit-log.js';
import type { Services } from '../services.js';
import { findOrCreateSite } from '../sites/find-or-create-site.js';
import { FOLD_STEP } from '../store/rollups/rollup-fold-step.js';
import { foldPending } from '../store/rollups/rollup-folder.js';
import type { Site } from '../store/store.js';
import { createSeedKits } from './create-seed-kits.js';
import { createDemoGoals } from './demo-goals.js';
import { generateSeedEvents } from './generate-seed-events.js';

export interface SeedSiteOptions {
  domain: string;
  /** Who asks, for the audit entry of a site created here. */
  actor: AuditActor;
  /** The site's name when it has to be created (its domain otherwise). */
  name?: string | undefined;
  events: number;
  days: number;
  seed: number;
  /** End of the range (default: now). */
  now?: number | undefined;
  /** Events per `insertEvents` call (5,000 by default; smaller in a serving process). */
  batchSize?: number | undefined;
  /** Called after each stored batch with the running count. */
  onProgress?: ((stored: number) => void) | undefined;
  /** Stops between two batches (a server shutting down). */
  signal?: AbortSignal | undefined;
  /** Gives the site the demo's goals first, unless it has goals (the fresh-install demo; demo-goals.ts). */
  goals?: boolean | undefined;
}

export interface SeedSiteResult {
  site: Site;
  kits: number;
  /** Events stored (all of them unless stopped). */
  stored: number;
}

/**
 * Fills a site with demo traffic: the site (created if needed), 5–20 share kits, the demo's goals
 * when asked, then the events,
 * written in batches and awaited one by one so memory stays flat whatever the count. The event
 * loop gets a turn between batches, so a server seeding its demo keeps answering.
 */
export async function seedSite(services: Services, options: SeedSiteOptions): Promise<SeedSiteResult> {
  const site = await findOrCreateSite(services, options.actor, {
    domain: options.domain,
    name: options.name,
  });
  // The kits point at the seeded site itself, which may be a made-up local name
  // (demo.penumbra.local): the private-target guard protects the API from other hosts, not this.
  const links = new LinkService(
    services.store,
    services.sites,
    { baseUrl: services.config.baseUrl, allowPrivateTargets: true },
    services.links.cache,
  );
  const kits = await createSeedKits(links, site, options.seed);
  if (options.goals) await createDemoGoals(services.store.goals, site);
  let stored = 0;
  const batches = generateSeedEvents({
    site,
    kits,
    events: options.events,
    days: options.days,
    seed: options.seed,
    now: options.now ?? Date.now(),
    batchSize: options.batchSize,
  });
  let unfolded = 0;
  for (const batch of batches) {
    if (options.signal?.aborted) break;
    const written = await services.store.insertEvents(batch);
    stored += written;
    unfolded += written;
    // Rollups are folded in full steps as the events come (issue 12): the cheapest per event.
    if (unfolded >= FOLD_STEP) unfolded -= await services.store.foldRollups(FOLD_STEP);
    options.onProgress?.(stored);
    await nextTurn();
  }
  await foldPending(services.store);
  return { site, kits: kits.length, stored };
}
