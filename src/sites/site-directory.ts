import { StaleValue } from '../store/stale-value.js';
import type { Site, Store } from '../store/store.js';
import { normaliseDomain } from './normalise-domain.js';
import { SiteInputError } from './site-input-error.js';

/** More domains than any install has: past it the directory starts over (a flood of made-up ones). */
const MAX_ENTRIES = 10_000;

/**
 * Sites by domain, kept in memory for ingestion: every tracked page view names its site, and
 * sites change rarely. An entry is fresh for `ttlMs`, so a change made by another process shows
 * up soon (at once where the store announces changes, see `invalidate`); past that it is still
 * served while one read refreshes it, and kept when that read fails: a store outage does not
 * fail page views of known sites (issue #13, finding 4; src/store/stale-value.ts).
 */
export class SiteDirectory {
  private readonly entries = new Map<string, StaleValue<Site | undefined>>();

  constructor(
    private readonly store: Pick<Store, 'getSiteByDomain'>,
    private readonly ttlMs = 10_000,
  ) {}

  async byDomain(domain: string, now = Date.now()): Promise<Site | undefined> {
    // The snippet sends the same spelling every time: look that up before normalising (new URL).
    const raw = this.entries.get(domain);
    if (raw) return raw.get(now);
    let key: string;
    try {
      key = normaliseDomain(domain);
    } catch (error) {
      if (error instanceof SiteInputError) return undefined;
      throw error;
    }
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size > MAX_ENTRIES) this.entries.clear();
      entry = new StaleValue(() => this.store.getSiteByDomain(key), { ttlMs: this.ttlMs });
      this.entries.set(key, entry);
    }
    this.entries.set(domain, entry);
    return entry.get(now);
  }

  /** A site changed somewhere: every entry is read again at its next use (still served meanwhile). */
  invalidate(): void {
    for (const entry of this.entries.values()) entry.expire();
  }
}
