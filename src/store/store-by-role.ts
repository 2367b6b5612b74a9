/**
 * The methods of `Store` that each adapter hands to a role object (docs/architecture.md, "Store
 * layout"): sites, links, accounts and stats reads. Both adapters extend `StoreByRole`, so the
 * hand-over is written once; the store class itself keeps the event writer and the fold.
 */
import type { RollupQuery, RollupResultRow } from './rollups/rollup-query.js';
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  DailySalt,
  EventCountRow,
  EventQuery,
  Link,
  LinkDeletion,
  LinkPatch,
  LinkQuery,
  NewApiToken,
  NewLink,
  NewPublicLink,
  NewSession,
  NewSite,
  NewUser,
  PublicLink,
  RetentionRun,
  Session,
  Site,
  SitePatch,
  SiteRole,
  Store,
  StoredEvent,
  User,
  UserPatch,
  UserRole,
} from './store.js';

/** Sites, their public dashboard links and their last retention run. */
export type StoreSites = Pick<
  Store,
  | 'createSite'
  | 'getSite'
  | 'getSiteByDomain'
  | 'listSites'
  | 'updateSite'
  | 'deleteSite'
  | 'createPublicLink'
  | 'getPublicLinkByHash'
  | 'listPublicLinks'
  | 'revokePublicLink'
  | 'recordRetentionRun'
  | 'getRetentionRun'
>;

/** Links and their deletion records. */
export type StoreLinks = Pick<
  Store,
  | 'createLinks'
  | 'getLink'
  | 'getLinkBySlug'
  | 'listLinks'
  | 'listVariants'
  | 'listLinksUpdatedSince'
  | 'listLinksDeletedSince'
  | 'listAllLinks'
  | 'updateLink'
  | 'deleteLink'
>;

/** Users, site roles, sessions, API tokens, the audit log and the installation's secrets. */
export type StoreAccounts = Pick<
  Store,
  | 'listSalts'
  | 'putSalt'
  | 'deleteSaltsBefore'
  | 'createToken'
  | 'findTokenByHash'
  | 'listTokens'
  | 'deleteToken'
  | 'createUser'
  | 'getUser'
  | 'getUserByEmail'
  | 'listUsers'
  | 'updateUser'
  | 'deleteUser'
  | 'getUserSiteRoles'
  | 'setUserSiteRoles'
  | 'countUsers'
  | 'createSession'
  | 'getSessionByHash'
  | 'touchSession'
  | 'deleteSession'
  | 'deleteUserSessions'
  | 'deleteExpiredSessions'
  | 'appendAuditEntry'
  | 'listAuditEntries'
  | 'pruneAuditEntries'
  | 'relabelAuditActor'
  | 'forgetAuditDetails'
  | 'instanceSecret'
>;

/** The stats reads: rollups with their unfolded tail, raw events, link counts. */
export type StoreStats = Pick<
  Store,
  | 'queryRollup'
  | 'firstDataDay'
  | 'oldestEventAt'
  | 'listEvents'
  | 'countLinkEvents'
  | 'countClicks'
  | 'countEvents'
>;

export interface StoreRoles {
  sites: StoreSites;
  links: StoreLinks;
  accounts: StoreAccounts;
  stats: StoreStats;
}

/**
 * Hands each role's methods to its object with one plain call: no `async` wrapper, so no promise
 * of its own, and nothing allocated per call.
 */
export abstract class StoreByRole {
  readonly #sites: StoreSites;
  readonly #links: StoreLinks;
  readonly #accounts: StoreAccounts;
  readonly #stats: StoreStats;

  protected constructor(roles: StoreRoles) {
    this.#sites = roles.sites;
    this.#links = roles.links;
    this.#accounts = roles.accounts;
    this.#stats = roles.stats;
  }

  // Sites, their public links and retention runs.
  createSite(site: NewSite): Promise<Site> {
    return this.#sites.createSite(site);
  }

  getSite(id: string): Promise<Site | undefined> {
    return this.#sites.getSite(id);
  }

  getSiteByDomain(domain: string): Promise<Site | undefined> {
    return this.#sites.getSiteByDomain(domain);
  }

  listSites(): Promise<Site[]> {
    return this.#sites.listSites();
  }

  updateSite(id: string, patch: SitePatch): Promise<Site | undefined> {
    return this.#sites.updateSite(id, patch);
  }

  deleteSite(id: string): Promise<boolean> {
    return this.#sites.deleteSite(id);
  }

  createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    return this.#sites.createPublicLink(link);
  }

  getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    return this.#sites.getPublicLinkByHash(hash);
  }

  listPublicLinks(siteId: string): Promise<PublicLink[]> {
    return this.#sites.listPublicLinks(siteId);
  }

  revokePublicLink(siteId: string, id: string): Promise<boolean> {
    return this.#sites.revokePublicLink(siteId, id);
  }

  recordRetentionRun(run: RetentionRun): Promise<void> {
    return this.#sites.recordRetentionRun(run);
  }

  getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    return this.#sites.getRetentionRun(siteId);
  }

  // Links and their deletion records.
  createLinks(links: readonly NewLink[]): Promise<Link[]> {
    return this.#links.createLinks(links);
  }

  getLink(id: string): Promise<Link | undefined> {
    return this.#links.getLink(id);
  }

  getLinkBySlug(slug: string): Promise<Link | undefined> {
    return this.#links.getLinkBySlug(slug);
  }

  listLinks(query: LinkQuery): Promise<{ items: Link[]; total: number }> {
    return this.#links.listLinks(query);
  }

  listVariants(parentId: string): Promise<Link[]> {
    return this.#links.listVariants(parentId);
  }

  listLinksUpdatedSince(since: string): Promise<Link[]> {
    return this.#links.listLinksUpdatedSince(since);
  }

  listLinksDeletedSince(since: string): Promise<LinkDeletion[]> {
    return this.#links.listLinksDeletedSince(since);
  }

  listAllLinks(): Promise<Link[]> {
    return this.#links.listAllLinks();
  }

  updateLink(id: string, patch: LinkPatch): Promise<Link | undefined> {
    return this.#links.updateLink(id, patch);
  }

  deleteLink(id: string): Promise<boolean> {
    return this.#links.deleteLink(id);
  }

  // Stats reads.
  queryRollup(query: RollupQuery): Promise<RollupResultRow[]> {
    return this.#stats.queryRollup(query);
  }

  firstDataDay(siteId: string): Promise<string | undefined> {
    return this.#stats.firstDataDay(siteId);
  }

  oldestEventAt(siteId: string): Promise<number | undefined> {
    return this.#stats.oldestEventAt(siteId);
  }

  listEvents(query: EventQuery): Promise<StoredEvent[]> {
    return this.#stats.listEvents(query);
  }

  countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    return this.#stats.countLinkEvents(linkIds);
  }

  countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    return this.#stats.countClicks(linkIds);
  }

  countEvents(): Promise<number> {
    return this.#stats.countEvents();
  }

  // Users, site roles, sessions, tokens, the audit log and secrets.
  listSalts(): Promise<DailySalt[]> {
    return this.#accounts.listSalts();
  }

  putSalt(salt: DailySalt): Promise<DailySalt> {
    return this.#accounts.putSalt(salt);
  }

  deleteSaltsBefore(day: string): Promise<number> {
    return this.#accounts.deleteSaltsBefore(day);
  }

  createToken(token: NewApiToken): Promise<ApiToken> {
    return this.#accounts.createToken(token);
  }

  findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    return this.#accounts.findTokenByHash(hash);
  }

  listTokens(): Promise<ApiToken[]> {
    return this.#accounts.listTokens();
  }

  deleteToken(id: string): Promise<boolean> {
    return this.#accounts.deleteToken(id);
  }

  createUser(user: NewUser): Promise<User> {
    return this.#accounts.createUser(user);
  }

  getUser(id: string): Promise<User | undefined> {
    return this.#accounts.getUser(id);
  }

  getUserByEmail(email: string): Promise<User | undefined> {
    return this.#accounts.getUserByEmail(email);
  }

  listUsers(): Promise<User[]> {
    return this.#accounts.listUsers();
  }

  updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return this.#accounts.updateUser(id, patch);
  }

  deleteUser(id: string): Promise<boolean> {
    return this.#accounts.deleteUser(id);
  }

  getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    return this.#accounts.getUserSiteRoles(userId);
  }

  setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    return this.#accounts.setUserSiteRoles(userId, roles);
  }

  countUsers(role?: UserRole): Promise<number> {
    return this.#accounts.countUsers(role);
  }

  createSession(session: NewSession): Promise<Session> {
    return this.#accounts.createSession(session);
  }

  getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    return this.#accounts.getSessionByHash(hash);
  }

  touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    return this.#accounts.touchSession(id, times);
  }

  deleteSession(id: string): Promise<boolean> {
    return this.#accounts.deleteSession(id);
  }

  deleteUserSessions(userId: string, except?: string): Promise<number> {
    return this.#accounts.deleteUserSessions(userId, except);
  }

  deleteExpiredSessions(now: string): Promise<number> {
    return this.#accounts.deleteExpiredSessions(now);
  }

  appendAuditEntry(entry: AuditEntry): Promise<void> {
    return this.#accounts.appendAuditEntry(entry);
  }

  listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    return this.#accounts.listAuditEntries(query);
  }

  pruneAuditEntries(before: string): Promise<number> {
    return this.#accounts.pruneAuditEntries(before);
  }

  relabelAuditActor(actorId: string, label: string): Promise<number> {
    return this.#accounts.relabelAuditActor(actorId, label);
  }

  forgetAuditDetails(siteId: string): Promise<number> {
    return this.#accounts.forgetAuditDetails(siteId);
  }

  instanceSecret(name: string, candidate: string): Promise<string> {
    return this.#accounts.instanceSecret(name, candidate);
  }
}
