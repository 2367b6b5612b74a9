import { ERASURE_RECORD, type Link, type Store } from '../store/store.js';
import { type CachedLink, LinkInterner } from './cached-link.js';

export interface LinkCacheOptions {
  /** How often to pick up links changed by another process (the CLI, another instance). */
  pollMs?: number;
  /** How long an unknown slug is remembered as unknown, so floods of bad slugs spare the store. */
  missTtlMs?: number;
  /** After a failed read of an unknown slug, how long unknown slugs are answered from memory. */
  retryMs?: number;
  /** The first failure of a streak (one line per outage, not one per poll; issue #13, finding 5). */
  onError?: (error: unknown) => void;
  /** The store answers again after `onError`. */
  onRecover?: () => void;
}

/**
 * Every link in memory, by slug, in the compact form the redirect needs (`CachedLink`: issue 12's
 * memory target), with the click counts of the links that have a click limit: the redirect
 * answers from here and never waits on the database in the common case (issue #3). Local changes update it at once;
 * changes from other processes arrive by polling `listLinksUpdatedSince`, at once when the store
 * announces them (`refreshNow`, PostgreSQL LISTEN/NOTIFY) and every `pollMs` in any case.
 *
 * While the store is unreachable the cache goes on answering from what it knows (issue #13,
 * finding 4): a slug it does not know is answered as unknown, and is looked up again once the
 * store is back (not remembered as a miss).
 */
