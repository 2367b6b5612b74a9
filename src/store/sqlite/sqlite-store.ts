import { assertPage } from '../assert-page.js';
import { nextLinkStamps } from '../link-clock.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite-migrations.js';
import { parentsFirst } from '../parents-first.js';
import { linkRecord, patchLink, patchSite, siteRecord, tokenRecord } from '../records.js';
import type { ColumnRef, SchemaCatalog } from '../schema-catalog.js';
import type {
  ApiToken,
  EventCountRow,
  Link,
  LinkPatch,
  LinkQuery,
  NewEvent,
  NewLink,
  NewSite,
  Site,
  SitePatch,
  Store,
} from '../store.js';
import { StoreConflictError } from '../store.js';
import {
  type ClickCountDbRow,
  clickCountsFromRows,
  type EventCountDbRow,
  eventCountFromRow,
  type LinkRow,
  linkFromRow,
  SITE_COLUMNS,
  type SiteRow,
  siteFromRow,
  TOKEN_COLUMNS,
  type TokenRow,
  tokenFromRow,
} from '../store-rows.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import { openSqliteDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-database.js';
import {
  INSERT_LINK,
  SQLITE_LINK_COLUMNS,
  sqliteLinkFilter,
  sqliteLinkParams,
  UPDATE_LINK,
} from './sqlite-link-sql.js';
import { migrateSqlite } from './sqlite-migrate.js';
import { writeTransaction } from './sqlite-transaction.js';

const SELECT_LINKS = `SELECT ${SQLITE_LINK_COLUMNS} FROM links`;

const INSERT_EVENT = `
  INSERT INTO events (site_id, link_id, type, kind, channel, medium, source, evidence, confidence, occurred_at)
  VALUES (@siteId, @linkId, @type, @kind, @channel, @medium, @source, @evidence, @confidence, @occurredAt)`;

/** `IN (SELECT value FROM json_each(?))`: one statement for any number of ids, no variable limit. */
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

/**
 * Opens the SQLite store on `file` (`:memory:` for a private in-memory database). Call
 * `migrate()` before use. The CLI and the server may each open the same file.
 *
 * @example
 * const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
 * await store.migrate();
 */
export function openSqliteStore(options: { file: string }): SqliteStore {
  return new SqliteStore(openSqliteDatabase(options.file));
}

/** The default adapter, on better-sqlite3. Synchronous underneath; async to fit `Store`. */
export class SqliteStore implements Store, SchemaCatalog {
  readonly dialect = 'sqlite';
  readonly #db: SqliteDatabase;
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.#db, SQLITE_MIGRATIONS);
  }

  async close(): Promise<void> {
    this.#statements.clear();
    this.#db.close();
  }

  async createSite(site: NewSite): Promise<Site> {
    const created = siteRecord(site, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO sites (${SITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
        created.id,
        created.domain,
        created.name,
        created.timezone,
        created.fallbackUrl,
        created.createdAt,
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
      this.#sql('UPDATE sites SET name = ?, timezone = ?, fallback_url = ? WHERE id = ?').run(
        next.name,
        next.timezone,
        next.fallbackUrl,
        id,
      );
      return next;
    });
  }

  async deleteSite(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM sites WHERE id = ?').run(id).changes > 0;
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
    // Variants (links.parent_id) and events (events.link_id) go by ON DELETE CASCADE.
    return this.#sql('DELETE FROM links WHERE id = ?').run(id).changes > 0;
  }

  async insertEvents(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const insert = this.#sql(INSERT_EVENT);
    writeTransaction(this.#db, () => {
      for (const event of events) insert.run(eventParams(event));
    });
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = this.#sql(
      `SELECT link_id, type, channel, source, count(*) AS count FROM events WHERE link_id ${IN_IDS}
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
    ).all(JSON.stringify(linkIds)) as EventCountDbRow[];
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = this.#sql(
      `SELECT link_id, count(*) AS count FROM events WHERE type = 'click' AND link_id ${IN_IDS} GROUP BY link_id`,
    ).all(JSON.stringify(linkIds)) as ClickCountDbRow[];
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    return (this.#sql('SELECT count(*) AS total FROM events').get() as { total: number }).total;
  }

  async createToken(token: Omit<ApiToken, 'createdAt'>): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?)`).run(
        created.id,
        created.name,
        created.hash,
        created.createdAt,
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

  async listColumns(): Promise<ColumnRef[]> {
    return this.#sql(
      `SELECT m.name AS "table", c.name AS "column" FROM sqlite_schema AS m, pragma_table_info(m.name) AS c
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`,
    ).all() as ColumnRef[];
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

  #findLink(column: 'id' | 'slug', value: string): Link | undefined {
    const row = this.#sql(`${SELECT_LINKS} WHERE ${column} = ?`).get(value) as LinkRow | undefined;
    return row && linkFromRow(row);
  }

  #links(sql: string, ...params: unknown[]): Link[] {
    return (this.#sql(sql).all(...params) as LinkRow[]).map(linkFromRow);
  }

  #latestLinkStamp(): string | null {
    return (this.#sql('SELECT max(updated_at) AS latest FROM links').get() as { latest: string | null })
      .latest;
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

function eventParams(event: NewEvent): Record<string, string | number | null> {
  const { siteId, linkId, type, kind, channel, medium, source, evidence, confidence, occurredAt } = event;
  return { siteId, linkId, type, kind, channel, medium, source, evidence, confidence, occurredAt };
}
