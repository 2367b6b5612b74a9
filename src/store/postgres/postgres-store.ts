import type { AlertStore } from '../alert-store.js';
import { assertCount } from '../assert-page.js';
import { assertErasureLimit, isLinkScope } from '../data-scope.js';
import type { FunnelStore } from '../funnel-store.js';
import type { GoalStore } from '../goal-store.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import { POSTGRES_FILL_VISITOR_ATTRIBUTION } from '../migrations/goal-migrations.js';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres-migrations.js';
import type { OutboxStore } from '../outbox-store.js';
import type { PreviewStore } from '../preview-store.js';
import type { RecipientStore } from '../recipient-store.js';
import { eventRecord } from '../records.js';
import { localHour } from '../rollups/local-hour.js';
import { BACKFILL_BATCH, type BackfillState, backfillRecords } from '../rollups/rollup-backfill.js';
import { WATERMARK } from '../rollups/rollup-fold-sql.js';
import { FOLD_STEP } from '../rollups/rollup-fold-step.js';
import type { RollupQuery, RollupResultRow } from '../rollups/rollup-query.js';
import { SiteZones } from '../rollups/site-zones.js';
import type { ColumnRef, SchemaCatalog } from '../schema-catalog.js';
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  DailySalt,
  DataScope,
  EraseScopeOptions,
  EventCountRow,
  EventQuery,
  Link,
  LinkDeletion,
  LinkPatch,
  LinkQuery,
  NewApiToken,
  NewEvent,
  NewLink,
  NewPublicLink,
  NewSession,
  NewSite,
  NewUser,
  PublicLink,
  RawDataCutoff,
  RetentionRun,
  ScopeErasure,
  ScopeRow,
  Session,
  Site,
  SitePatch,
  SiteRole,
  Store,
  StoreChange,
  StoredEvent,
  TableCounts,
  User,
  UserPatch,
  UserRole,
} from '../store.js';
import { ERASURE_RECORD } from '../store.js';
import { EVENT_SELECT, type EventRow } from '../store-rows.js';
import { PostgresAccounts } from './postgres-accounts.js';
import { PostgresAlerts } from './postgres-alerts.js';
import {
  countPostgresScope,
  erasePostgresScope,
  listPostgresScopeEvents,
  listPostgresScopeRows,
} from './postgres-data-scope.js';
import { INSERT_EVENTS, insertEventsParams } from './postgres-event-sql.js';
import { foldPostgresRollups, lockFold, postgresWatermark } from './postgres-fold.js';
import { PostgresFunnels } from './postgres-funnels.js';
import { PostgresGoals } from './postgres-goals.js';
import { listPostgresInstallSightings, recordPostgresInstallSighting } from './postgres-install.js';
import { latestLinkStamp, PostgresLinks, recordDeletions } from './postgres-links.js';
import { notifyChange, PostgresListener } from './postgres-listener.js';
import { migratePostgres } from './postgres-migrate.js';
import { PostgresOutbox } from './postgres-outbox.js';
import { createPgPool, type PgPool, queryRows } from './postgres-pool.js';
import { PostgresPreviews } from './postgres-previews.js';
import { PostgresRecipients } from './postgres-recipients.js';
import { addPostgresRollups } from './postgres-rollups.js';
import { PostgresSites } from './postgres-sites.js';
import { PostgresStats } from './postgres-stats.js';
import { DEFAULT_PG_TIMEOUTS, type PgTimeouts } from './postgres-timeouts.js';
import { withTransaction } from './postgres-transaction.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Work in this schema (created by `migrate()` if missing) instead of the default search_path. */
  schema?: string;
  /** Connect and statement bounds (postgres-timeouts.ts); DEFAULT_PG_TIMEOUTS when not given. */
  timeouts?: Readonly<PgTimeouts>;
}

/**
 * Creates the PostgreSQL store. Connections open lazily; call `migrate()` before use.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const timeouts = options.timeouts ?? DEFAULT_PG_TIMEOUTS;
  return new PostgresStore(
    createPgPool(options.connectionString, options.schema, timeouts),
    options.schema,
    new PostgresListener({ connectionString: options.connectionString, schema: options.schema, timeouts }),
  );
}

/**
 * The adapter for larger installs and several instances, on a node-postgres pool.
 *
 * This class holds the event writer, the fold's entry points and what needs both (retention,
 * data requests, the schema catalog); each other role has its file (docs/architecture.md,
 * "Store layout"): postgres-sites.ts, postgres-links.ts, postgres-accounts.ts,
 * postgres-stats.ts, and the sub-stores (`goals`, `outbox` …).
 */
