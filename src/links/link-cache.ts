import { ERASURE_RECORD, type Link, type Store } from '../store/store.js';

export interface LinkCacheOptions {
  /** How often to pick up links changed by another process (the CLI, another instance). */
  pollMs?: number;
  /** How long an unknown slug is remembered as unknown, so floods of bad slugs spare the store. */
  missTtlMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Every link in memory, by slug, with its click count: the redirect answers from here and
 * never waits on the database in the common case (issue #3). Local changes update it at once;
 * changes from other processes arrive by polling `listLinksUpdatedSince`.
 */
export class LinkCache {
  private bySlug = new Map<string, Link>();
  private slugById = new Map<string, string>();
  private clicks = new Map<string, number>();
  private misses = new Map<string, number>();
  private lastUpdate = '';
  private lastDeletion = '';
  private timer: NodeJS.Timeout | undefined;

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
    for (const link of links) this.put(link);
    this.clicks = await this.store.countClicks(
      links.filter((link) => link.maxClicks !== null).map((link) => link.id),
    );
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 2_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.bySlug.size;
  }

  get(slug: string): Link | undefined {
    return this.bySlug.get(slug);
  }

  /** The cached link, or — for a slug made elsewhere since the last poll — one store read. */
  async find(slug: string): Promise<Link | undefined> {
    const cached = this.bySlug.get(slug);
    if (cached) return cached;
    const missedAt = this.misses.get(slug);
    if (missedAt !== undefined && Date.now() - missedAt < (this.options.missTtlMs ?? 5_000)) return undefined;
    const loaded = await this.store.getLinkBySlug(slug);
    if (loaded) {
      this.put(loaded);
      await this.loadClicks([loaded.id]);
      return loaded;
    }
    if (this.misses.size > 10_000) this.misses.clear();
    this.misses.set(slug, Date.now());
    return undefined;
  }

  put(link: Link): void {
    const previousSlug = this.slugById.get(link.id);
    if (previousSlug !== undefined && previousSlug !== link.slug) this.bySlug.delete(previousSlug);
    this.bySlug.set(link.slug, link);
    this.slugById.set(link.id, link.slug);
    this.misses.delete(link.slug);
    if (link.updatedAt > this.lastUpdate) this.lastUpdate = link.updatedAt;
  }

  /** Drops a link by its id: its slug is the cached one, and is dropped only if still its own. */
  remove(link: Pick<Link, 'id' | 'slug'>): void {
    const slug = this.slugById.get(link.id) ?? link.slug;
    if (this.bySlug.get(slug)?.id === link.id) this.bySlug.delete(slug);
    this.slugById.delete(link.id);
    this.clicks.delete(link.id);
  }

  /**
   * Drops every cached link the store no longer has and refreshes the others: what an erasure's
   * deletion record asks for (ERASURE_RECORD names no link, so no erased id or slug is kept).
   */
  async reload(): Promise<void> {
    const links = await this.store.listAllLinks();
    const live = new Set(links.map((link) => link.id));
    for (const [id, slug] of [...this.slugById]) if (!live.has(id)) this.remove({ id, slug });
    for (const link of links) this.put(link);
  }

  clickCount(linkId: string): number {
    return this.clicks.get(linkId) ?? 0;
  }

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

  private async poll(): Promise<void> {
    try {
      const changed = await this.store.listLinksUpdatedSince(this.lastUpdate || new Date(0).toISOString());
      for (const link of changed) this.put(link);
      const deleted = await this.store.listLinksDeletedSince(this.lastDeletion || this.startedAt);
      let erased = false;
      for (const gone of deleted) {
        if (gone.id === ERASURE_RECORD.id) erased = true;
        else this.remove(gone);
        if (gone.deletedAt > this.lastDeletion) this.lastDeletion = gone.deletedAt;
      }
      if (erased) await this.reload();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
