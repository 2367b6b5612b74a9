import type { AlertStore } from '../alert-store.js';
import { assertCount, assertPage } from '../assert-page.js';
import {
  AUDIT_COLUMNS,
  type AuditRow,
  auditFilter,
  auditFromRow,
  auditValues,
  RETENTION_RUN_COLUMNS,
  type RetentionRunRow,
  retentionRunFromRow,
} from '../audit-rows.js';
import { assertErasureLimit, isLinkScope } from '../data-scope.js';
import type { FunnelStore } from '../funnel-store.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import { nextLinkStamps } from '../link-clock.js';
import { deletionPruneCutoff, doomedLinksSql, LATEST_LINK_STAMP } from '../link-deletions.js';
import { liveRecords, referencedIds } from '../live-events.js';
import { SQLITE_FILL_VISITOR_ATTRIBUTION } from '../migrations/goal-migrations.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite-migrations.js';
import type { OutboxStore } from '../outbox-store.js';
import { parentsFirst } from '../parents-first.js';
import type { PreviewStore } from '../preview-store.js';
import type { RecipientStore } from '../recipient-store.js';
import {
  type EventRecord,
  eventRecord,
  linkRecord,
  patchLink,
  patchSite,
  patchUser,
  publicLinkRecord,
  sessionRecord,
  siteRecord,
  siteRoleRecords,
  tokenRecord,
  userRecord,
} from '../records.js';
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
  StoredEvent,
  TableCounts,
  User,
  UserPatch,
  UserRole,
} from '../store.js';
import { ERASURE_RECORD, StoreConflictError } from '../store.js';
import {
  type ClickCountDbRow,
  clickCountsFromRows,
  EVENT_COLUMNS,
  EVENT_FIELDS,
  EVENT_SELECT,
  type EventCountDbRow,
  type EventRow,
  eventCountFromRow,
  eventFromRow,
  type LinkDeletionRow,
  type LinkRow,
  linkDeletionFromRow,
  linkFromRow,
  PUBLIC_LINK_COLUMNS,
  type PublicLinkRow,
  publicLinkFromRow,
  SESSION_COLUMNS,
  SESSION_WITH_USER_SELECT,
  type SessionWithUserRow,
  SITE_COLUMNS,
  type SiteRoleRow,
  type SiteRow,
  saltFromRow,
  sessionWithUserFromRow,
  siteFromRow,
  siteRoleFromRow,
  siteValues,
  TOKEN_COLUMNS,
  type TokenRow,
  tokenFromRow,
  USER_COLUMNS,
  type UserRow,
  userFromRow,
} from '../store-rows.js';
import { SqliteAlerts } from './sqlite-alerts.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import {
  countSqliteScope,
  eraseSqliteScope,
  listSqliteScopeEvents,
  listSqliteScopeRows,
} from './sqlite-data-scope.js';
import {
  openSqliteDatabase,
  type SqliteDatabase,
  type SqliteOpenOptions,
  type SqliteStatement,
} from './sqlite-database.js';
import { foldSqliteRollups, sqliteFoldPending } from './sqlite-fold.js';
import { SqliteFunnels } from './sqlite-funnels.js';
import { SqliteGoals } from './sqlite-goals.js';
import { listSqliteInstallSightings, recordSqliteInstallSighting } from './sqlite-install.js';
import { deleteSqliteLinkEvents } from './sqlite-link-events.js';
import {
  INSERT_LINK,
  SQLITE_LINK_COLUMNS,
  sqliteLinkFilter,
  sqliteLinkParams,
  UPDATE_LINK,
} from './sqlite-link-sql.js';
import { migrateSqlite } from './sqlite-migrate.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { SqlitePreviews } from './sqlite-previews.js';
import { SqliteRecipients } from './sqlite-recipients.js';
import {
  addSqliteRollups,
  deleteSqliteLinkRollups,
  deleteSqliteSiteRollups,
  querySqliteRollup,
} from './sqlite-rollups.js';
import { writeTransaction } from './sqlite-transaction.js';

