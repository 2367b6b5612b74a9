import type { Site, Store } from '../store/store.js';
import { type PageLanguage, siteLanguage } from './site-language.js';

/** How often another process's change reaches this one (the CLI, a second instance). */
export const SITE_PRIVACY_REFRESH_MS = 30_000;

/** What the redirect needs of a site: its privacy settings, and the language of its preview pages. */
export type SitePrivacy = Pick<Site, 'privacyMode' | 'respectDnt'> & { lang?: PageLanguage };

/** A site this process has not seen yet: the strictest settings, as privacy fails closed. */
const UNSEEN: SitePrivacy = Object.freeze({ privacyMode: 'strict', respectDnt: true });

const privacyOf = (site: SitePrivacy & Partial<Pick<Site, 'domain' | 'timezone'>>): SitePrivacy => ({
  privacyMode: site.privacyMode,
  respectDnt: site.respectDnt,
  ...(site.domain !== undefined && site.timezone !== undefined
    ? { lang: siteLanguage({ domain: site.domain, timezone: site.timezone }) }
    : {}),
});

/**
 * Every site's privacy mode and Do Not Track setting in memory, for the redirect's hot path,
 * which never waits on a read (issue #3): loaded at start, refreshed in the background, and told
 * at once of this process's own changes. A site this process has not seen yet (made by the CLI
 * or another instance less than a refresh ago) counts as strict, honouring DNT, until the next
 * refresh.
 */
export class SitePrivacyCache {
  #sites = new Map<string, SitePrivacy>();
  /** What `remember` was told while a refresh was reading: newer than what that read returns. */
  #toldDuringRefresh: Map<string, SitePrivacy> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #again = false;

  constructor(private readonly store: Pick<Store, 'listSites'>) {}

  privacyOf(siteId: string): SitePrivacy {
    return this.#sites.get(siteId) ?? UNSEEN;
  }

  remember(site: Pick<Site, 'id'> & SitePrivacy & Partial<Pick<Site, 'domain' | 'timezone'>>): void {
    this.#sites.set(site.id, privacyOf(site));
    this.#toldDuringRefresh?.set(site.id, privacyOf(site));
  }

  /**
   * Reads every site again: one read at a time, and one more right after the running one when
   * asked during it (another process's change, announced by the store, may have committed after
   * that read began). Two reads at once could finish out of order and leave the older rows.
   */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#again = false;
          await this.#read();
        } while (this.#again);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  async #read(): Promise<void> {
    const told = new Map<string, SitePrivacy>();
    this.#toldDuringRefresh = told;
    try {
      const sites = await this.store.listSites();
      this.#sites = new Map([...sites.map((site) => [site.id, privacyOf(site)] as const), ...told]);
    } finally {
      if (this.#toldDuringRefresh === told) this.#toldDuringRefresh = undefined;
    }
  }

  /** Loads every site, then refreshes in the background until `stop()`. */
  async start(onError: (error: unknown) => void, intervalMs = SITE_PRIVACY_REFRESH_MS): Promise<void> {
    await this.refresh();
    // One report per failing streak, not one per refresh while the store is down (issue #13,
    // finding 5): the settings already known go on being used meanwhile.
    let failing = false;
    this.#timer = setInterval(
      () =>
        void this.refresh().then(
          () => {
            failing = false;
          },
          (error: unknown) => {
            if (!failing) onError(error);
            failing = true;
          },
        ),
      intervalMs,
    );
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
