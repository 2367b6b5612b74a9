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
import type { GoalStore } from '../goal-store.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import { nextLinkStamps } from '../link-clock.js';
import { deletionPruneCutoff, doomedLinksSql, LATEST_LINK_STAMP } from '../link-deletions.js';
import { POSTGRES_FILL_VISITOR_ATTRIBUTION } from '../migrations/goal-migrations.js';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres-migrations.js';
import type { OutboxStore } from '../outbox-store.js';
import { parentsFirst } from '../parents-first.js';
import type { PreviewStore } from '../preview-store.js';
import type { RecipientStore } from '../recipient-store.js';
import {
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
  StoreChange,
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
import { PostgresAlerts } from './postgres-alerts.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import {
  countPostgresScope,
  erasePostgresScope,
  listPostgresScopeEvents,
  listPostgresScopeRows,
} from './postgres-data-scope.js';
import { INSERT_EVENTS, insertEventsParams } from './postgres-event-sql.js';
import {
  deletePostgresLinkEvents,
  foldPostgresRollups,
  lockFold,
  postgresWatermark,
} from './postgres-fold.js';
import { PostgresFunnels } from './postgres-funnels.js';
import { PostgresGoals } from './postgres-goals.js';
import { listPostgresInstallSightings, recordPostgresInstallSighting } from './postgres-install.js';
import {
  INSERT_LINK,
  insertLinkParams,
  POSTGRES_LINK_COLUMNS,
  postgresLinkFilter,
  UPDATE_LINK,
  updateLinkParams,
} from './postgres-link-sql.js';
import { notifyChange, PostgresListener } from './postgres-listener.js';
import { migratePostgres } from './postgres-migrate.js';
import { PostgresOutbox } from './postgres-outbox.js';
import { createPgPool, type PgPool, type PgQueryable } from './postgres-pool.js';
import { PostgresPreviews } from './postgres-previews.js';
import { PostgresRecipients } from './postgres-recipients.js';
import {
  addPostgresRollups,
  deletePostgresLinkRollups,
  deletePostgresSiteRollups,
  queryPostgresRollup,
} from './postgres-rollups.js';
import { DEFAULT_PG_TIMEOUTS, type PgTimeouts } from './postgres-timeouts.js';
import { LINK_CLOCK_LOCK, lockTransaction, withTransaction } from './postgres-transaction.js';

const SELECT_LINKS = `SELECT ${POSTGRES_LINK_COLUMNS} FROM links`;

/** SITE_COLUMNS with the jsonb arrays as text, for the shared row mapper (store-rows.ts). */
const SELECT_SITE_COLUMNS =
  'id, domain, name, timezone, fallback_url, privacy_mode, landing_paths::text AS landing_paths, ' +
  'respect_dnt, retention_months, extra_origins::text AS extra_origins, ' +
  'query_params::text AS query_params, created_at';

/**
 * The link rollup's rows of some links (`$1`) plus their unfolded events, one hit each: click
 * limits and link reports are current. `$2` is the watermark read just before, for the planner;
 * the subquery holds the tail to the statement's snapshot (rollup-query.ts, POSTGRES_DIALECT).
 */
function linkRowsWithTail(columns: string): string {
  return `(SELECT ${columns}, hits FROM rollup_links WHERE link_id = ANY($1::text[])
    UNION ALL SELECT ${columns}, 1 AS hits FROM events
    WHERE link_id = ANY($1::text[]) AND id > $2 AND id > ${WATERMARK}) AS r`;
}

const SITE_PLACEHOLDERS = SITE_COLUMNS.split(',')
  .map((_, i) => `$${i + 1}`)
  .join(', ');

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

/** The adapter for larger installs and several instances, on a node-postgres pool. */
export class PostgresStore implements Store, SchemaCatalog {
  readonly dialect = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string | undefined;
  readonly #zones = new SiteZones();
  #closing: Promise<void> | undefined;

  readonly #listener: PostgresListener | undefined;
  readonly previews: PreviewStore;
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
  readonly goals: GoalStore;
  readonly funnels: FunnelStore;
  readonly recipients: RecipientStore;

