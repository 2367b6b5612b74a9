import { randomUUID } from 'node:crypto';
import { validateTarget } from '../links/validate-target.js';
import { StaleValue } from '../store/stale-value.js';
import type { Site, SitePatch, Store } from '../store/store.js';
import { DEMO_DOMAIN } from './demo-domain.js';
import { normaliseDomain, validateTimezone } from './normalise-domain.js';
import { SiteInputError } from './site-input-error.js';
import type { SitePrivacyCache } from './site-privacy-cache.js';
import { type SiteSettingsInput, validateSiteSettings } from './site-settings.js';

export interface CreateSiteInput extends SiteSettingsInput {
  domain: string;
  name?: string | undefined;
  timezone?: string | undefined;
  fallbackUrl?: string | null | undefined;
}

export interface UpdateSiteInput extends SiteSettingsInput {
  name?: string | undefined;
  timezone?: string | undefined;
  fallbackUrl?: string | null | undefined;
}

function validateName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new SiteInputError('name_invalid', 'A site name has 1 to 200 characters.', 'name');
  }
  return trimmed;
}

/** Sites: the domains being measured. Links and events belong to one. */
export class SiteService {
  /**
   * Where unknown slugs go (the default site's fallback URL), remembered for 10 s: a flood of
   * unknown slugs must not cost a store read each, and the redirect path never creates a site.
   * Served stale while the store is unreachable (src/store/stale-value.ts).
   */
  private readonly fallback = new StaleValue(
    async () => (await this.#existingDefault())?.fallbackUrl ?? null,
    { ttlMs: 10_000 },
  );

  constructor(
    private readonly store: Store,
    private readonly options: {
      allowPrivateTargets: boolean;
      defaultDomain: string;
      /** Told of every site this service creates or changes (the redirect's view of their privacy settings). */
      privacy?: Pick<SitePrivacyCache, 'remember'>;
      /**
       * Told of every site this service creates or changes, for caches of sites (the event path's
       * SiteDirectory): an origin just added must let the next event through, not one 10 s later.
       */
      changed?: () => void;
    },
  ) {}

  private told(site: Site): Site {
    this.options.privacy?.remember(site);
    this.options.changed?.();
    return site;
  }

  private validateFallback(url: string | null | undefined): string | null {
    if (url === undefined || url === null || url === '') return null;
    try {
      return validateTarget(url, { allowPrivateHosts: this.options.allowPrivateTargets });
    } catch (error) {
      throw new SiteInputError('fallback_invalid', (error as Error).message, 'fallbackUrl');
    }
  }

  async create(input: CreateSiteInput): Promise<Site> {
    const domain = normaliseDomain(input.domain);
    const site = await this.store.createSite({
      id: randomUUID(),
      domain,
      name: validateName(input.name ?? domain),
      timezone: validateTimezone(input.timezone ?? 'UTC'),
      fallbackUrl: this.validateFallback(input.fallbackUrl),
      ...validateSiteSettings(input),
    });
    return this.told(site);
  }

  /** A site by id or by domain (`example.org`, `www.example.org` and `https://example.org/` alike). */
  async find(reference: string): Promise<Site | undefined> {
    return (await this.store.getSite(reference)) ?? this.findByDomain(reference);
  }

  /**
   * A site by domain only, for public pages: answering ids too would let anyone map a site's id
   * to its domain, and cost a second read per anonymous request.
   */
  async findByDomain(domain: string): Promise<Site | undefined> {
    try {
      return await this.store.getSiteByDomain(normaliseDomain(domain));
    } catch (error) {
      if (error instanceof SiteInputError) return undefined;
      throw error;
    }
  }

  list(): Promise<Site[]> {
    return this.store.listSites();
  }

  async update(id: string, input: UpdateSiteInput): Promise<Site | undefined> {
    const patch: SitePatch = validateSiteSettings(input);
    if (input.name !== undefined) patch.name = validateName(input.name);
    if (input.timezone !== undefined) patch.timezone = validateTimezone(input.timezone);
    if (input.fallbackUrl !== undefined) patch.fallbackUrl = this.validateFallback(input.fallbackUrl);
    this.fallback.expire();
    const site = await this.store.updateSite(id, patch);
    return site && this.told(site);
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.deleteSite(id);
    this.options.changed?.();
    return deleted;
  }

  /**
   * The site links belong to when none is named: the site of the host Penumbra serves on, else the
   * first site that is not the demo, created on first use for that host, so that a fresh install
   * can make links at once (the demo site is never anyone's default).
   */
  async defaultSite(): Promise<Site> {
    const existing = await this.#existingDefault();
    if (existing) return existing;
    try {
      return await this.create({ domain: this.options.defaultDomain, name: 'Default site' });
    } catch (error) {
      const raced = await this.store.getSiteByDomain(normaliseDomain(this.options.defaultDomain));
      if (raced) return raced;
      throw error;
    }
  }

  async #existingDefault(): Promise<Site | undefined> {
    const own = await this.store.getSiteByDomain(normaliseDomain(this.options.defaultDomain));
    if (own) return own;
    return (await this.store.listSites()).find((site) => site.domain !== DEMO_DOMAIN);
  }

  /**
   * The fallback URL for unknown slugs. Never known and the store unreachable: none (a plain
   * 404 rather than a 500 for a slug nobody here knows; issue #13, finding 4).
   */
  async unknownSlugFallback(now = Date.now()): Promise<string | null> {
    try {
      return await this.fallback.get(now);
    } catch {
      return null;
    }
  }

  /** A site changed in another process: read the fallback URL again at its next use. */
  sitesChanged(): void {
    this.fallback.expire();
  }
}
