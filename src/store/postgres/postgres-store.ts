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
import { SiteZones } from '../rollups/site-zones.js';
import type { ColumnRef, SchemaCatalog } from '../schema-catalog.js';
import type {
  DataScope,
  EraseScopeOptions,
  NewEvent,
  RawDataCutoff,
  ScopeErasure,
  ScopeRow,
  Store,
  StoreChange,
  StoredEvent,
  TableCounts,
} from '../store.js';
import { ERASURE_RECORD } from '../store.js';
import { StoreByRole } from '../store-by-role.js';
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
 * data requests, the schema catalog); StoreByRole hands the other methods to their role's
 * object (docs/architecture.md, "Store layout"): postgres-sites.ts, postgres-links.ts,
 * postgres-accounts.ts, postgres-stats.ts.
 */
export class PostgresStore extends StoreByRole implements Store, SchemaCatalog {
  readonly dialect = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string | undefined;
  readonly #zones: SiteZones;
  #closing: Promise<void> | undefined;

  readonly #listener: PostgresListener | undefined;
  readonly previews: PreviewStore;
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
  readonly goals: GoalStore;
  readonly funnels: FunnelStore;
  readonly recipients: RecipientStore;

  constructor(pool: PgPool, schema?: string, listener?: PostgresListener) {
    const zones = new SiteZones();
    super({
      sites: new PostgresSites(pool, zones),
      links: new PostgresLinks(pool),
      accounts: new PostgresAccounts(pool),
      stats: new PostgresStats(pool),
    });
    this.#pool = pool;
    this.#zones = zones;
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
}
