/**
 * The one storage seam (DESIGN.md §6, after Kysely's `Dialect`): only the methods the
 * services need. Adapters: `sqlite/` (default, better-sqlite3) and `postgres/` (pg).
 * Every adapter passes the same contract suite (test/store/store-contract.ts).
 */

import type { AlertStore } from './alert-store.js';
import type { FunnelStore } from './funnel-store.js';
import type { GoalStore } from './goal-store.js';
import type { InstallStore } from './install-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PreviewStore } from './preview-store.js';
import type { RecipientStore } from './recipient-store.js';
import type { RollupQuery, RollupResultRow } from './rollups/rollup-query.js';

/**
 * How much a site's measurement may know (DESIGN.md §4): `anonymous` (default) — share tokens name
 * a share, never a person; `consented` — after the visitor consents, per-page-view tokens allow
 * share cascades; `strict` — the CNIL self-assessment reading: referrer host only, no campaign
 * parameters, rounded reports.
 */
export type PrivacyMode = 'anonymous' | 'consented' | 'strict';

export interface Site {
  id: string;
  /** Lowercase host without `www.`, unique. */
  domain: string;
  name: string;
  /** IANA time zone used for the site's daily reports. */
  timezone: string;
  /** Where unknown slugs go instead of a 404 page, if set. */
  fallbackUrl: string | null;
  privacyMode: PrivacyMode;
  /** Paths where a referrer-less visit is `direct` (exact, or prefix with a trailing `*`). */
  landingPaths: string[];
  /** Drop events from browsers that send Do Not Track or Global Privacy Control. */
  respectDnt: boolean;
  /** Raw events older than this are deleted (rollups stay); at most 25 (CNIL). */
  retentionMonths: number;
  /** Other hosts allowed to send events for this site (the domain and its www. always are). */
  extraOrigins: string[];
  /**
   * The site's own query-parameter names kept in stored page paths besides `utm_*` and click ids
   * (the snippet's `data-params`); their values are checked like any (src/privacy/scrub-url.ts).
   */
  queryParams: string[];
  createdAt: string;
}

/** The privacy and measurement settings may be left out: the store applies their defaults. */
export type NewSite = Omit<Site, 'createdAt' | SiteSetting> & Partial<Pick<Site, SiteSetting>>;
export type SiteSetting =
  | 'privacyMode'
  | 'landingPaths'
  | 'respectDnt'
  | 'retentionMonths'
  | 'extraOrigins'
  | 'queryParams';

/**
 * Defaults: anonymous mode, `/` as the only landing page, DNT/GPC not enforced, 25 months (CNIL ceiling),
 * no query parameter of the site's own kept.
 * Frozen all the way down (the arrays too, typed readonly), so no site can share and mutate them:
 * copy an array before putting it in a `Site`.
 */
export const SITE_DEFAULTS: Readonly<{
  privacyMode: PrivacyMode;
  landingPaths: readonly string[];
  respectDnt: boolean;
  retentionMonths: number;
  extraOrigins: readonly string[];
  queryParams: readonly string[];
}> = Object.freeze({
  privacyMode: 'anonymous',
  landingPaths: Object.freeze(['/']),
  respectDnt: false,
  retentionMonths: 25,
  extraOrigins: Object.freeze([]),
  queryParams: Object.freeze([]),
});

/** `retentionMonths` is a whole number in this range; the store refuses others with a RangeError. */
export const RETENTION_MONTHS = Object.freeze({ min: 1, max: 25 });
export type SitePatch = Partial<Pick<Site, 'name' | 'timezone' | 'fallbackUrl' | SiteSetting>>;

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

/**
 * `click`, `preview` and `bot` come from short links; `pageview`, `event` (custom), `copy`,
 * `share` (a share button) and `outbound` from the tracker snippet or an imported access log.
 */
