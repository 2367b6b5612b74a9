import type { Site, Store } from '../store/store.js';
import { normaliseDomain } from './normalise-domain.js';
import { SiteInputError } from './site-input-error.js';

/**
 * Sites by domain, kept in memory for ingestion: every tracked page view names its site, and
 * sites change rarely. Entries live `ttlMs`, so a change made by another process shows up soon.
 */
export class SiteDirectory {
  private readonly entries = new Map<string, { site: Site | undefined; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 10_000,
  ) {}

  async byDomain(domain: string, now = Date.now()): Promise<Site | undefined> {
    // The snippet sends the same spelling every time: look that up before normalising (new URL).
    const raw = this.entries.get(domain);
    if (raw && now - raw.at < this.ttlMs) return raw.site;
    let key: string;
    try {
      key = normaliseDomain(domain);
    } catch (error) {
      if (error instanceof SiteInputError) return undefined;
      throw error;
    }
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) {
      this.entries.set(domain, cached);
      return cached.site;
    }
    const site = await this.store.getSiteByDomain(key);
    if (this.entries.size > 10_000) this.entries.clear();
    const entry = { site, at: now };
    this.entries.set(key, entry);
    this.entries.set(domain, entry);
    return site;
  }

  forget(domain: string): void {
    this.entries.delete(domain);
  }
}
