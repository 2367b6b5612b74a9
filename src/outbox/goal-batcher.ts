import type { AlertStore } from '../store/alert-store.js';
import type { GoalStore } from '../store/goal-store.js';
import type { Site, Store } from '../store/store.js';
import { goalBatch } from './goal-batch.js';
import type { WebhookService } from './webhook-service.js';

export interface GoalBatcherDeps {
  store: Pick<Store, 'outbox' | 'getSite'> & {
    alerts: Pick<AlertStore, 'countGoalConversions'>;
    goals: Pick<GoalStore, 'listGoals'>;
  };
  webhooks: WebhookService;
  windowMs: number;
  /** Events reach the store in batches (the sink): a window is read this long after it closes. */
  lagMs: number;
  now?: () => number;
}

/** At most this many windows per site and run: a server back after a long stop catches up over several runs. */
const MAX_WINDOWS_PER_RUN = 60;

/**
 * Turns goal conversions into goal.converted deliveries, one per closed window (aligned on
 * multiples of `windowMs`, the link batches' windows) and subscribed endpoint, the way LinkBatcher
 * does for previews and clicks: a cursor per site, a dedupe key per window and endpoint (two
 * instances reading the same window queue it once), no history replayed for a new endpoint, and
 * conversions that reach the store after their window was read are not sent.
 */
export class GoalBatcher {
  readonly #deps: GoalBatcherDeps;

  constructor(deps: GoalBatcherDeps) {
    this.#deps = deps;
  }

  /** Queues the windows closed since the last run; returns how many deliveries were queued. */
  async run(): Promise<number> {
    const { store } = this.#deps;
    const endpoints = await store.outbox.listSubscribedEndpoints('goal.converted');
    let queued = 0;
    for (const siteId of new Set(endpoints.map((endpoint) => endpoint.siteId))) {
      const site = await store.getSite(siteId);
      if (site) queued += await this.#runSite(site);
    }
    return queued;
  }

  async #runSite(site: Site): Promise<number> {
    const { store, windowMs, lagMs } = this.#deps;
    const now = (this.#deps.now ?? Date.now)();
    const closedUntil = Math.floor((now - lagMs) / windowMs) * windowMs;
    const cursor = `goal-batches:${site.id}`;
    const from = await store.outbox.getCursor(cursor);
    if (from === undefined) {
      await store.outbox.advanceCursor(cursor, closedUntil);
      return 0;
    }
    const last = Math.min(closedUntil, from + MAX_WINDOWS_PER_RUN * windowMs);
    if (from + windowMs > last) return 0;
    const goals = await store.goals.listGoals(site.id);
    let queued = 0;
    for (let start = from; start + windowMs <= last; start += windowMs) {
      const window = { from: start, to: start + windowMs };
      const query = { siteId: site.id, ...window, goalIds: null };
      const byClassification =
        goals.length === 0
          ? []
          : await store.alerts.countGoalConversions({
              ...query,
              by: ['channel', 'medium', 'source', 'confidence'],
            });
      // Revenue per currency is a second read: grouping it with the classification would split
      // a converter who paid in two currencies into two.
      const byCurrency =
        byClassification.length === 0
          ? []
          : await store.alerts.countGoalConversions({ ...query, by: ['currency'] });
      const data = goalBatch(byClassification, byCurrency, goals, window, site.privacyMode);
      if (data)
        queued += await this.#deps.webhooks.publish(site, 'goal.converted', data, `goal.converted:${start}`);
      await store.outbox.advanceCursor(cursor, window.to);
    }
    return queued;
  }
}