export type EventType = 'click' | 'preview' | 'bot' | 'pageview' | 'event' | 'copy' | 'share' | 'outbound';

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
  /** Page path with only allow-listed query parameters (scrubbed). */
  path?: string | null;
  /** Keyed hash of daily salt, site, IP and user agent: counts a day's unique visitors, nothing more. */
  visitorHash?: string | null;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string | null;
  /** `mobile`, `tablet` or `desktop`. */
  device?: string | null;
  /** The browser family (src/privacy/browser-family.ts: `chrome`, `safari`, … `in-app`, `other`), never a version. */
  browser?: string | null;
  /** Share generation of this visit: 0 for a visit that arrived without a share token. */
  generation?: number | null;
  /** Consented mode only: this page view's random share token, and the one it arrived with. */
  shareId?: string | null;
  parentShareId?: string | null;
  /** The channel of the first visit of the share chain this visit belongs to. */
  originChannel?: string | null;
  /** Custom event name, share-button channel, or outbound host. */
  name?: string | null;
  /** Custom event properties as JSON text (at most 1 KB). */
  props?: string | null;
  /**
   * A number that goes with the event (copy length bucket, a custom event's amount). Stored as a
   * 64-bit float (SQLite REAL, PostgreSQL double precision): any finite JS number round-trips.
   */
  value?: number | null;
  /**
   * A custom event's revenue amount (migration 13, issue 14), in `currency`: both set or both null.
   * Negative for a refund. Checked by the ingest service (src/events/revenue.ts); sums are per
   * currency, never converted.
   */
  revenue?: number | null;
  /** The ISO 4217 code (upper case) of `revenue`. */
  currency?: string | null;
  /** A fingerprint of an imported log line: a second event with the same key is not stored. */
  dedupeKey?: string | null;
}

/** An event as read back: every optional field present, `null` when it was not given. */
export interface StoredEvent extends Required<NewEvent> {
  id: number;
}

export interface EventQuery {
  siteId: string;
  /** Only events of these types; an empty list matches nothing. */
  types?: readonly EventType[];
  /** Only events at or after this time (ms since the epoch). */
  since?: number;
  /** A non-negative integer; the store refuses others with a RangeError. */
  limit: number;
}

/** A day's random salt for visitor hashes (DESIGN.md §4): current and previous kept, older deleted. */
export interface DailySalt {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** 16 random bytes, hex. */
  salt: string;
}

/** How long deletion records are kept, counted back from the newest one. */
export const LINK_DELETION_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The record a deleted link leaves, so caches in other processes drop its slug. */
export interface LinkDeletion {
  id: string;
  slug: string;
  deletedAt: string;
}

/**
 * The deletion record an erasure leaves (eraseScope): it names no link, so no id or slug of
 * erased data stays behind (GDPR Art. 17); a cache that reads it reloads every link instead.
 */
export const ERASURE_RECORD: Readonly<Pick<LinkDeletion, 'id' | 'slug'>> = Object.freeze({
  id: '',
  slug: '',
});

export interface EventCountRow {
  linkId: string;
  type: EventType;
  channel: string;
  source: string;
  count: number;
}

/** Raw data older than this goes (the site's retention limit): events by time, visitor rows by day. */
export interface RawDataCutoff {
  /** Events that occurred before this instant (ms since the epoch). */
  occurredAt: number;
  /** Visitor rows of local days before this one (`YYYY-MM-DD`). */
  day: string;
}

/**
 * What a data request covers (GDPR Art. 15, 17 and 20; issue #7): a whole site, or some of its
 * links — a link, a share kit, the links of a tag, each with its variants (the caller lists them
 * all, src/privacy/data-target.ts).
 */
export interface DataScope {
  siteId: string;
  /** Only these links of the site and their events; absent for the whole site. */
  linkIds?: readonly string[];
}

/** A stored row of a rollup or visitor table, by column name (counters as numbers). */
export type ScopeRow = Record<string, string | number>;

/** Rows per table name: what an erasure removed, or would remove. */
export type TableCounts = Record<string, number>;

export interface EraseScopeOptions {
  /**
   * Links only: also take the erased events' counts out of the site-level rollups (traffic,
   * pages, geography, generations), visitors kept exact. Without it those keep counting them.
   */
  rollups: boolean;
  /** At most this many rows go in one call (one transaction); a positive whole number. */
  limit: number;
}

export interface ScopeErasure {
  /** Rows this call removed, by table. */
  erased: TableCounts;
  /** True once nothing of the scope is left: call again until then. */
  done: boolean;
}

/**
 * What an API token may do (docs/access.md): `stats:read` reads sites, links and stats;
 * `links:write` creates, changes and deletes links; `ingest` sends events; `admin` anything an
 * owner may. Tokens made before scopes existed have `admin` (migration 7).
 */
export type TokenScope = 'stats:read' | 'links:write' | 'ingest' | 'admin';

export interface ApiToken {
  id: string;
  name: string;
  /** SHA-256 of the secret, hex; the secret itself is never stored. */
  hash: string;
  /** At least one. */
  scopes: TokenScope[];
  /** The sites it may touch, by id; `null` for every site. */
  siteIds: string[] | null;
  createdAt: string;
}

