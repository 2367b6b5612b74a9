import type { AlertStore } from '../store/alert-store.js';
import type { GoalStore } from '../store/goal-store.js';
import type { Site } from '../store/store.js';
import { type ClosedWindowsDeps, type QueueWindow, queueClosedWindows } from './closed-windows.js';
import { goalBatch } from './goal-batch.js';
import type { WebhookService } from './webhook-service.js';

export interface GoalBatcherDeps extends ClosedWindowsDeps {
  store: ClosedWindowsDeps['store'] & {
    alerts: Pick<AlertStore, 'countGoalConversions'>;
    goals: Pick<GoalStore, 'listGoals'>;
  };
  webhooks: WebhookService;
}

/**
 * Turns goal conversions into goal.converted deliveries, one per closed window (aligned on
 * multiples of `windowMs`, the link batches' windows) and subscribed endpoint, the way LinkBatcher
 * does for previews and clicks (closed-windows.ts): a cursor per site, a dedupe key per window and
 * endpoint (two instances reading the same window queue it once), no history replayed for a new
 * endpoint, and conversions that reach the store after their window was read are not sent.
 */
export class GoalBatcher {
  readonly #deps: GoalBatcherDeps;

  constructor(deps: GoalBatcherDeps) {
    this.#deps = deps;
  }

  /** Queues the windows closed since the last run; returns how many deliveries were queued. */
  async run(): Promise<number> {
    return queueClosedWindows(this.#deps, ['goal.converted'], 'goal-batches', (site) => this.#openSite(site));
  }

  async #openSite(site: Site): Promise<QueueWindow> {
    const { store, webhooks } = this.#deps;
    const goals = await store.goals.listGoals(site.id);
    return async (window) => {
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
      return data ? webhooks.publish(site, 'goal.converted', data, `goal.converted:${window.from}`) : 0;
    };
  }
}
