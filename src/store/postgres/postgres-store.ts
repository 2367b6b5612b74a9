import { assertPage } from '../assert-page.js';
import { nextLinkStamps } from '../link-clock.js';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres-migrations.js';
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
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { INSERT_EVENTS, insertEventsParams } from './postgres-event-sql.js';
import {
  INSERT_LINK,
  insertLinkParams,
  POSTGRES_LINK_COLUMNS,
  postgresLinkFilter,
  UPDATE_LINK,
  updateLinkParams,
} from './postgres-link-sql.js';
import { migratePostgres } from './postgres-migrate.js';
import { createPgPool, type PgPool, type PgQueryable } from './postgres-pool.js';
import { LINK_CLOCK_LOCK, lockTransaction, withTransaction } from './postgres-transaction.js';

const SELECT_LINKS = `SELECT ${POSTGRES_LINK_COLUMNS} FROM links`;

export interface PostgresStoreOptions {
  connectionString: string;
  /** Work in this schema (created by `migrate()` if missing) instead of the default search_path. */
  schema?: string;
}

/**
 * Creates the PostgreSQL store. Connections open lazily; call `migrate()` before use.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(createPgPool(options.connectionString, options.schema), options.schema);
}

/** The adapter for larger installs and several instances, on a node-postgres pool. */
export class PostgresStore implements Store, SchemaCatalog {
  readonly dialect = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(pool: PgPool, schema?: string) {
    this.#pool = pool;
    this.#schema = schema;
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.#pool, POSTGRES_MIGRATIONS, this.#schema);
  }

  /** Ends the pool once; pg throws if `end()` is called twice. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }

  async createSite(site: NewSite): Promise<Site> {
    const created = siteRecord(site, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO sites (${SITE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        created.id,
        created.domain,
        created.name,
        created.timezone,
        created.fallbackUrl,
        created.createdAt,
      ]);
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
      `SELECT ${SITE_COLUMNS} FROM sites ORDER BY created_at, id`,
    );
    return rows.map(siteFromRow);
  }

  async updateSite(id: string, patch: SitePatch): Promise<Site | undefined> {
    return withTransaction(this.#pool, async (client) => {
      const current = await this.#findSite(client, 'id', id, 'FOR UPDATE');
      if (current === undefined) return undefined;
      const next = patchSite(current, patch);
      await client.query('UPDATE sites SET name = $2, timezone = $3, fallback_url = $4 WHERE id = $1', [
        id,
        next.name,
        next.timezone,
        next.fallbackUrl,
      ]);
      return next;
    });
  }

  async deleteSite(id: string): Promise<boolean> {
    return this.#deleteById('sites', id);
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
      // Deletes take no lock: the link may have gone since it was read.
      return result.rowCount === 1 ? next : undefined;
    });
  }

  async deleteLink(id: string): Promise<boolean> {
    // Variants (links.parent_id) and events (events.link_id) go by ON DELETE CASCADE.
    return this.#deleteById('links', id);
  }

  async insertEvents(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#pool.query(INSERT_EVENTS, insertEventsParams(events));
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = await queryRows<EventCountDbRow>(
      this.#pool,
      `SELECT link_id, type, channel, source, count(*) AS count FROM events WHERE link_id = ANY($1::text[])
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
      [linkIds],
    );
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = await queryRows<ClickCountDbRow>(
      this.#pool,
      `SELECT link_id, count(*) AS count FROM events WHERE type = 'click' AND link_id = ANY($1::text[])
       GROUP BY link_id`,
      [linkIds],
    );
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    const [row] = await queryRows<{ total: string }>(this.#pool, 'SELECT count(*) AS total FROM events');
    return Number(row?.total ?? 0);
  }

  async createToken(token: Omit<ApiToken, 'createdAt'>): Promise<ApiToken> {
    const created = tokenRecord(token, new Date().toISOString());
    try {
      await this.#pool.query(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4)`, [
        created.id,
        created.name,
        created.hash,
        created.createdAt,
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

  async listColumns(): Promise<ColumnRef[]> {
    return queryRows<ColumnRef>(
      this.#pool,
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
  }

  async #findSite(
    db: PgQueryable,
    column: 'id' | 'domain',
    value: string,
    lock: '' | 'FOR UPDATE' = '',
  ): Promise<Site | undefined> {
    const sql = `SELECT ${SITE_COLUMNS} FROM sites WHERE ${column} = $1 ${lock}`;
    const [row] = await queryRows<SiteRow>(db, sql, [value]);
    return row && siteFromRow(row);
  }

  async #findLink(db: PgQueryable, column: 'id' | 'slug', value: string): Promise<Link | undefined> {
    const [row] = await queryRows<LinkRow>(db, `${SELECT_LINKS} WHERE ${column} = $1`, [value]);
    return row && linkFromRow(row);
  }

  async #links(sql: string, params: unknown[] = []): Promise<Link[]> {
    return (await queryRows<LinkRow>(this.#pool, sql, params)).map(linkFromRow);
  }

  async #deleteById(table: 'sites' | 'links' | 'api_tokens', id: string): Promise<boolean> {
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
 * Link writes take one advisory lock for their whole transaction, so they commit in the order
 * of their stamps: a reader of `listLinksUpdatedSince` can never see a newer stamp committed
 * before an older one (see link-clock.ts). Link writes are rare, admin-driven operations.
 */
async function latestLinkStamp(client: PgQueryable): Promise<string | null> {
  await lockTransaction(client, LINK_CLOCK_LOCK);
  const [row] = await queryRows<{ latest: string | null }>(
    client,
    'SELECT max(updated_at) AS latest FROM links',
  );
  return row?.latest ?? null;
}

async function insertLink(client: PgQueryable, link: Link): Promise<void> {
  try {
    await client.query(INSERT_LINK, insertLinkParams(link));
  } catch (error) {
    if (isPostgresUniqueViolation(error, 'links', 'slug')) throw new StoreConflictError('slug', link.slug);
    throw error;
  }
}