export type NewApiToken = Omit<ApiToken, 'createdAt' | 'scopes' | 'siteIds'> &
  Partial<Pick<ApiToken, 'scopes' | 'siteIds'>>;

/** What a dashboard user may do: `viewer` reads, `editor` also writes links, sites and public links, `owner` everything. */
export type UserRole = 'owner' | 'editor' | 'viewer';

export interface User {
  id: string;
  /** Lowercased by the store; unique. */
  email: string;
  name: string;
  /** The installation-wide role, on every site; ignored when `allSites` is false. */
  role: UserRole;
  /**
   * False for a user confined to the sites of their site roles (`getUserSiteRoles`): no
   * installation-wide role at all. True: `role` on every site, raised by any site role.
   */
  allSites: boolean;
  /** `scrypt$N$r$p$salt$hash` (src/accounts/passwords.ts); never the password. */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

export type NewUser = Omit<User, 'createdAt' | 'updatedAt' | 'allSites'> & { allSites?: boolean };
export type UserPatch = Partial<Pick<User, 'name' | 'role' | 'passwordHash' | 'allSites'>>;

/** A role on one site (issue 13, finding 15); owners are owners everywhere, so no `owner` here. */
export interface SiteRole {
  siteId: string;
  role: 'viewer' | 'editor';
}

/**
 * A signed-in browser. `id` is the SHA-256 (hex) of the secret in its cookie: the secret itself is
 * never stored. Holds no IP address and no user agent (DESIGN.md §4).
 */
export interface Session {
  id: string;
  userId: string;
  /** Must come back in `X-CSRF-Token` on every state-changing request made with this session. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** The service sets the times (sliding expiry); `lastSeenAt` starts as `createdAt`. */
export type NewSession = Omit<Session, 'lastSeenAt'>;

/** A read-only link to one site's dashboard. Only the SHA-256 (hex) of its token is stored. */
export interface PublicLink {
  id: string;
  tokenHash: string;
  siteId: string;
  createdAt: string;
  revokedAt: string | null;
}

export type NewPublicLink = Omit<PublicLink, 'createdAt' | 'revokedAt'>;

/**
 * One administrative action in the audit log (src/privacy/audit-log.ts). `siteId` is no foreign
 * key: the trail of a deleted site stays until the audit log's own retention limit.
 */
export interface AuditEntry {
  id: string;
  /** ISO-8601 UTC. */
  occurredAt: string;
  actorKind: 'user' | 'token' | 'cli';
  /** The user's or token's id; null for the command line. */
  actorId: string | null;
  /** The user's email, the token's name, or a neutral label (the command line, an erased user). */
  actorLabel: string;
  action: string;
  siteId: string | null;
  target: string | null;
  /** A JSON object; never a secret, a password or a hash. */
  details: Record<string, unknown>;
}

export interface AuditQuery {
  siteId?: string;
  action?: string;
  limit: number;
  offset: number;
}

/** The last run of the retention job on one site (one row per site, replaced by each run). */
export interface RetentionRun {
  siteId: string;
  /** ISO-8601 UTC. */
  ranAt: string;
  /** Raw data of local days before this one (`YYYY-MM-DD`) was deleted. */
  cutoffDay: string;
  /** Raw events the run deleted. */
  deleted: number;
}

/** What another process may have changed: the links, or the sites (src/store/postgres/postgres-listener.ts). */
export type StoreChange = 'links' | 'sites';

export interface Store extends InstallStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to run twice and from two processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `listener` soon after any process commits a change of links or sites, where the store
   * can announce them (PostgreSQL LISTEN/NOTIFY); absent where it cannot (SQLite: the caches
   * poll). Returns the unsubscribe.
   */
  onChange?(listener: (change: StoreChange) => void): () => void;
  /** Custom previews per kit variant and preview fetches with their status (issue 15). */
  readonly previews: PreviewStore;
  /** Webhook endpoints and the outbox of deliveries (issue 14, outbox-store.ts). */
  readonly outbox: OutboxStore;
  /** "Spreading privately" alert rules and firings (issue 14, alert-store.ts). */
  readonly alerts: AlertStore;
  /** Goals, their conversions by attributed channel, funnels and kit conversions (issue 14, goal-store.ts). */
  readonly goals: GoalStore;
  /** Saved funnels: names and their goals in order (issue 14, funnel-store.ts). */
  readonly funnels: FunnelStore;
  /** Who receives a site's digests (issue 14, recipient-store.ts). */
  readonly recipients: RecipientStore;

