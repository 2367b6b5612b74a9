import type { Link, Site, Store } from '../store/store.js';
import { linkBatch } from './link-batch.js';
import type { WebhookService } from './webhook-service.js';

export interface LinkBatcherDeps {
  store: Pick<Store, 'outbox' | 'getSite' | 'getLink'>;
  webhooks: WebhookService;
  windowMs: number;
  /** Events reach the store in batches (the sink): a window is read this long after it closes. */
  lagMs: number;
  now?: () => number;
}

/** At most this many windows per site and run: a server back after a long stop catches up over several runs. */
const MAX_WINDOWS_PER_RUN = 60;

const EVENT_OF = { preview: 'link.shared', click: 'link.clicked' } as const;

/**
 * Turns recorded previews and clicks into link.shared and link.clicked deliveries, one per
 * closed window (aligned on multiples of `windowMs`) and subscribed endpoint. A cursor per site
 * remembers the last window read; the delivery's dedupe key makes a window queued once even when
 * two instances read it at the same time. A site starts at the window open when its first
 * endpoint subscribed: history is not replayed. Events that reach the store after their
 * window was read (a spool replayed after an outage) are not sent.
 */
export class LinkBatcher {
  readonly #deps: LinkBatcherDeps;

  constructor(deps: LinkBatcherDeps) {
    this.#deps = deps;
  }

  /** Queues the windows closed since the last run; returns how many deliveries were queued. */
  async run(): Promise<number> {
    const { store } = this.#deps;
    const endpoints = [
      ...(await store.outbox.listSubscribedEndpoints('link.shared')),
      ...(await store.outbox.listSubscribedEndpoints('link.clicked')),
    ];
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
    const cursor = `link-batches:${site.id}`;
    const from = await store.outbox.getCursor(cursor);
    if (from === undefined) {
      await store.outbox.advanceCursor(cursor, closedUntil);
      return 0;
    }
    let queued = 0;
    const links = new Map<string, Link>();
    const last = Math.min(closedUntil, from + MAX_WINDOWS_PER_RUN * windowMs);
    for (let start = from; start + windowMs <= last; start += windowMs) {
      const window = { from: start, to: start + windowMs };
      const rows = await store.outbox.countLinkActivity(site.id, window.from, window.to);
      await this.#loadLinks(
        rows.map((row) => row.linkId),
        links,
      );
      for (const type of ['preview', 'click'] as const) {
        const data = linkBatch(
          rows.filter((row) => row.type === type),
          links,
          window,
          site.privacyMode,
        );
        if (data)
          queued += await this.#deps.webhooks.publish(
            site,
            EVENT_OF[type],
            data,
            `${EVENT_OF[type]}:${start}`,
          );
      }
      await store.outbox.advanceCursor(cursor, window.to);
    }
    return queued;
  }

  async #loadLinks(ids: readonly string[], links: Map<string, Link>): Promise<void> {
    for (const id of new Set(ids)) {
      if (links.has(id)) continue;
      const link = await this.#deps.store.getLink(id);
      if (link) links.set(id, link);
    }
  }
}
