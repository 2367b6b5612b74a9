import type { PrivacyMode, Site, Store } from '../store/store.js';

/** How often another process's change of mode reaches this one (the CLI, a second instance). */
export const SITE_MODES_REFRESH_MS = 30_000;

/**
 * Every site's privacy mode in memory, for the redirect's hot path, which never waits on a read
 * (issue #3): loaded at start, refreshed in the background, and told at once of this process's
 * own changes. A site this process has not seen yet (made by the CLI or another instance less
 * than a refresh ago) counts as `strict` until the next refresh: privacy fails closed.
 */
export class SiteModes {
  #modes = new Map<string, PrivacyMode>();
  /** What `remember` was told while a refresh was reading: newer than what that read returns. */
  #toldDuringRefresh: Map<string, PrivacyMode> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Pick<Store, 'listSites'>) {}

  modeOf(siteId: string): PrivacyMode {
    return this.#modes.get(siteId) ?? 'strict';
  }

  remember(site: Pick<Site, 'id' | 'privacyMode'>): void {
    this.#modes.set(site.id, site.privacyMode);
    this.#toldDuringRefresh?.set(site.id, site.privacyMode);
  }

  async refresh(): Promise<void> {
    const told = new Map<string, PrivacyMode>();
    this.#toldDuringRefresh = told;
    try {
      const sites = await this.store.listSites();
      this.#modes = new Map([...sites.map((site) => [site.id, site.privacyMode] as const), ...told]);
    } finally {
      if (this.#toldDuringRefresh === told) this.#toldDuringRefresh = undefined;
    }
  }

  /** Loads every site, then refreshes in the background until `stop()`. */
  async start(onError: (error: unknown) => void, intervalMs = SITE_MODES_REFRESH_MS): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh().catch(onError), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