const SELECT_LINKS = `SELECT ${SQLITE_LINK_COLUMNS} FROM links`;

/**
 * An event whose dedupe_key is already stored is skipped; any other failure (a CHECK, NOT NULL
 * or foreign key) still fails the batch. `INSERT OR IGNORE` would skip those rows silently too.
 */
const EVENT_ROW_PLACEHOLDERS = `(${EVENT_FIELDS.map(() => '?').join(', ')})`;

/**
 * Events are inserted up to 64 rows per statement with positional parameters: binding a named
 * object per row and one native call per row cost more than SQLite's own work (measured with
 * bench/import-log.ts). `changes` still counts only the rows stored.
 */
const EVENT_ROWS_PER_STATEMENT = 64;

const insertSqlByRows: string[] = [];

function insertEventsSql(rows: number): string {
  insertSqlByRows[rows] ??=
    `INSERT INTO events (${EVENT_FIELDS.map((field) => EVENT_COLUMNS[field]).join(', ')})
  VALUES ${Array.from({ length: rows }, () => EVENT_ROW_PLACEHOLDERS).join(', ')}
  ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;
  return insertSqlByRows[rows];
}

/** `IN (SELECT value FROM json_each(?))`: one statement for any number of ids, no variable limit. */
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

/**
 * The link rollup's rows of some links plus their unfolded events (one hit each): the counts of
 * click limits and link reports are current. The tail walks the ids past the watermark (the
 * unary + keeps the planner off the link index, which would read every event of the link).
 */
function linkRowsWithTail(columns: string): string {
  return `(SELECT ${columns}, hits FROM rollup_links WHERE link_id ${IN_IDS}
    UNION ALL SELECT ${columns}, 1 AS hits FROM events WHERE +link_id ${IN_IDS} AND id > ${WATERMARK})`;
}

const SITE_PLACEHOLDERS = SITE_COLUMNS.split(',')
  .map(() => '?')
  .join(', ');

const sqliteBoolean = (value: boolean): number => (value ? 1 : 0);

/**
 * Opens the SQLite store on `file` (`:memory:` for a private in-memory database). Call
 * `migrate()` before use. The CLI and the server may each open the same file.
 *
 * @example
 * const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
 * await store.migrate();
 */
export function openSqliteStore(options: { file: string } & SqliteOpenOptions): SqliteStore {
  return new SqliteStore(openSqliteDatabase(options.file, options));
}

/** The default adapter, on better-sqlite3. Synchronous underneath; async to fit `Store`. */
export class SqliteStore implements Store, SchemaCatalog {
  readonly dialect = 'sqlite';
  readonly #db: SqliteDatabase;
  readonly #statements = new Map<string, SqliteStatement>();
  readonly #zones = new SiteZones();
  readonly #prepare = (sql: string): SqliteStatement => this.#sql(sql);
  readonly previews: PreviewStore;
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
  readonly goals: SqliteGoals;
  readonly funnels: FunnelStore;
  readonly recipients: RecipientStore;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.previews = new SqlitePreviews(db);
    this.outbox = new SqliteOutbox(db);
    this.alerts = new SqliteAlerts(db);
    this.goals = new SqliteGoals(db, this.#prepare);
    this.funnels = new SqliteFunnels(db);
    this.recipients = new SqliteRecipients(db);
  }

  async migrate(): Promise<void> {
    // A migration may rebuild a table; statements prepared against the old one are dropped.
    this.#statements.clear();
    migrateSqlite(this.#db, SQLITE_MIGRATIONS);
    let backfilled = false;
    while (this.#backfillRollupBatch()) {
      // Each batch commits on its own (rollup-backfill.ts).
      backfilled = true;
    }
    // The backfill's visitor rows carry no attribution: filled from each day's first page view
    // (goal-migrations.ts), as migration 14 filled the rows it found.
    if (backfilled) writeTransaction(this.#db, () => this.#db.exec(SQLITE_FILL_VISITOR_ATTRIBUTION));
  }

  /** Adds one batch of pre-rollup events to the rollups; false when there is none left. */
  #backfillRollupBatch(): boolean {
    return writeTransaction(this.#db, () => {
      const state = this.#sql('SELECT through_id, done_id FROM rollup_backfill').get() as
        | BackfillState
        | undefined;
      if (state === undefined || Number(state.done_id) >= Number(state.through_id)) return false;
      const rows = this.#sql(
        `SELECT ${EVENT_SELECT}, local_hour FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
      ).all(state.done_id, state.through_id, BACKFILL_BATCH) as (EventRow & { local_hour: string })[];
      addSqliteRollups(this.#prepare, backfillRecords(rows));
      const last = rows.at(-1);
      this.#sql('UPDATE rollup_backfill SET done_id = ?').run(last ? Number(last.id) : state.through_id);
      return true;
    });
  }

  async close(): Promise<void> {
    this.#statements.clear();
    this.#db.close();
  }

  async createSite(site: NewSite): Promise<Site> {
    const created = siteRecord(site, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO sites (${SITE_COLUMNS}) VALUES (${SITE_PLACEHOLDERS})`).run(
        ...siteValues(created, sqliteBoolean),
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'sites', 'domain')) {
        throw new StoreConflictError('domain', site.domain);
      }
      throw error;
    }
    return created;
  }

  async getSite(id: string): Promise<Site | undefined> {
    return this.#findSite('id', id);
  }

  async getSiteByDomain(domain: string): Promise<Site | undefined> {
    return this.#findSite('domain', domain);
  }

  async listSites(): Promise<Site[]> {
    const rows = this.#sql(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY created_at, id`).all() as SiteRow[];
    return rows.map(siteFromRow);
  }

  async updateSite(id: string, patch: SitePatch): Promise<Site | undefined> {
    return writeTransaction(this.#db, () => {
      const current = this.#findSite('id', id);
      if (current === undefined) return undefined;
      const next = patchSite(current, patch);
      this.#zones.forget(id);
      this.#sql(
        `UPDATE sites SET name = ?, timezone = ?, fallback_url = ?, privacy_mode = ?, landing_paths = ?,
           respect_dnt = ?, retention_months = ?, extra_origins = ?, query_params = ?
         WHERE id = ?`,
      ).run(
        next.name,
        next.timezone,
        next.fallbackUrl,
        next.privacyMode,
        JSON.stringify(next.landingPaths),
        sqliteBoolean(next.respectDnt),
        next.retentionMonths,
        JSON.stringify(next.extraOrigins),
        JSON.stringify(next.queryParams),
        id,
      );
      return next;
    });
  }

  async deleteSite(id: string): Promise<boolean> {
    return writeTransaction(this.#db, () => {
      this.#recordDeletions(this.#sql(doomedLinksSql('site_id = ?')).all(id) as LinkDeletionRow[]);
      deleteSqliteSiteRollups(this.#prepare, id);
      this.#zones.forget(id);
      // Events have no foreign key (schema version 8); links go by ON DELETE CASCADE.
      this.#sql('DELETE FROM events WHERE site_id = ?').run(id);
      return this.#sql('DELETE FROM sites WHERE id = ?').run(id).changes > 0;
    });
  }

  async createLinks(links: readonly NewLink[]): Promise<Link[]> {
    if (links.length === 0) return [];
    return writeTransaction(this.#db, () => {
      const ordered = parentsFirst(links);
      const stamps = nextLinkStamps(this.#latestLinkStamp(), ordered.length);
      const created = ordered.map((link, index) => linkRecord(link, stamps[index] as string));
      for (const link of created) this.#insertLink(link);
      const byId = new Map(created.map((link) => [link.id, link]));
      return links.map((link) => byId.get(link.id) as Link);
    });
  }

  async getLink(id: string): Promise<Link | undefined> {
    return this.#findLink('id', id);
  }

  async getLinkBySlug(slug: string): Promise<Link | undefined> {
    return this.#findLink('slug', slug);
  }

  async listLinks(query: LinkQuery): Promise<{ items: Link[]; total: number }> {
    assertPage(query);
    const { where, params } = sqliteLinkFilter(query);
    const page = { ...params, limit: query.limit, offset: query.offset };
    const rows = this.#sql(
      `${SELECT_LINKS} ${where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    ).all(page) as LinkRow[];
    const count = this.#sql(`SELECT count(*) AS total FROM links ${where}`).get(params) as { total: number };
    return { items: rows.map(linkFromRow), total: count.total };
  }

  async listVariants(parentId: string): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} WHERE parent_id = ? ORDER BY created_at, id`, parentId);
  }

  async listLinksUpdatedSince(since: string): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} WHERE updated_at > ? ORDER BY updated_at, id`, since);
  }

  async listLinksDeletedSince(since: string): Promise<LinkDeletion[]> {
    const rows = this.#sql(
      'SELECT id, slug, deleted_at FROM link_deletions WHERE deleted_at > ? ORDER BY deleted_at, id',
    ).all(since) as LinkDeletionRow[];
    return rows.map(linkDeletionFromRow);
  }

  async listAllLinks(): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} ORDER BY created_at, id`);
  }

  async updateLink(id: string, patch: LinkPatch): Promise<Link | undefined> {
    return writeTransaction(this.#db, () => {
      const current = this.#findLink('id', id);
      if (current === undefined) return undefined;
      const [stamp] = nextLinkStamps(this.#latestLinkStamp(), 1);
      const next = patchLink(current, patch, stamp as string);
      this.#sql(UPDATE_LINK).run(sqliteLinkParams(next));
      return next;
    });
  }

  async deleteLink(id: string): Promise<boolean> {
    return writeTransaction(this.#db, () => {
      const doomed = this.#sql(doomedLinksSql('id = ?')).all(id) as LinkDeletionRow[];
      if (doomed.length === 0) return false;
      this.#recordDeletions(doomed);
      deleteSqliteLinkRollups(
        this.#prepare,
        doomed.map((link) => link.id),
      );
      deleteSqliteLinkEvents(
        this.#prepare,
        doomed.map((link) => link.id),
      );
      // Variants (links.parent_id) go by ON DELETE CASCADE.
      return this.#sql('DELETE FROM links WHERE id = ?').run(id).changes > 0;
    });
  }

  async insertEvents(events: readonly NewEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    this.#loadZones(events);
    const records = events.map((event) =>
      eventRecord(event, localHour(event.occurredAt, this.#zones.zoneOf(event.siteId))),
    );
    return writeTransaction(this.#db, () => {
      // The rollups are folded from these events later (foldRollups), not in this transaction.
      return this.#insertEventRecords(this.#liveRecords(records));
    });
  }

  async foldRollups(limit: number = FOLD_STEP): Promise<number> {
    assertCount('limit', limit);
    return writeTransaction(this.#db, () => foldSqliteRollups(this.#prepare, limit));
  }

  /**
   * Data requests read and erase rollup rows as rows (export, counts, erasure): the tail is
   * folded first, one step per transaction, so what they see is whole.
   */
  #foldAll(): void {
    if (!sqliteFoldPending(this.#prepare)) return;
    while (writeTransaction(this.#db, () => foldSqliteRollups(this.#prepare, FOLD_STEP)) >= FOLD_STEP) {
      // Each step commits on its own.
    }
  }

  /** Under the write lock, so no deletion can come between this check and the insert. */
  #liveRecords(records: readonly EventRecord[]): readonly EventRecord[] {
    const { siteIds, linkIds } = referencedIds(records);
    const existing = (table: 'sites' | 'links', ids: string[]) => {
      if (ids.length === 0) return new Set<string>();
      const rows = this.#sql(`SELECT id FROM ${table} WHERE id ${IN_IDS}`).all(JSON.stringify(ids)) as {
        id: string;
      }[];
      return new Set(rows.map((row) => row.id));
    };
    return liveRecords(records, existing('sites', siteIds), existing('links', linkIds));
  }

  /** How many events were stored: `changes` leaves out an event whose dedupe key was stored. */
  #insertEventRecords(records: readonly EventRecord[]): number {
    let stored = 0;
    for (let start = 0; start < records.length; start += EVENT_ROWS_PER_STATEMENT) {
      const chunk = records.slice(start, start + EVENT_ROWS_PER_STATEMENT);
      const values = chunk.flatMap((record) => EVENT_FIELDS.map((field) => record[field]));
      stored += this.#sql(insertEventsSql(chunk.length)).run(values).changes;
    }
    return stored;
  }

  #loadZones(events: readonly NewEvent[]): void {
    const missing = this.#zones.missing(events.map((event) => event.siteId));
    if (missing.length === 0) return;
    const rows = this.#sql(`SELECT id, timezone FROM sites WHERE id ${IN_IDS}`).all(
      JSON.stringify(missing),
    ) as {
      id: string;
      timezone: string;
    }[];
    for (const row of rows) this.#zones.remember(row.id, row.timezone);
  }

  async queryRollup(query: RollupQuery): Promise<RollupResultRow[]> {
    return querySqliteRollup(this.#prepare, query);
  }

  async firstDataDay(siteId: string): Promise<string | undefined> {
    // The unfolded tail may hold an earlier day (an imported log): it is read too.
    const row = this.#sql(
      `SELECT min(day) AS day FROM (SELECT min(day) AS day FROM rollup_daily WHERE site_id = ?
         UNION ALL SELECT min(substr(local_hour, 1, 10)) FROM events WHERE +site_id = ? AND id > ${WATERMARK})`,
    ).get(siteId, siteId) as {
      day: string | null;
    };
    return row.day ?? undefined;
  }

  async oldestEventAt(siteId: string): Promise<number | undefined> {
    // One step down events_site_occurred_idx.
    const row = this.#sql('SELECT min(occurred_at) AS at FROM events WHERE site_id = ?').get(siteId) as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  async pruneEvents(siteId: string, before: RawDataCutoff, limit: number): Promise<number> {
    assertCount('limit', limit);
    // Folded first: the rollups keep what retention deletes.
    this.#foldAll();
    return writeTransaction(this.#db, () => {
      // Only folded events: the rollups keep what retention deletes, so an event goes once it is
      // counted (the next run takes the rest).
      const deleted = this.#sql(
        `DELETE FROM events WHERE id IN
           (SELECT id FROM events WHERE site_id = ? AND occurred_at < ? AND id <= ${WATERMARK}
            ORDER BY site_id, occurred_at LIMIT ?)`,
      ).run(siteId, before.occurredAt, limit).changes;
      // Visitor rows stay for the days of unfolded events: the fold still needs them to count a
      // visitor once.
      for (const table of ['visitor_days', 'page_visitor_days', 'goal_visitor_days']) {
        this.#sql(
          `DELETE FROM ${table} WHERE site_id = ? AND day < ? AND day < coalesce(
             (SELECT min(substr(local_hour, 1, 10)) FROM events WHERE +site_id = ? AND id > ${WATERMARK}), ?)`,
        ).run(siteId, before.day, siteId, before.day);
      }
      return deleted;
    });
  }

  async listEvents(query: EventQuery): Promise<StoredEvent[]> {
    assertCount('limit', query.limit);
    if (query.types?.length === 0) return [];
    const conditions = ['site_id = @siteId'];
    if (query.types !== undefined) conditions.push('type IN (SELECT value FROM json_each(@types))');
    if (query.since !== undefined) conditions.push('occurred_at >= @since');
    const rows = this.#sql(
      `SELECT ${EVENT_SELECT} FROM events WHERE ${conditions.join(' AND ')}
       ORDER BY occurred_at DESC, id DESC LIMIT @limit`,
    ).all({
      siteId: query.siteId,
      types: JSON.stringify(query.types ?? []),
      since: query.since ?? null,
      limit: query.limit,
    }) as EventRow[];
    return rows.map(eventFromRow);
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = this.#sql(
      `SELECT link_id, type, channel, source, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type, channel, source')}
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
    ).all(JSON.stringify(linkIds), JSON.stringify(linkIds)) as EventCountDbRow[];
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = this.#sql(
      `SELECT link_id, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type')} WHERE type = 'click' GROUP BY link_id`,
    ).all(JSON.stringify(linkIds), JSON.stringify(linkIds)) as ClickCountDbRow[];
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    return (this.#sql('SELECT count(*) AS total FROM events').get() as { total: number }).total;
  }

  async listScopeEvents(
    scope: DataScope,
    after: StoredEvent | undefined,
    limit: number,
  ): Promise<StoredEvent[]> {
    assertCount('limit', limit);
    return listSqliteScopeEvents(this.#prepare, scope, after, limit);
  }

  async listScopeRows(
    scope: DataScope,
    table: string,
    after: ScopeRow | undefined,
    limit: number,
  ): Promise<ScopeRow[]> {
    assertCount('limit', limit);
    // Once per listing: later pages continue a keyset walk over rows already complete.
    if (after === undefined) this.#foldAll();
    return listSqliteScopeRows(this.#prepare, scope, table, after, limit);
  }

  async countScope(scope: DataScope): Promise<TableCounts> {
    this.#foldAll();
    return countSqliteScope(this.#prepare, scope);
  }

  async eraseScope(scope: DataScope, options: EraseScopeOptions): Promise<ScopeErasure> {
    assertErasureLimit(options.limit);
    this.#foldAll();
    return writeTransaction(this.#db, () => {
      const result = eraseSqliteScope(this.#prepare, scope, options, () =>
        this.#recordDeletions([ERASURE_RECORD]),
      );
      if (result.done && !isLinkScope(scope)) this.#zones.forget(scope.siteId);
      return result;
    });
  }

  async listSalts(): Promise<DailySalt[]> {
    const rows = this.#sql('SELECT day, salt FROM daily_salts ORDER BY day DESC').all() as DailySalt[];
    return rows.map(saltFromRow);
  }

  async putSalt(salt: DailySalt): Promise<DailySalt> {
    // Under the write lock: whichever process comes second finds the first one's salt.
    return writeTransaction(this.#db, () => {
      this.#sql('INSERT INTO daily_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING').run(
        salt.day,
        salt.salt,
      );
      return saltFromRow(
        this.#sql('SELECT day, salt FROM daily_salts WHERE day = ?').get(salt.day) as DailySalt,
      );
    });
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    return this.#sql('DELETE FROM daily_salts WHERE day < ?').run(day).changes;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
        created.id,
        created.name,
        created.hash,
        created.createdAt,
        JSON.stringify(created.scopes),
        created.siteIds && JSON.stringify(created.siteIds),
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.#sql(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = ?`).get(hash) as
      | TokenRow
      | undefined;
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const rows = this.#sql(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`,
    ).all() as TokenRow[];
    return rows.map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
        created.id,
        created.email,
        created.name,
        created.role,
        created.passwordHash,
        created.createdAt,
        created.updatedAt,
        created.allSites ? 1 : 0,
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'users', 'email'))
        throw new StoreConflictError('email', created.email);
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser('id', id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser('email', email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    const rows = this.#sql(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`).all() as UserRow[];
    return rows.map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return writeTransaction(this.#db, () => {
      const current = this.#findUser('id', id);
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      this.#sql(
        'UPDATE users SET name = ?, role = ?, password_hash = ?, updated_at = ?, all_sites = ? WHERE id = ?',
      ).run(next.name, next.role, next.passwordHash, next.updatedAt, next.allSites ? 1 : 0, id);
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    // Sessions go by ON DELETE CASCADE.
    return this.#sql('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    const sql = 'SELECT site_id, role FROM user_site_roles WHERE user_id = ? ORDER BY site_id';
    return (this.#sql(sql).all(userId) as SiteRoleRow[]).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return writeTransaction(this.#db, () => {
      if (this.#findUser('id', userId) === undefined) return false;
      this.#sql('DELETE FROM user_site_roles WHERE user_id = ?').run(userId);
      const insert = this.#sql('INSERT INTO user_site_roles (user_id, site_id, role) VALUES (?, ?, ?)');
      for (const { siteId, role } of records) insert.run(userId, siteId, role);
      return true;
    });
  }

  async countUsers(role?: UserRole): Promise<number> {
    const row =
      role === undefined
        ? this.#sql('SELECT count(*) AS total FROM users').get()
        : this.#sql('SELECT count(*) AS total FROM users WHERE role = ?').get(role);
    return (row as { total: number }).total;
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    this.#sql(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
      created.id,
      created.userId,
      created.csrfToken,
      created.createdAt,
      created.expiresAt,
      created.lastSeenAt,
    );
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const row = this.#sql(
      `SELECT ${SESSION_WITH_USER_SELECT} FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ?`,
    ).get(hash) as SessionWithUserRow | undefined;
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    return (
      this.#sql('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(
        times.lastSeenAt,
        times.expiresAt,
        id,
      ).changes > 0
    );
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    return this.#sql('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, except ?? null)
      .changes;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.#sql('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    const created = publicLinkRecord(link, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO public_links (${PUBLIC_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
        created.id,
        created.tokenHash,
        created.siteId,
        created.createdAt,
        created.revokedAt,
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'public_links', 'token_hash')) {
        throw new StoreConflictError('token', created.id);
      }
      throw error;
    }
    return created;
  }

  async getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    const row = this.#sql(`SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE token_hash = ?`).get(hash) as
      | PublicLinkRow
      | undefined;
    return row && publicLinkFromRow(row);
  }

  async listPublicLinks(siteId: string): Promise<PublicLink[]> {
    const rows = this.#sql(
      `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE site_id = ? ORDER BY created_at, id`,
    ).all(siteId) as PublicLinkRow[];
    return rows.map(publicLinkFromRow);
  }

  async revokePublicLink(siteId: string, id: string): Promise<boolean> {
    return (
      this.#sql(
        'UPDATE public_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND site_id = ?',
      ).run(new Date().toISOString(), id, siteId).changes > 0
    );
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    this.#sql(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ...auditValues(entry),
    );
  }

  async listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    assertPage(query);
    const { where, params } = auditFilter(query, () => '?');
    const rows = this.#sql(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(...params, query.limit, query.offset) as AuditRow[];
    const { total } = this.#sql(`SELECT count(*) AS total FROM audit_log ${where}`).get(...params) as {
      total: number;
    };
    return { items: rows.map(auditFromRow), total };
  }

  async pruneAuditEntries(before: string): Promise<number> {
    return this.#sql('DELETE FROM audit_log WHERE occurred_at < ?').run(before).changes;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    return this.#sql('UPDATE audit_log SET actor_label = ? WHERE actor_id = ?').run(label, actorId).changes;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    return this.#sql("UPDATE audit_log SET details = '{}' WHERE site_id = ?").run(siteId).changes;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    this.#sql('INSERT INTO instance_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(
      name,
      candidate,
    );
    const row = this.#sql('SELECT secret FROM instance_secrets WHERE name = ?').get(name) as {
      secret: string;
    };
    return row.secret;
  }

  async recordInstallSighting(sighting: InstallSightingWrite): Promise<void> {
    recordSqliteInstallSighting(this.#db, this.#prepare, sighting);
  }

  async listInstallSightings(siteId: string): Promise<InstallSighting[]> {
    return listSqliteInstallSightings(this.#prepare, siteId);
  }

  async recordRetentionRun(run: RetentionRun): Promise<void> {
    assertCount('deleted', run.deleted);
    // A site deleted while the job ran has no run to keep (and no row to point at).
    this.#sql(
      `INSERT INTO retention_runs (${RETENTION_RUN_COLUMNS})
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?)
       ON CONFLICT (site_id) DO UPDATE
       SET ran_at = excluded.ran_at, cutoff_day = excluded.cutoff_day, deleted = excluded.deleted`,
    ).run(run.siteId, run.ranAt, run.cutoffDay, run.deleted, run.siteId);
  }

  async getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    const row = this.#sql(`SELECT ${RETENTION_RUN_COLUMNS} FROM retention_runs WHERE site_id = ?`).get(
      siteId,
    ) as RetentionRunRow | undefined;
    return row && retentionRunFromRow(row);
  }

  async listColumns(): Promise<ColumnRef[]> {
    return this.#sql(
      `SELECT m.name AS "table", c.name AS "column" FROM sqlite_schema AS m, pragma_table_info(m.name) AS c
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`,
    ).all() as ColumnRef[];
  }

  async dumpRows(): Promise<Record<string, unknown[]>> {
    // Folded first, so the rollup tables show every stored event; then one read transaction:
    // every table as of the same moment.
    this.#foldAll();
    this.#db.exec('BEGIN');
    try {
      const tables = this.#db
        .prepare(
          `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all() as { name: string }[];
      const dump: Record<string, unknown[]> = {};
      for (const { name } of tables) {
        dump[name] = this.#db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
      }
      return dump;
    } finally {
      this.#db.exec('COMMIT');
    }
  }

  /** Prepared once per SQL text, then reused (better-sqlite3 statements are reusable). */
  #sql(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #findSite(column: 'id' | 'domain', value: string): Site | undefined {
    const row = this.#sql(`SELECT ${SITE_COLUMNS} FROM sites WHERE ${column} = ?`).get(value) as
      | SiteRow
      | undefined;
    return row && siteFromRow(row);
  }

  #findUser(column: 'id' | 'email', value: string): User | undefined {
    const row = this.#sql(`SELECT ${USER_COLUMNS} FROM users WHERE ${column} = ?`).get(value) as
      | UserRow
      | undefined;
    return row && userFromRow(row);
  }

  #findLink(column: 'id' | 'slug', value: string): Link | undefined {
    const row = this.#sql(`${SELECT_LINKS} WHERE ${column} = ?`).get(value) as LinkRow | undefined;
    return row && linkFromRow(row);
  }

  /**
   * Row by row: `all` builds every row's values at once, and the handles V8 needs for them are
   * malloc'd; for the link cache's 100,000 links that left 25 MiB of freed malloc resident in
   * the server for good (issue 12's memory target).
   */
  #links(sql: string, ...params: unknown[]): Link[] {
    return Array.from(this.#sql(sql).iterate(...params) as IterableIterator<LinkRow>, linkFromRow);
  }

  /** Read inside the write transaction (BEGIN IMMEDIATE) that uses it: see link-clock.ts. */
  #latestLinkStamp(): string | null {
    return (this.#sql(LATEST_LINK_STAMP).get() as { latest: string | null }).latest;
  }

  /** One record per deleted link, stamped by the link clock, and the 7-day pruning. */
  #recordDeletions(doomed: readonly Pick<LinkDeletionRow, 'id' | 'slug'>[]): void {
    if (doomed.length === 0) return;
    const stamps = nextLinkStamps(this.#latestLinkStamp(), doomed.length);
    const insert = this.#sql('INSERT INTO link_deletions (id, slug, deleted_at) VALUES (?, ?, ?)');
    for (const [index, link] of doomed.entries()) insert.run(link.id, link.slug, stamps[index]);
    const newest = stamps[stamps.length - 1] as string;
    this.#sql('DELETE FROM link_deletions WHERE deleted_at < ?').run(deletionPruneCutoff(newest));
  }

  #insertLink(link: Link): void {
    try {
      this.#sql(INSERT_LINK).run(sqliteLinkParams(link));
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'links', 'slug')) throw new StoreConflictError('slug', link.slug);
      throw error;
    }
  }
}