export class PostgresStore implements Store, SchemaCatalog {
  readonly dialect = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string | undefined;
  readonly #zones = new SiteZones();
  #closing: Promise<void> | undefined;

  readonly #listener: PostgresListener | undefined;
  readonly #links: PostgresLinks;
  readonly #sites: PostgresSites;
  readonly #accounts: PostgresAccounts;
  readonly #stats: PostgresStats;
  readonly previews: PreviewStore;
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
  readonly goals: GoalStore;
  readonly funnels: FunnelStore;
  readonly recipients: RecipientStore;

  constructor(pool: PgPool, schema?: string, listener?: PostgresListener) {
    this.#pool = pool;
    this.#links = new PostgresLinks(pool);
    this.#sites = new PostgresSites(pool, this.#zones);
    this.#accounts = new PostgresAccounts(pool);
    this.#stats = new PostgresStats(pool);
    this.previews = new PostgresPreviews(pool);
    this.outbox = new PostgresOutbox(pool);
    this.alerts = new PostgresAlerts(pool);
    this.goals = new PostgresGoals(pool);
    this.funnels = new PostgresFunnels(pool);
    this.recipients = new PostgresRecipients(pool);
    this.#schema = schema;
    this.#listener = listener;
  }

  /** Link and site changes committed by any instance, heard on a LISTEN connection of its own. */
  onChange(listener: (change: StoreChange) => void): () => void {
    if (this.#listener === undefined) return () => undefined;
    return this.#listener.subscribe(listener);
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.#pool, POSTGRES_MIGRATIONS, this.#schema);
    let backfilled = false;
    while (await this.#backfillRollupBatch()) {
      // Each batch commits on its own (rollup-backfill.ts).
      backfilled = true;
    }
    // The backfill's visitor rows carry no attribution: filled from each day's first page view
    // (goal-migrations.ts), as migration 14 filled the rows it found.
    if (backfilled) await this.#pool.query(POSTGRES_FILL_VISITOR_ATTRIBUTION);
  }

  /** Adds one batch of pre-rollup events to the rollups; false when there is none left. */
  #backfillRollupBatch(): Promise<boolean> {
    return withTransaction(this.#pool, async (client) => {
      // FOR UPDATE: a second instance starting at the same time waits, then finds the batch done.
      const [state] = await queryRows<BackfillState>(
        client,
        'SELECT through_id, done_id FROM rollup_backfill FOR UPDATE',
      );
      if (state === undefined || Number(state.done_id) >= Number(state.through_id)) return false;
      const rows = await queryRows<EventRow & { local_hour: string }>(
        client,
        `SELECT ${EVENT_SELECT}, local_hour FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
        [state.done_id, state.through_id, BACKFILL_BATCH],
      );
      await addPostgresRollups(client, backfillRecords(rows));
      const last = rows.at(-1);
      await client.query('UPDATE rollup_backfill SET done_id = $1', [
        last ? Number(last.id) : state.through_id,
      ]);
      return true;
    });
  }

  /** Ends the pool once; pg throws if `end()` is called twice. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([this.#listener?.close(), this.#pool.end()]).then(() => undefined);
    return this.#closing;
  }

  async insertEvents(events: readonly NewEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    await this.#loadZones(events);
    const records = events.map((event) =>
      eventRecord(event, localHour(event.occurredAt, this.#zones.zoneOf(event.siteId))),
    );
    // One statement: the live check, the insert and the dedupe (postgres-event-sql.ts). The
    // rollups are folded from these events later (foldRollups), not in this statement.
    const result = await this.#pool.query(INSERT_EVENTS, insertEventsParams(records));
    return Number((result.rows[0] as { stored: string }).stored);
  }

  async foldRollups(limit: number = FOLD_STEP): Promise<number> {
    assertCount('limit', limit);
    return foldPostgresRollups(this.#pool, limit);
  }

  /** Data requests read and erase rollup rows as rows: the tail is folded first (as on SQLite). */
  async #foldAll(): Promise<void> {
    while ((await foldPostgresRollups(this.#pool, FOLD_STEP, true)) >= FOLD_STEP) {
      // Each step commits on its own.
    }
  }

  async #loadZones(events: readonly NewEvent[]): Promise<void> {
    const missing = this.#zones.missing(events.map((event) => event.siteId));
    if (missing.length === 0) return;
    const rows = await queryRows<{ id: string; timezone: string }>(
      this.#pool,
      'SELECT id, timezone FROM sites WHERE id = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) this.#zones.remember(row.id, row.timezone);
  }

  async pruneEvents(siteId: string, before: RawDataCutoff, limit: number): Promise<number> {
    assertCount('limit', limit);
    // Folded first: the rollups keep what retention deletes.
    await this.#foldAll();
    return withTransaction(this.#pool, async (client) => {
      const result = await client.query(
        // Only folded events: the rollups keep what retention deletes, so an event goes once it
        // is counted (the next run takes the rest).
        `DELETE FROM events WHERE id IN
           (SELECT id FROM events WHERE site_id = $1 AND occurred_at < $2 AND id <= ${WATERMARK}
            ORDER BY site_id, occurred_at LIMIT $3)`,
        [siteId, before.occurredAt, limit],
      );
      // Visitor rows stay for the days of unfolded events: the fold still needs them to count a
      // visitor once.
      for (const table of ['visitor_days', 'page_visitor_days', 'goal_visitor_days']) {
        await client.query(
          `DELETE FROM ${table} WHERE site_id = $1 AND day < $2 AND day < coalesce(
             (SELECT min(substr(local_hour, 1, 10)) FROM events
              WHERE site_id = $1 AND id > $3 AND id > ${WATERMARK}), $2)`,
          [siteId, before.day, await postgresWatermark(client)],
        );
      }
      return result.rowCount ?? 0;
    });
  }

  async listScopeEvents(
    scope: DataScope,
    after: StoredEvent | undefined,
    limit: number,
  ): Promise<StoredEvent[]> {
    assertCount('limit', limit);
    return listPostgresScopeEvents(this.#pool, scope, after, limit);
  }

  async listScopeRows(
    scope: DataScope,
    table: string,
    after: ScopeRow | undefined,
    limit: number,
  ): Promise<ScopeRow[]> {
    assertCount('limit', limit);
    // Once per listing: later pages continue a keyset walk over rows already complete.
    if (after === undefined) await this.#foldAll();
    return listPostgresScopeRows(this.#pool, scope, table, after, limit);
  }

  async countScope(scope: DataScope): Promise<TableCounts> {
    await this.#foldAll();
    return countPostgresScope(this.#pool, scope);
  }

  async eraseScope(scope: DataScope, options: EraseScopeOptions): Promise<ScopeErasure> {
    assertErasureLimit(options.limit);
    await this.#foldAll();
    const result = await withTransaction(this.#pool, async (client) => {
      // A site's erasure deletes it: the other instances' site caches hear of it at commit.
      if (!isLinkScope(scope)) await notifyChange(client, 'sites');
      // The link clock's lock before the step locks any site or link row: every link write takes
      // it first too, so the two orders cannot cross (erasePostgresScope). Then the fold's: the
      // watermark stays put while this step reads it and takes folded events back out.
      const latest = await latestLinkStamp(client);
      await lockFold(client);
      return erasePostgresScope(client, scope, options, () =>
        recordDeletions(client, latest, [ERASURE_RECORD]),
      );
    });
    if (result.done && !isLinkScope(scope)) this.#zones.forget(scope.siteId);
    return result;
  }

  async recordInstallSighting(sighting: InstallSightingWrite): Promise<void> {
    await recordPostgresInstallSighting(this.#pool, sighting);
  }

  listInstallSightings(siteId: string): Promise<InstallSighting[]> {
    return listPostgresInstallSightings(this.#pool, siteId);
  }

  async listColumns(): Promise<ColumnRef[]> {
    return queryRows<ColumnRef>(
      this.#pool,
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
  }

  async dumpRows(): Promise<Record<string, unknown[]>> {
    // Folded first, so the rollup tables show every stored event; then one REPEATABLE READ
    // transaction: every table as of the same snapshot.
    await this.#foldAll();
    return withTransaction(this.#pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const tables = await queryRows<{ name: string }>(
        client,
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      const dump: Record<string, unknown[]> = {};
      for (const { name } of tables) {
        dump[name] = await queryRows(client, `SELECT * FROM "${name.replaceAll('"', '""')}"`);
      }
      return dump;
    });
  }

  // Sites, their public links and retention runs: postgres-sites.ts.
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

  // Links and their deletion records: postgres-links.ts.
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

  // Stats reads: postgres-stats.ts.
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

  // Users, site roles, sessions, tokens, the audit log and secrets: postgres-accounts.ts.
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
