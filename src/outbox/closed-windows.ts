import type { WebhookEventType } from '../store/outbox-store.js';
import type { Site, Store } from '../store/store.js';

/** At most this many windows per site and run: a server back after a long stop catches up over several runs. */
const MAX_WINDOWS_PER_RUN = 60;

export interface BatchWindow {
  from: number;
  to: number;
}

export interface ClosedWindowsDeps {
  store: Pick<Store, 'outbox' | 'getSite'>;
  windowMs: number;
  /** Events reach the store in batches (the sink): a window is read this long after it closes. */
  lagMs: number;
  now?: () => number;
}

/** Queues one window's deliveries of a site; returns how many were queued. */
export type QueueWindow = (window: BatchWindow) => Promise<number>;

/**
 * The window and cursor loop of the batchers (LinkBatcher, GoalBatcher): for each site with an
 * endpoint subscribed to one of `events`, the windows closed since the site's cursor
 * (`<cursorPrefix>:<site id>`), aligned on multiples of `windowMs`, oldest first. The cursor
 * moves past each window once it is queued; the deliveries' dedupe keys make a window queued
 * once even when two instances read it at the same time. A site without a cursor starts at the
 * window open now: history is not replayed for a new endpoint, and events that reach the store
 * after their window was read are not sent. `openSite` is called only for a site with a window
 * to read, and gives what queues each of its windows. Returns how many deliveries were queued.
 */
export async function queueClosedWindows(
  deps: ClosedWindowsDeps,
  events: readonly WebhookEventType[],
  cursorPrefix: string,
  openSite: (site: Site) => Promise<QueueWindow>,
): Promise<number> {
  const endpoints = [];
  for (const event of events) endpoints.push(...(await deps.store.outbox.listSubscribedEndpoints(event)));
  let queued = 0;
  for (const siteId of new Set(endpoints.map((endpoint) => endpoint.siteId))) {
    const site = await deps.store.getSite(siteId);
    if (site) queued += await queueSite(deps, site, `${cursorPrefix}:${site.id}`, openSite);
  }
  return queued;
}

async function queueSite(
  deps: ClosedWindowsDeps,
  site: Site,
  cursor: string,
  openSite: (site: Site) => Promise<QueueWindow>,
): Promise<number> {
  const { store, windowMs, lagMs } = deps;
  const now = (deps.now ?? Date.now)();
  const closedUntil = Math.floor((now - lagMs) / windowMs) * windowMs;
  const from = await store.outbox.getCursor(cursor);
  if (from === undefined) {
    await store.outbox.advanceCursor(cursor, closedUntil);
    return 0;
  }
  const last = Math.min(closedUntil, from + MAX_WINDOWS_PER_RUN * windowMs);
  if (from + windowMs > last) return 0;
  const queueWindow = await openSite(site);
  let queued = 0;
  for (let start = from; start + windowMs <= last; start += windowMs) {
    const window = { from: start, to: start + windowMs };
    queued += await queueWindow(window);
    await store.outbox.advanceCursor(cursor, window.to);
  }
  return queued;
}
