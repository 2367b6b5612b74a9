import { assertPage } from '../assert-page.js';
import { nextLinkStamps } from '../link-clock.js';
import { deletionPruneCutoff, doomedLinksSql, LATEST_LINK_STAMP } from '../link-deletions.js';
import { parentsFirst } from '../parents-first.js';
import { linkRecord, patchLink } from '../records.js';
import type { Link, LinkDeletion, LinkPatch, LinkQuery, NewLink } from '../store.js';
import { StoreConflictError } from '../store.js';
import { type LinkDeletionRow, type LinkRow, linkDeletionFromRow, linkFromRow } from '../store-rows.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { deletePostgresLinkEvents, lockFold } from './postgres-fold.js';
import {
  INSERT_LINK,
  insertLinkParams,
  POSTGRES_LINK_COLUMNS,
  postgresLinkFilter,
  UPDATE_LINK,
  updateLinkParams,
} from './postgres-link-sql.js';
import { notifyChange } from './postgres-listener.js';
import { type PgPool, type PgQueryable, queryRows } from './postgres-pool.js';
import { deletePostgresLinkRollups } from './postgres-rollups.js';
import { LINK_CLOCK_LOCK, lockTransaction, withTransaction } from './postgres-transaction.js';

const SELECT_LINKS = `SELECT ${POSTGRES_LINK_COLUMNS} FROM links`;

/**
 * Links and their deletion records on PostgreSQL (the link methods of `Store`): every write
 * holds the link clock's lock for its whole transaction (latestLinkStamp below).
 */
export class PostgresLinks {
  readonly #pool: PgPool;

  constructor(pool: PgPool) {
    this.#pool = pool;
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

  async #findLink(db: PgQueryable, column: 'id' | 'slug', value: string): Promise<Link | undefined> {
    const [row] = await queryRows<LinkRow>(db, `${SELECT_LINKS} WHERE ${column} = $1`, [value]);
    return row && linkFromRow(row);
  }

  async #links(sql: string, params: unknown[] = []): Promise<Link[]> {
    return (await queryRows<LinkRow>(this.#pool, sql, params)).map(linkFromRow);
  }
}

/**
 * Link writes and deletes take one advisory lock for their whole transaction, so they commit in
 * the order of their stamps: a reader of `listLinksUpdatedSince` or `listLinksDeletedSince` can
 * never see a newer stamp committed before an older one (see link-clock.ts). Link writes are
 * rare, admin-driven operations.
 */
export async function latestLinkStamp(client: PgQueryable): Promise<string | null> {
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
export async function recordDeletions(
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
