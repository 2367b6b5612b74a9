import type { Link, Site, Store } from '../store/store.js';
import { type ClosedWindowsDeps, type QueueWindow, queueClosedWindows } from './closed-windows.js';
import { linkBatch } from './link-batch.js';
import type { WebhookService } from './webhook-service.js';

export interface LinkBatcherDeps extends ClosedWindowsDeps {
  store: ClosedWindowsDeps['store'] & Pick<Store, 'getLink'>;
  webhooks: WebhookService;
}

const EVENT_OF = { preview: 'link.shared', click: 'link.clicked' } as const;

/**
 * Turns recorded previews and clicks into link.shared and link.clicked deliveries, one per
 * closed window (aligned on multiples of `windowMs`) and subscribed endpoint. A cursor per site
 * remembers the last window read; the delivery's dedupe key makes a window queued once even when
 * two instances read it at the same time. A site starts at the window open when its first
 * endpoint subscribed: history is not replayed. Events that reach the store after their
 * window was read (a spool replayed after an outage) are not sent. The loop over windows and
 * cursors is closed-windows.ts, shared with GoalBatcher.
 */
export class LinkBatcher {
  readonly #deps: LinkBatcherDeps;

  constructor(deps: LinkBatcherDeps) {
    this.#deps = deps;
  }

  /** Queues the windows closed since the last run; returns how many deliveries were queued. */
  async run(): Promise<number> {
    return queueClosedWindows(this.#deps, ['link.shared', 'link.clicked'], 'link-batches', async (site) =>
      this.#openSite(site),
    );
  }

  #openSite(site: Site): QueueWindow {
    const { store, webhooks } = this.#deps;
    // The site's links, read once per run however many windows name them.
    const links = new Map<string, Link>();
    return async (window) => {
      const rows = await store.outbox.countLinkActivity(site.id, window.from, window.to);
      await this.#loadLinks(
        rows.map((row) => row.linkId),
        links,
      );
      let queued = 0;
      for (const type of ['preview', 'click'] as const) {
        const data = linkBatch(
          rows.filter((row) => row.type === type),
          links,
          window,
          site.privacyMode,
        );
        if (data)
          queued += await webhooks.publish(site, EVENT_OF[type], data, `${EVENT_OF[type]}:${window.from}`);
      }
      return queued;
    };
  }

  async #loadLinks(ids: readonly string[], links: Map<string, Link>): Promise<void> {
    for (const id of new Set(ids)) {
      if (links.has(id)) continue;
      const link = await this.#deps.store.getLink(id);
      if (link) links.set(id, link);
    }
  }
}
