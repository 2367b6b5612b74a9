/**
 * The one storage seam (DESIGN.md §6, after Kysely's `Dialect`): only the methods the
 * services need. Adapters: `sqlite/` (default, better-sqlite3) and `postgres/` (pg).
 * Every adapter passes the same contract suite (test/store/store-contract.ts).
 */

export interface Site {
  id: string;
  /** Lowercase host without `www.`, unique. */
  domain: string;
  name: string;
  /** IANA time zone used for the site's daily reports. */
  timezone: string;
  /** Where unknown slugs go instead of a 404 page, if set. */
  fallbackUrl: string | null;
  createdAt: string;
}

export type NewSite = Omit<Site, 'createdAt'>;
export type SitePatch = Partial<Pick<Site, 'name' | 'timezone' | 'fallbackUrl'>>;

export interface Link {
  id: string;
  siteId: string;
  /** The share kit this link is a variant of; null for the kit's main link or a plain link. */
  parentId: string | null;
  /** The channel a variant was made for (`whatsapp`, `sms`, `copy`, `qr` …); null for a main link. */
  channel: string | null;
  /** Unique across the instance (one short domain per instance). */
  slug: string;
  url: string;
  title: string | null;
  description: string | null;
  image: string | null;
  /** UTM parameters to add to the target (`{"utm_campaign": "spring"}`). */
  utm: Record<string, string>;
  tags: string[];
  expiresAt: string | null;
  maxClicks: number | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type NewLink = Omit<Link, 'createdAt' | 'updatedAt'>;
export type LinkPatch = Partial<
  Pick<
    Link,
    'url' | 'title' | 'description' | 'image' | 'utm' | 'tags' | 'expiresAt' | 'maxClicks' | 'disabled'
  >
>;

export interface LinkQuery {
  siteId?: string;
  tag?: string;
  /** Main links only (variants are listed with their kit). */
  mainOnly?: boolean;
  limit: number;
  offset: number;
}

export type EventType = 'click' | 'preview' | 'bot';

/** One recorded request. Never holds an IP address or a user agent (DESIGN.md §4). */
export interface NewEvent {
  siteId: string;
  linkId: string | null;
  type: EventType;
  kind: string;
  channel: string;
  medium: string;
  source: string;
  evidence: string;
  confidence: string;
  /** Milliseconds since the epoch. */
  occurredAt: number;
}

export interface EventCountRow {
  linkId: string;
  type: EventType;
  channel: string;
  source: string;
  count: number;
}

export interface ApiToken {
  id: string;
  name: string;
  /** SHA-256 of the secret, hex; the secret itself is never stored. */
  hash: string;
  createdAt: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to run twice and from two processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  createSite(site: NewSite): Promise<Site>;
  getSite(id: string): Promise<Site | undefined>;
  getSiteByDomain(domain: string): Promise<Site | undefined>;
  listSites(): Promise<Site[]>;
  updateSite(id: string, patch: SitePatch): Promise<Site | undefined>;
  /** Deletes the site with its links and events. */
  deleteSite(id: string): Promise<boolean>;

  /** Inserts a kit's links in one transaction: all or none. */
  createLinks(links: readonly NewLink[]): Promise<Link[]>;
  getLink(id: string): Promise<Link | undefined>;
  getLinkBySlug(slug: string): Promise<Link | undefined>;
  listLinks(query: LinkQuery): Promise<{ items: Link[]; total: number }>;
  listVariants(parentId: string): Promise<Link[]>;
  /** Links created or changed after `since` (ISO), oldest first: keeps caches of other processes fresh. */
  listLinksUpdatedSince(since: string): Promise<Link[]>;
  /** Every link, for warming the redirect cache. */
  listAllLinks(): Promise<Link[]>;
  updateLink(id: string, patch: LinkPatch): Promise<Link | undefined>;
  /** Deletes a link, its variants and their events. */
  deleteLink(id: string): Promise<boolean>;

  /** Writes a batch in one transaction. */
  insertEvents(events: readonly NewEvent[]): Promise<void>;
  /** Event counts by link × type × channel × source. */
  countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]>;
  /** Clicks recorded per link, for click limits. */
  countClicks(linkIds: readonly string[]): Promise<Map<string, number>>;
  countEvents(): Promise<number>;

  createToken(token: Omit<ApiToken, 'createdAt'>): Promise<ApiToken>;
  findTokenByHash(hash: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  deleteToken(id: string): Promise<boolean>;
}

/** Raised when a unique value (site domain, link slug) is already taken. */
export class StoreConflictError extends Error {
  constructor(
    readonly field: 'domain' | 'slug' | 'name',
    readonly value: string,
  ) {
    super(`${field} "${value}" is already taken`);
    this.name = 'StoreConflictError';
  }
}
