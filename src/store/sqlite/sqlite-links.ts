import { assertPage } from '../assert-page.js';
import { nextLinkStamps } from '../link-clock.js';
import { deletionPruneCutoff, doomedLinksSql, LATEST_LINK_STAMP } from '../link-deletions.js';
import { parentsFirst } from '../parents-first.js';
import { linkRecord, patchLink } from '../records.js';
import type { Link, LinkDeletion, LinkPatch, LinkQuery, NewLink } from '../store.js';
import { StoreConflictError } from '../store.js';
import { type LinkDeletionRow, type LinkRow, linkDeletionFromRow, linkFromRow } from '../store-rows.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase, SqlitePrepare } from './sqlite-database.js';
import { deleteSqliteLinkEvents } from './sqlite-link-events.js';
import {
  INSERT_LINK,
  SQLITE_LINK_COLUMNS,
  sqliteLinkFilter,
  sqliteLinkParams,
  UPDATE_LINK,
} from './sqlite-link-sql.js';
import { deleteSqliteLinkRollups } from './sqlite-rollups.js';
import { writeTransaction } from './sqlite-transaction.js';

const SELECT_LINKS = `SELECT ${SQLITE_LINK_COLUMNS} FROM links`;

/**
 * Links and their deletion records on SQLite (the link methods of `Store`): every write takes
 * its stamp from the link clock inside the write transaction (link-clock.ts).
 */
export class SqliteLinks {
  readonly #db: SqliteDatabase;
  readonly #sql: SqlitePrepare;

  constructor(db: SqliteDatabase, sql: SqlitePrepare) {
    this.#db = db;
    this.#sql = sql;
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
      this.recordDeletions(doomed);
      deleteSqliteLinkRollups(
        this.#sql,
        doomed.map((link) => link.id),
      );
      deleteSqliteLinkEvents(
        this.#sql,
        doomed.map((link) => link.id),
      );
      // Variants (links.parent_id) go by ON DELETE CASCADE.
      return this.#sql('DELETE FROM links WHERE id = ?').run(id).changes > 0;
    });
  }

  /**
   * One record per deleted link, stamped by the link clock, and the 7-day pruning; in the
   * caller's write transaction (a link's, a site's deletion, or an erasure's step).
   */
  recordDeletions(doomed: readonly Pick<LinkDeletionRow, 'id' | 'slug'>[]): void {
    if (doomed.length === 0) return;
    const stamps = nextLinkStamps(this.#latestLinkStamp(), doomed.length);
    const insert = this.#sql('INSERT INTO link_deletions (id, slug, deleted_at) VALUES (?, ?, ?)');
    for (const [index, link] of doomed.entries()) insert.run(link.id, link.slug, stamps[index]);
    const newest = stamps[stamps.length - 1] as string;
    this.#sql('DELETE FROM link_deletions WHERE deleted_at < ?').run(deletionPruneCutoff(newest));
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

  #insertLink(link: Link): void {
    try {
      this.#sql(INSERT_LINK).run(sqliteLinkParams(link));
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'links', 'slug')) throw new StoreConflictError('slug', link.slug);
      throw error;
    }
  }
}