export class LinkCache {
  /**
   * The one index: a link's slug never changes (`LinkPatch` has none), so a link is found by id
   * through the slug its caller knows, and no map by id is kept (about 4 MiB at 100,000 links).
   */
  private bySlug = new Map<string, CachedLink>();
  /** Clicks of the links with a click limit only: no other count is ever read. */
  private clicks = new Map<string, number>();
  private readonly interner = new LinkInterner();
  private misses = new Map<string, number>();
  private lastUpdate = '';
  private lastDeletion = '';
  private timer: NodeJS.Timeout | undefined;
  /** One store read per unknown slug at a time, however many requests ask for it. */
  private readonly lookups = new Map<string, Promise<CachedLink | undefined>>();
  /** Until when unknown slugs are answered from memory, after a failed read. */
  private storeDownUntil = 0;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly options: LinkCacheOptions = {},
  ) {}

  /** Deletions before the cache was loaded are already reflected in what it loaded. */
  private startedAt = new Date(0).toISOString();

  /** Loads every link and its clicks, then starts polling for changes. */
  async start(): Promise<void> {
    this.startedAt = new Date().toISOString();
    const links = await this.store.listAllLinks();
    this.putAll(links);
    this.clicks = await this.store.countClicks(
      links.filter((link) => link.maxClicks !== null).map((link) => link.id),
    );
    this.timer = setInterval(() => void this.refreshNow(), this.options.pollMs ?? 2_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.bySlug.size;
  }

  get(slug: string): CachedLink | undefined {
    return this.bySlug.get(slug);
  }

  /** The cached link, or — for a slug made elsewhere since the last poll — one store read. */
  async find(slug: string): Promise<CachedLink | undefined> {
    const cached = this.bySlug.get(slug);
    if (cached) return cached;
    const now = Date.now();
    const missedAt = this.misses.get(slug);
    if (missedAt !== undefined && now - missedAt < (this.options.missTtlMs ?? 5_000)) return undefined;
    if (now < this.storeDownUntil) return undefined;
    let lookup = this.lookups.get(slug);
    if (!lookup) {
      lookup = this.lookUp(slug).finally(() => this.lookups.delete(slug));
      this.lookups.set(slug, lookup);
    }
    return lookup;
  }

  private async lookUp(slug: string): Promise<CachedLink | undefined> {
    let loaded: Link | undefined;
    try {
      loaded = await this.store.getLinkBySlug(slug);
    } catch {
      // Answered as unknown, from memory, until the store is back (the poll reports the outage).
      this.storeDownUntil = Date.now() + (this.options.retryMs ?? 1_000);
      return undefined;
    }
    if (loaded) {
      const cached = this.put(loaded);
      // A limited link's count may be out of reach for now: it starts from the last known.
      await this.loadClicks([loaded.id]).catch(() => undefined);
      return cached;
    }
    if (this.misses.size > 10_000) this.misses.clear();
    this.misses.set(slug, Date.now());
    return undefined;
  }

  /** Caches a link (the compact form of it, which it answers) in place of its previous version. */
  put(link: Link, parent?: CachedLink): CachedLink {
    const cached = this.interner.compact(link, parent);
    this.bySlug.set(link.slug, cached);
    this.misses.delete(link.slug);
    if (link.maxClicks === null) this.clicks.delete(link.id);
    if (link.updatedAt > this.lastUpdate) this.lastUpdate = link.updatedAt;
    return cached;
  }

  /**
   * Caches links read together, a variant sharing its kit's strings when the kit is among them
   * (listAllLinks, a poll, a kit just made): the kits are found by id in a map of this batch
   * only, dropped after it.
   */
  putAll(links: readonly Link[]): void {
    const kits = new Map<string, CachedLink>();
    for (const link of links) if (link.parentId === null) kits.set(link.id, this.put(link));
    for (const link of links) {
      if (link.parentId !== null) this.put(link, kits.get(link.parentId));
    }
  }

  /** Whether the cached version of the link has a click limit (its count is kept). */
  private limited(link: Pick<Link, 'id' | 'slug'>): boolean {
    const cached = this.bySlug.get(link.slug);
    return cached?.id === link.id && cached.maxClicks !== null;
  }

  /** Drops a link (its slug is dropped only if still its own). */
  remove(link: Pick<Link, 'id' | 'slug'>): void {
    if (this.bySlug.get(link.slug)?.id === link.id) this.bySlug.delete(link.slug);
    this.clicks.delete(link.id);
  }

  /**
   * Drops every cached link the store no longer has and refreshes the others: what an erasure's
   * deletion record asks for (ERASURE_RECORD names no link, so no erased id or slug is kept).
   */
  async reload(): Promise<void> {
    const links = await this.store.listAllLinks();
    const live = new Set(links.map((link) => link.id));
    for (const cached of [...this.bySlug.values()]) if (!live.has(cached.id)) this.remove(cached);
    this.putAll(links);
  }

  clickCount(linkId: string): number {
    return this.clicks.get(linkId) ?? 0;
  }

  /** Counts a click of a link with a click limit (the redirect counts no other: nothing reads it). */
  countClick(linkId: string): void {
    this.clicks.set(linkId, this.clickCount(linkId) + 1);
  }

  /**
   * Reads recorded clicks for links with a click limit. Only limited links need a count; ids go
   * in chunks so that no query exceeds a driver's bound-parameter limit.
   */
  async loadClicks(linkIds: readonly string[]): Promise<void> {
    for (let start = 0; start < linkIds.length; start += 500) {
      const chunk = linkIds.slice(start, start + 500);
      const counts = await this.store.countClicks(chunk);
      for (const id of chunk) this.clicks.set(id, counts.get(id) ?? 0);
    }
  }

  /**
   * Picks up changes from other processes now: a poll, or one more right after the one running
   * (a change announced during a poll may have committed after its read).
   */
  refreshNow(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.pollAgain = false;
        await this.poll();
      } while (this.pollAgain);
    })().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async poll(): Promise<void> {
    try {
      const changed = await this.store.listLinksUpdatedSince(this.lastUpdate || new Date(0).toISOString());
      // A limit set by another process: the store's count, since only limited links are counted here.
      const newlyLimited = changed
        .filter((link) => link.maxClicks !== null && !this.limited(link))
        .map((link) => link.id);
      this.putAll(changed);
      if (newlyLimited.length > 0) await this.loadClicks(newlyLimited).catch(() => undefined);
      const deleted = await this.store.listLinksDeletedSince(this.lastDeletion || this.startedAt);
      let erased = false;
      for (const gone of deleted) {
        if (gone.id === ERASURE_RECORD.id) erased = true;
        else this.remove(gone);
        if (gone.deletedAt > this.lastDeletion) this.lastDeletion = gone.deletedAt;
      }
      if (erased) await this.reload();
      if (this.failing) this.options.onRecover?.();
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.options.onError?.(error);
      this.failing = true;
    }
  }
}