  createSite(site: NewSite): Promise<Site>;
  getSite(id: string): Promise<Site | undefined>;
  getSiteByDomain(domain: string): Promise<Site | undefined>;
  listSites(): Promise<Site[]>;
  updateSite(id: string, patch: SitePatch): Promise<Site | undefined>;
  /** Deletes the site with its links and events, leaving a deletion record for each link. */
  deleteSite(id: string): Promise<boolean>;

  /** Inserts a kit's links in one transaction: all or none. */
  createLinks(links: readonly NewLink[]): Promise<Link[]>;
  getLink(id: string): Promise<Link | undefined>;
  getLinkBySlug(slug: string): Promise<Link | undefined>;
  listLinks(query: LinkQuery): Promise<{ items: Link[]; total: number }>;
  listVariants(parentId: string): Promise<Link[]>;
  /** Links created or changed after `since` (ISO), oldest first: keeps caches of other processes fresh. */
  listLinksUpdatedSince(since: string): Promise<Link[]>;
  /**
   * Links deleted after `since` (ISO), oldest first: so other processes' caches drop them.
   * Deletion stamps come from the same clock as `updatedAt` (link-clock.ts), strictly increasing.
   * Deletion records older than 7 days before the newest one are pruned when new ones are
   * written (LINK_DELETION_RETENTION_MS): a poller whose `since` is older than that must reload
   * every link (`listAllLinks`) instead of trusting this list.
   */
  listLinksDeletedSince(since: string): Promise<LinkDeletion[]>;
  /** Every link, for warming the redirect cache. */
  listAllLinks(): Promise<Link[]>;
  updateLink(id: string, patch: LinkPatch): Promise<Link | undefined>;
  /** Deletes a link, its variants and their events, leaving a deletion record for each link. */
  deleteLink(id: string): Promise<boolean>;

  /**
   * Writes a batch in one transaction and returns how many were stored: an event whose
   * `dedupeKey` is already stored is skipped (re-importing a log does not count twice).
   */
  insertEvents(events: readonly NewEvent[]): Promise<number>;
  /**
   * Adds at most `limit` (FOLD_STEP by default) stored events past the watermark to the rollups
   * in one transaction, and moves the watermark past them (src/store/rollups/rollup-fold-sql.ts);
   * returns how many it folded: 0 when none is left, or while another PostgreSQL instance folds.
   * Reads add the unfolded events themselves, so folding changes no answer, only its cost. The
   * process that writes events calls it about once a second.
   */
  foldRollups(limit?: number): Promise<number>;
  /** Newest first (by `occurredAt`, then by id). */
  listEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** Answers one question from a rollup table (src/store/rollups/rollup-query.ts). */
  queryRollup(query: RollupQuery): Promise<RollupResultRow[]>;
  /** The site's first local day with data in the rollups, if any. */
  firstDataDay(siteId: string): Promise<string | undefined>;
  /** When the site's oldest raw event occurred (ms since the epoch), if it has any. */
  oldestEventAt(siteId: string): Promise<number | undefined>;
  /**
   * Deletes at most `limit` of the site's raw events older than the cutoff, and its visitor rows
   * of earlier days; returns how many events went. Rollups stay. Called in a loop by the
   * retention job, so no single transaction holds the write lock for long.
   */
  pruneEvents(siteId: string, before: RawDataCutoff, limit: number): Promise<number>;
  /** Event counts by link × type × channel × source (from the link rollup). */
  countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]>;
  /** Clicks recorded per link, for click limits. */
  countClicks(linkIds: readonly string[]): Promise<Map<string, number>>;
  countEvents(): Promise<number>;

  /*
   * Data requests (GDPR Art. 15, 17, 20; src/privacy/data-export.ts, data-erasure.ts). Reads go
   * in keyset pages and erasure in bounded steps, so a site of any size is never held in memory
   * nor in one long transaction.
   */
  /**
   * At most `limit` of the scope's events after `after` (the last one of the previous page): a
   * site's by time then id, links' by link, type then id.
   */
  listScopeEvents(scope: DataScope, after: StoredEvent | undefined, limit: number): Promise<StoredEvent[]>;
  /**
   * At most `limit` of the scope's rows of a rollup or visitor table (scopeRollupTables in
   * data-scope.ts) after `after`, in primary-key order. A RangeError for another table.
   */
  listScopeRows(
    scope: DataScope,
    table: string,
    after: ScopeRow | undefined,
    limit: number,
  ): Promise<ScopeRow[]>;
  /** How many rows of each table the scope holds (scopeTables in data-scope.ts), zeros included. */
  countScope(scope: DataScope): Promise<TableCounts>;
  /**
   * One bounded step of erasing the scope, in one transaction: events first, then the scope's
   * rollup and visitor rows, then its links (a site: its rollups, links, public links and the
   * site itself). The links go with one anonymous deletion record (ERASURE_RECORD): no id, no
   * slug left behind, so other processes' caches reload every link instead.
   */
  eraseScope(scope: DataScope, options: EraseScopeOptions): Promise<ScopeErasure>;

