import type { AlertStore } from '../alert-store.js';
import { assertCount } from '../assert-page.js';
import { assertErasureLimit, isLinkScope } from '../data-scope.js';
import type { FunnelStore } from '../funnel-store.js';
import type { InstallSighting, InstallSightingWrite } from '../install-store.js';
import { liveRecords, referencedIds } from '../live-events.js';
import { SQLITE_FILL_VISITOR_ATTRIBUTION } from '../migrations/goal-migrations.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite-migrations.js';
import type { OutboxStore } from '../outbox-store.js';
import type { PreviewStore } from '../preview-store.js';
import type { RecipientStore } from '../recipient-store.js';
import { type EventRecord, eventRecord } from '../records.js';
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
  StoredEvent,
  TableCounts,
} from '../store.js';
import { ERASURE_RECORD } from '../store.js';
import { StoreByRole } from '../store-by-role.js';
import { EVENT_COLUMNS, EVENT_FIELDS, EVENT_SELECT, type EventRow } from '../store-rows.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteAlerts } from './sqlite-alerts.js';
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
  type SqlitePrepare,
  type SqliteStatement,
} from './sqlite-database.js';
import { foldSqliteRollups, sqliteFoldPending } from './sqlite-fold.js';
import { SqliteFunnels } from './sqlite-funnels.js';
import { SqliteGoals } from './sqlite-goals.js';
import { listSqliteInstallSightings, recordSqliteInstallSighting } from './sqlite-install.js';
import { IN_IDS } from './sqlite-link-sql.js';
import { SqliteLinks } from './sqlite-links.js';
import { migrateSqlite } from './sqlite-migrate.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { SqlitePreviews } from './sqlite-previews.js';
import { SqliteRecipients } from './sqlite-recipients.js';
import { addSqliteRollups } from './sqlite-rollups.js';
import { SqliteSites } from './sqlite-sites.js';
import { SqliteStats } from './sqlite-stats.js';
import { writeTransaction } from './sqlite-transaction.js';

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

/**
 * The default adapter, on better-sqlite3. Synchronous underneath; async to fit `Store`.
 *
 * This class holds the event writer, the fold's entry points and what needs both (retention,
 * data requests, the schema catalog); StoreByRole hands the other methods to their role's
 * object, each sharing this class's statement cache (docs/architecture.md, "Store layout"):
 * sqlite-sites.ts, sqlite-links.ts, sqlite-accounts.ts, sqlite-stats.ts.
 */
export class SqliteStore extends StoreByRole implements Store, SchemaCatalog {
  readonly dialect = 'sqlite';
  readonly #db: SqliteDatabase;
  readonly #statements: Map<string, SqliteStatement>;
  readonly #zones: SiteZones;
  readonly #prepare: SqlitePrepare;
  readonly #links: SqliteLinks;
  readonly previews: PreviewStore;
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
  readonly goals: SqliteGoals;
  readonly funnels: FunnelStore;
  readonly recipients: RecipientStore;

  constructor(db: SqliteDatabase) {
    // The roles are made before `super`, which keeps them: they share the statement cache.
    const statements = new Map<string, SqliteStatement>();
    const prepare: SqlitePrepare = (sql) => cachedStatement(db, statements, sql);
    const zones = new SiteZones();
    const links = new SqliteLinks(db, prepare);
    super({
      sites: new SqliteSites(db, prepare, zones, links),
      links,
      accounts: new SqliteAccounts(db, prepare),
      stats: new SqliteStats(prepare),
    });
    this.#db = db;
    this.#statements = statements;
    this.#prepare = prepare;
    this.#zones = zones;
    this.#links = links;
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
        this.#links.recordDeletions([ERASURE_RECORD]),
      );
      if (result.done && !isLinkScope(scope)) this.#zones.forget(scope.siteId);
      return result;
    });
  }

  async recordInstallSighting(sighting: InstallSightingWrite): Promise<void> {
    recordSqliteInstallSighting(this.#db, this.#prepare, sighting);
  }

  async listInstallSightings(siteId: string): Promise<InstallSighting[]> {
    return listSqliteInstallSightings(this.#prepare, siteId);
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

  #sql(sql: string): SqliteStatement {
    return cachedStatement(this.#db, this.#statements, sql);
  }
}

/** Prepared once per SQL text, then reused (better-sqlite3 statements are reusable). */
function cachedStatement(
  db: SqliteDatabase,
  statements: Map<string, SqliteStatement>,
  sql: string,
): SqliteStatement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