  constructor(pool: PgPool, schema?: string, listener?: PostgresListener) {
    this.#pool = pool;
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

  async createSite(site: NewSite): Promise<Site> {
    const created = siteRecord(site, new Date().toISOString());
    try {
      await this.#pool.query(
        `INSERT INTO sites (${SITE_COLUMNS}) VALUES (${SITE_PLACEHOLDERS})`,
        siteValues(created, (value) => value),
      );
      await notifyChange(this.#pool, 'sites');
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'sites', 'domain')) {
        throw new StoreConflictError('domain', site.domain);
      }
      throw error;
    }
    return created;
  }

  async getSite(id: string): Promise<Site | undefined> {
    return this.#findSite(this.#pool, 'id', id);
  }

  async getSiteByDomain(domain: string): Promise<Site | undefined> {
    return this.#findSite(this.#pool, 'domain', domain);
  }

  async listSites(): Promise<Site[]> {
    const rows = await queryRows<SiteRow>(
      this.#pool,
      `SELECT ${SELECT_SITE_COLUMNS} FROM sites ORDER BY created_at, id`,
    );
    return rows.map(siteFromRow);
  }

  async updateSite(id: string, patch: SitePatch): Promise<Site | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const current = await this.#findSite(client, 'id', id, 'FOR UPDATE');
      if (current === undefined) return undefined;
      const next = patchSite(current, patch);
      this.#zones.forget(id);
      await client.query(
        `UPDATE sites SET name = $2, timezone = $3, fallback_url = $4, privacy_mode = $5,
           landing_paths = $6::jsonb, respect_dnt = $7, retention_months = $8, extra_origins = $9::jsonb,
           query_params = $10::jsonb
         WHERE id = $1`,
        [
          id,
          next.name,
          next.timezone,
          next.fallbackUrl,
          next.privacyMode,
          JSON.stringify(next.landingPaths),
          next.respectDnt,
          next.retentionMonths,
          JSON.stringify(next.extraOrigins),
          JSON.stringify(next.queryParams),
        ],
      );
      await notifyChange(client, 'sites');
      return next;
    });
  }

  async deleteSite(id: string): Promise<boolean> {
    return withTransaction(this.#pool, async (client) => {
      await notifyChange(client, 'sites');
      // The link clock's lock first, as every link write takes it first; then the site row's, so
      // no event can add rollup rows behind the delete (an insert holds KEY SHARE on it).
      const latest = await latestLinkStamp(client);
      // Then the fold's, so no fold adds the site's events back behind this delete.
      await lockFold(client);
      await client.query('SELECT 1 FROM sites WHERE id = $1 FOR UPDATE', [id]);
      const doomed = await queryRows<LinkDeletionRow>(client, doomedLinksSql('site_id = $1'), [id]);
      await recordDeletions(client, latest, doomed);
      await deletePostgresSiteRollups(client, id);
      this.#zones.forget(id);
      // Links go by ON DELETE CASCADE; events have no foreign key (schema version 8), and the
      // site row's lock, held since above, kept any new one out.
      const result = await client.query('DELETE FROM sites WHERE id = $1', [id]);
      await client.query('DELETE FROM events WHERE site_id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async createLinks(links: readonly NewLink[]): Promise<Link[]> {
    if (links.length === 0) return [];
    return withTransaction(this.#pool, async (client) => {
      const ordered = parentsFirst(links);
      const stamps = nextLinkStamps(await latestLinkStamp(client), ordered.length);
      const created = ordered.map((link, index) => linkRecord(link, stamps[index] as string));
      for (const link of created) await insertLink(client, link);
      const byId = new Map(created.map((link) => [link.id, link]));
      return links.map((link) => byId.get(link.id) as Link);
    });
  }

  async getLink(id: string): Promise<Link | undefined> {
    return this.#findLink(this.#pool, 'id', id);
  }

  async getLinkBySlug(slug: string): Promise<Link | undefined> {
    return this.#findLink(this.#pool, 'slug', slug);
  }

  async listLinks(query: LinkQuery): Promise<{ items: Link[]; total: number }> {
    assertPage(query);
    const { where, params } = postgresLinkFilter(query);
    const n = params.length;
    const [rows, count] = await Promise.all([
      queryRows<LinkRow>(
        this.#pool,
        `${SELECT_LINKS} ${where} ORDER BY created_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, query.limit, query.offset],
      ),
      queryRows<{ total: string }>(this.#pool, `SELECT count(*) AS total FROM links ${where}`, params),
    ]);
    return { items: rows.map(linkFromRow), total: Number(count[0]?.total ?? 0) };
  }

  async listVariants(parentId: string): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} WHERE parent_id = $1 ORDER BY created_at, id`, [parentId]);
  }

  async listLinksUpdatedSince(since: string): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} WHERE updated_at > $1 ORDER BY updated_at, id`, [since]);
  }

  async listLinksDeletedSince(since: string): Promise<LinkDeletion[]> {
    const rows = await queryRows<LinkDeletionRow>(
      this.#pool,
      'SELECT id, slug, deleted_at FROM link_deletions WHERE deleted_at > $1 ORDER BY deleted_at, id',
      [since],
    );
    return rows.map(linkDeletionFromRow);
  }

  async listAllLinks(): Promise<Link[]> {
    return this.#links(`${SELECT_LINKS} ORDER BY created_at, id`);
  }

  async updateLink(id: string, patch: LinkPatch): Promise<Link | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const latest = await latestLinkStamp(client);
      const current = await this.#findLink(client, 'id', id);
      if (current === undefined) return undefined;
      const [stamp] = nextLinkStamps(latest, 1);
      const next = patchLink(current, patch, stamp as string);
      const result = await client.query(UPDATE_LINK, updateLinkParams(next));
      // Deletes take the clock lock too, so the link is still there; the check is a guard.
      return result.rowCount === 1 ? next : undefined;
    });
  }

  async deleteLink(id: string): Promise<boolean> {
    return withTransaction(this.#pool, async (client) => {
      const latest = await latestLinkStamp(client);
      const doomed = await queryRows<LinkDeletionRow>(client, doomedLinksSql('id = $1'), [id]);
      if (doomed.length === 0) return false;
      await lockFold(client);
      await recordDeletions(client, latest, doomed);
      await deletePostgresLinkRollups(
        client,
        doomed.map((link) => link.id),
      );
      // Variants (links.parent_id) go by ON DELETE CASCADE; then the events, once the link rows
      // are deleted (postgres-fold.ts).
      const result = await client.query('DELETE FROM links WHERE id = $1', [id]);
      await deletePostgresLinkEvents(
        client,
        doomed.map((link) => link.id),
      );
      return (result.rowCount ?? 0) > 0;
    });
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

  async queryRollup(query: RollupQuery): Promise<RollupResultRow[]> {
    return queryPostgresRollup(this.#pool, query);
  }

  async firstDataDay(siteId: string): Promise<string | undefined> {
    // The unfolded tail may hold an earlier day (an imported log): it is read too.
    const [row] = await queryRows<{ day: string | null }>(
      this.#pool,
      `SELECT min(day) AS day FROM (SELECT min(day) AS day FROM rollup_daily WHERE site_id = $1
         UNION ALL SELECT min(substr(local_hour, 1, 10)) FROM events
         WHERE site_id = $1 AND id > $2 AND id > ${WATERMARK}) AS days`,
      [siteId, await postgresWatermark(this.#pool)],
    );
    return row?.day ?? undefined;
  }

  async oldestEventAt(siteId: string): Promise<number | undefined> {
    // One step down events_site_occurred_idx; occurred_at is a bigint, so a string here.
    const [row] = await queryRows<{ at: string | null }>(
      this.#pool,
      'SELECT min(occurred_at) AS at FROM events WHERE site_id = $1',
      [siteId],
    );
    return row?.at == null ? undefined : Number(row.at);
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

  async listEvents(query: EventQuery): Promise<StoredEvent[]> {
    assertCount('limit', query.limit);
    if (query.types?.length === 0) return [];
    const params: unknown[] = [query.siteId];
    const bind = (value: unknown): string => `$${params.push(value)}`;
    const conditions = ['site_id = $1'];
    if (query.types !== undefined) conditions.push(`type = ANY(${bind(query.types)}::text[])`);
    if (query.since !== undefined) conditions.push(`occurred_at >= ${bind(query.since)}`);
    const rows = await queryRows<EventRow>(
      this.#pool,
      `SELECT ${EVENT_SELECT} FROM events WHERE ${conditions.join(' AND ')}
       ORDER BY occurred_at DESC, id DESC LIMIT ${bind(query.limit)}`,
      params,
    );
    return rows.map(eventFromRow);
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = await queryRows<EventCountDbRow>(
      this.#pool,
      `SELECT link_id, type, channel, source, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type, channel, source')}
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
      [linkIds, await postgresWatermark(this.#pool)],
    );
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = await queryRows<ClickCountDbRow>(
      this.#pool,
      `SELECT link_id, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type')} WHERE type = 'click'
       GROUP BY link_id`,
      [linkIds, await postgresWatermark(this.#pool)],
    );
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    const [row] = await queryRows<{ total: string }>(this.#pool, 'SELECT count(*) AS total FROM events');
    return Number(row?.total ?? 0);
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

  async listSalts(): Promise<DailySalt[]> {
    const rows = await queryRows<DailySalt>(
      this.#pool,
      'SELECT day, salt FROM daily_salts ORDER BY day DESC',
    );
    return rows.map(saltFromRow);
  }

  /**
   * Two statements, each autocommitted: when another session is inserting the same day, the
   * INSERT waits for it to commit and then does nothing, and the SELECT, with a snapshot taken
   * after that (READ COMMITTED), sees its row. One statement (a CTE with RETURNING) would not:
   * its snapshot predates the other session's commit. The retry only matters if the day's salt is
   * deleted between the two statements.
   */
  async putSalt(salt: DailySalt): Promise<DailySalt> {
    for (let attempt = 1; ; attempt++) {
      await this.#pool.query(
        'INSERT INTO daily_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING',
        [salt.day, salt.salt],
      );
      const [row] = await queryRows<DailySalt>(
        this.#pool,
        'SELECT day, salt FROM daily_salts WHERE day = $1',
        [salt.day],
      );
      if (row !== undefined) return saltFromRow(row);
      if (attempt === 3) throw new Error(`the salt of ${salt.day} was deleted while being stored`);
    }
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM daily_salts WHERE day < $1', [day]);
    return result.rowCount ?? 0;
  }

  async createToken(token: NewApiToken): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        created.id,
        created.name,
        created.hash,
        created.createdAt,
        JSON.stringify(created.scopes),
        created.siteIds && JSON.stringify(created.siteIds),
      ]);
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'api_tokens', 'name')) {
        throw new StoreConflictError('name', token.name);
      }
      throw error;
    }
    return created;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const [row] = await queryRows<TokenRow>(
      this.#pool,
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = $1`,
      [hash],
    );
    return row && tokenFromRow(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const sql = `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`;
    return (await queryRows<TokenRow>(this.#pool, sql)).map(tokenFromRow);
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#deleteById('api_tokens', id);
  }

  async createUser(user: NewUser): Promise<User> {
    const created = userRecord(user, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        created.id,
        created.email,
        created.name,
        created.role,
        created.passwordHash,
        created.createdAt,
        created.updatedAt,
        created.allSites,
      ]);
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'users', 'email')) {
        throw new StoreConflictError('email', created.email);
      }
      throw error;
    }
    return created;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, 'id', id);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.#findUser(this.#pool, 'email', email.toLowerCase());
  }

  async listUsers(): Promise<User[]> {
    const sql = `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`;
    return (await queryRows<UserRow>(this.#pool, sql)).map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const current = await this.#findUser(client, 'id', id, 'FOR UPDATE');
      if (current === undefined) return undefined;
      const next = patchUser(current, patch, new Date().toISOString());
      await client.query(
        'UPDATE users SET name = $2, role = $3, password_hash = $4, updated_at = $5, all_sites = $6 WHERE id = $1',
        [id, next.name, next.role, next.passwordHash, next.updatedAt, next.allSites],
      );
      return next;
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    // Sessions go by ON DELETE CASCADE.
    return this.#deleteById('users', id);
  }

  async getUserSiteRoles(userId: string): Promise<SiteRole[]> {
    const sql = 'SELECT site_id, role FROM user_site_roles WHERE user_id = $1 ORDER BY site_id';
    return (await queryRows<SiteRoleRow>(this.#pool, sql, [userId])).map(siteRoleFromRow);
  }

  async setUserSiteRoles(userId: string, roles: readonly SiteRole[]): Promise<boolean> {
    const records = siteRoleRecords(roles);
    return withTransaction(this.#pool, async (client) => {
      // The user row locked first, as updateUser does, so a concurrent deletion waits or wins.
      if ((await this.#findUser(client, 'id', userId, 'FOR UPDATE')) === undefined) return false;
      await client.query('DELETE FROM user_site_roles WHERE user_id = $1', [userId]);
      await client.query(
        `INSERT INTO user_site_roles (user_id, site_id, role)
           SELECT $1, site_id, role FROM unnest($2::text[], $3::text[]) AS r (site_id, role)`,
        [userId, records.map(({ siteId }) => siteId), records.map(({ role }) => role)],
      );
      return true;
    });
  }

  async countUsers(role?: UserRole): Promise<number> {
    const [row] =
      role === undefined
        ? await queryRows<{ total: string }>(this.#pool, 'SELECT count(*) AS total FROM users')
        : await queryRows<{ total: string }>(
            this.#pool,
            'SELECT count(*) AS total FROM users WHERE role = $1',
            [role],
          );
    return Number(row?.total ?? 0);
  }

  async createSession(session: NewSession): Promise<Session> {
    const created = sessionRecord(session);
    await this.#pool.query(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      created.id,
      created.userId,
      created.csrfToken,
      created.createdAt,
      created.expiresAt,
      created.lastSeenAt,
    ]);
    return created;
  }

  async getSessionByHash(hash: string): Promise<{ session: Session; user: User } | undefined> {
    const [row] = await queryRows<SessionWithUserRow>(
      this.#pool,
      `SELECT ${SESSION_WITH_USER_SELECT} FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = $1`,
      [hash],
    );
    return row && sessionWithUserFromRow(row);
  }

  async touchSession(id: string, times: Pick<Session, 'lastSeenAt' | 'expiresAt'>): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1',
      [id, times.lastSeenAt, times.expiresAt],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.#deleteById('sessions', id);
  }

  async deleteUserSessions(userId: string, except?: string): Promise<number> {
    const result = await this.#pool.query(
      'DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2',
      [userId, except ?? null],
    );
    return result.rowCount ?? 0;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }

  async createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    const created = publicLinkRecord(link, new Date().toISOString());
    try {
      await this.#pool.query(
        `INSERT INTO public_links (${PUBLIC_LINK_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`,
        [created.id, created.tokenHash, created.siteId, created.createdAt, created.revokedAt],
      );
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'public_links', 'token_hash')) {
        throw new StoreConflictError('token', created.id);
      }
      throw error;
    }
    return created;
  }

  async getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    const [row] = await queryRows<PublicLinkRow>(
      this.#pool,
      `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE token_hash = $1`,
      [hash],
    );
    return row && publicLinkFromRow(row);
  }

  async listPublicLinks(siteId: string): Promise<PublicLink[]> {
    const rows = await queryRows<PublicLinkRow>(
      this.#pool,
      `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE site_id = $1 ORDER BY created_at, id`,
      [siteId],
    );
    return rows.map(publicLinkFromRow);
  }

  async revokePublicLink(siteId: string, id: string): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE public_links SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND site_id = $2',
      [id, siteId, new Date().toISOString()],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    await this.#pool.query(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      auditValues(entry),
    );
  }

  async listAuditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    assertPage(query);
    const { where, params } = auditFilter(query, (n) => `$${n}`);
    const n = params.length;
    const [rows, count] = await Promise.all([
      queryRows<AuditRow>(
        this.#pool,
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where}
         ORDER BY occurred_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, query.limit, query.offset],
      ),
      queryRows<{ total: string }>(this.#pool, `SELECT count(*) AS total FROM audit_log ${where}`, params),
    ]);
    return { items: rows.map(auditFromRow), total: Number(count[0]?.total ?? 0) };
  }

  async pruneAuditEntries(before: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM audit_log WHERE occurred_at < $1', [before]);
    return result.rowCount ?? 0;
  }

  async relabelAuditActor(actorId: string, label: string): Promise<number> {
    const result = await this.#pool.query('UPDATE audit_log SET actor_label = $2 WHERE actor_id = $1', [
      actorId,
      label,
    ]);
    return result.rowCount ?? 0;
  }

  async forgetAuditDetails(siteId: string): Promise<number> {
    const result = await this.#pool.query("UPDATE audit_log SET details = '{}' WHERE site_id = $1", [siteId]);
    return result.rowCount ?? 0;
  }

  async instanceSecret(name: string, candidate: string): Promise<string> {
    // Secrets are never deleted, so the row the insert or a racing process wrote is there to read.
    await this.#pool.query(
      'INSERT INTO instance_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, candidate],
    );
    const [row] = await queryRows<{ secret: string }>(
      this.#pool,
      'SELECT secret FROM instance_secrets WHERE name = $1',
      [name],
    );
    if (row === undefined) throw new Error(`the instance secret "${name}" could not be stored`);
    return row.secret;
  }

  async recordInstallSighting(sighting: InstallSightingWrite): Promise<void> {
    await recordPostgresInstallSighting(this.#pool, sighting);
  }

  listInstallSightings(siteId: string): Promise<InstallSighting[]> {
    return listPostgresInstallSightings(this.#pool, siteId);
  }

  async recordRetentionRun(run: RetentionRun): Promise<void> {
    assertCount('deleted', run.deleted);
    // A site deleted while the job ran has no run to keep (and no row to point at).
    await this.#pool.query(
      `INSERT INTO retention_runs (${RETENTION_RUN_COLUMNS})
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM sites WHERE id = $1)
       ON CONFLICT (site_id) DO UPDATE
       SET ran_at = excluded.ran_at, cutoff_day = excluded.cutoff_day, deleted = excluded.deleted`,
      [run.siteId, run.ranAt, run.cutoffDay, run.deleted],
    );
  }

  async getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    const [row] = await queryRows<RetentionRunRow>(
      this.#pool,
      `SELECT ${RETENTION_RUN_COLUMNS} FROM retention_runs WHERE site_id = $1`,
      [siteId],
    );
    return row && retentionRunFromRow(row);
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

  async #findSite(
    db: PgQueryable,
    column: 'id' | 'domain',
    value: string,
    lock: '' | 'FOR UPDATE' = '',
  ): Promise<Site | undefined> {
    const sql = `SELECT ${SELECT_SITE_COLUMNS} FROM sites WHERE ${column} = $1 ${lock}`;
    const [row] = await queryRows<SiteRow>(db, sql, [value]);
    return row && siteFromRow(row);
  }

  async #findUser(
    db: PgQueryable,
    column: 'id' | 'email',
    value: string,
    lock: '' | 'FOR UPDATE' = '',
  ): Promise<User | undefined> {
    const sql = `SELECT ${USER_COLUMNS} FROM users WHERE ${column} = $1 ${lock}`;
    const [row] = await queryRows<UserRow>(db, sql, [value]);
    return row && userFromRow(row);
  }

  async #findLink(db: PgQueryable, column: 'id' | 'slug', value: string): Promise<Link | undefined> {
    const [row] = await queryRows<LinkRow>(db, `${SELECT_LINKS} WHERE ${column} = $1`, [value]);
    return row && linkFromRow(row);
  }

  async #links(sql: string, params: unknown[] = []): Promise<Link[]> {
    return (await queryRows<LinkRow>(this.#pool, sql, params)).map(linkFromRow);
  }

  async #deleteById(table: 'api_tokens' | 'users' | 'sessions', id: string): Promise<boolean> {
    const result = await this.#pool.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }
}

/**
 * The one place rows leave the driver untyped: the SELECT list of `sql` defines `R`, and the
 * mappers of store-rows.ts turn `R` into the interface's types.
 */
async function queryRows<R>(db: PgQueryable, sql: string, params?: unknown[]): Promise<R[]> {
  return (await db.query(sql, params)).rows as R[];
}

/**
 * Link writes and deletes take one advisory lock for their whole transaction, so they commit in
 * the order of their stamps: a reader of `listLinksUpdatedSince` or `listLinksDeletedSince` can
 * never see a newer stamp committed before an older one (see link-clock.ts). Link writes are
 * rare, admin-driven operations.
 */
async function latestLinkStamp(client: PgQueryable): Promise<string | null> {
  await lockTransaction(client, LINK_CLOCK_LOCK);
  // Every link write starts here: other instances hear of it at commit (postgres-listener.ts).
  await notifyChange(client, 'links');
  const [row] = await queryRows<{ latest: string | null }>(client, LATEST_LINK_STAMP);
  return row?.latest ?? null;
}

/**
 * One record per deleted link, stamped by the link clock, and the 7-day pruning. The caller holds
 * the clock lock (latestLinkStamp), so records commit in the order of their stamps.
 */
async function recordDeletions(
  client: PgQueryable,
  latest: string | null,
  doomed: readonly Pick<LinkDeletionRow, 'id' | 'slug'>[],
): Promise<void> {
  if (doomed.length === 0) return;
  const stamps = nextLinkStamps(latest, doomed.length);
  await client.query(
    'INSERT INTO link_deletions (id, slug, deleted_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
    [doomed.map((link) => link.id), doomed.map((link) => link.slug), stamps],
  );
  const newest = stamps[stamps.length - 1] as string;
  await client.query('DELETE FROM link_deletions WHERE deleted_at < $1', [deletionPruneCutoff(newest)]);
}

async function insertLink(client: PgQueryable, link: Link): Promise<void> {
  try {
    await client.query(INSERT_LINK, insertLinkParams(link));
  } catch (error) {
    if (isPostgresUniqueViolation(error, 'links', 'slug')) throw new StoreConflictError('slug', link.slug);
    throw error;
  }
}