  /** All stored salts, newest day first. */
  listSalts(): Promise<DailySalt[]>;
  /**
   * Stores a day's salt unless one exists, and returns the stored one: two processes that race
   * to create a day's salt end up using the same.
   */
  putSalt(salt: DailySalt): Promise<DailySalt>;
  /** Deletes salts of days before `day` (`YYYY-MM-DD`); returns how many. */
  deleteSaltsBefore(day: string): Promise<number>;

  /** Without scopes and sites: `admin` on every site, as every token was before migration 7. */
  createToken(token: NewApiToken): Promise<ApiToken>;
  findTokenByHash(hash: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  deleteToken(id: string): Promise<boolean>;

  /** The email is stored lowercased; a taken one is a StoreConflictError on `email`. */
  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  /** Any case: the address is lowercased before the lookup. */
  getUserByEmail(email: string): Promise<User | undefined>;
  /** Oldest first. */
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: UserPatch): Promise<User | undefined>;
  /** Deletes the user and, by cascade, their sessions. */
  deleteUser(id: string): Promise<boolean>;
  /** Every user, or those of one role. */
  countUsers(role?: UserRole): Promise<number>;
  /** A user's roles on chosen sites, by site id; gone with the user or the site. */
  getUserSiteRoles(userId: string): Promise<SiteRole[]>;
  /** Replaces all of a user's site roles at once; false when the user is gone. */
  setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean>;

  createSession(session: NewSession): Promise<Session>;
  /** The session whose id is this hash, with its user; expired ones too (the caller checks). */
  getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined>;
  /** Slides a session: new last-seen and expiry times. False when it is gone. */
  touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean>;
  deleteSession(id: string): Promise<boolean>;
  /** Ends every session of a user but `except` (the one making the request); returns how many. */
  deleteUserSessions(userId: string, except?: string): Promise<number>;
  /** Deletes sessions whose expiry is at or before `now` (ISO); returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;

  /** A taken token hash is a StoreConflictError on `token`. */
  createPublicLink(link: NewPublicLink): Promise<PublicLink>;
  /** Revoked ones too (the caller checks `revokedAt`). */
  getPublicLinkByHash(hash: string): Promise<PublicLink | undefined>;
  /** The site's links, revoked ones included, oldest first. */
  listPublicLinks(siteId: string): Promise<PublicLink[]>;
  /**
   * Marks the site's link revoked (the first revocation time stays); false when the site has no
   * such link.
   */
  revokePublicLink(siteId: string, id: string): Promise<boolean>;

  /** Appends one audit entry. */
  appendAuditEntry(entry: AuditEntry): Promise<void>;
  /** Newest first (then by id, descending); `total` counts every entry that matches the filters. */
  listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }>;
  /** Deletes entries that occurred before `before` (ISO); returns how many. */
  pruneAuditEntries(before: string): Promise<number>;
  /** Sets the label of every entry the actor made (a user's erasure); returns how many. */
  relabelAuditActor(actorId: string, label: string): Promise<number>;
  /**
   * Empties the details of a site's audit entries (its erasure: the domain and settings they
   * quote go; who did what, and when, stays); returns how many.
   */
  forgetAuditDetails(siteId: string): Promise<number>;
  /**
   * The installation's secret called `name`, stored from `candidate` if it has none yet: two
   * processes that race end up with the same one. For keys that must outlive a process and be
   * shared by every instance (the dedupe keys of imported log lines).
   */
  instanceSecret(name: string, candidate: string): Promise<string>;
  /** Replaces the site's last retention run. */
  recordRetentionRun(run: RetentionRun): Promise<void>;
  getRetentionRun(siteId: string): Promise<RetentionRun | undefined>;
}

/** Raised when a unique value (site domain, link slug, token name, user email) is already taken. */
export class StoreConflictError extends Error {
  constructor(
    readonly field: 'domain' | 'slug' | 'name' | 'email' | 'token' | 'address',
    readonly value: string,
  ) {
    super(`${field} "${value}" is already taken`);
    this.name = 'StoreConflictError';
  }
}
