import { PREVIEW_FETCH_QUERIES, summarisePreviewFetchRows } from '../preview-fetch-sql.js';
import type { NewPreviewFetch, PreviewFetchSummary, PreviewStore, VariantPreview } from '../preview-store.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { writeTransaction } from './sqlite-transaction.js';

interface VariantPreviewRow {
  link_id: string;
  title: string | null;
  description: string | null;
  image: string | null;
  updated_at: string;
}

export function variantPreviewRecord(row: VariantPreviewRow): VariantPreview {
  return {
    linkId: row.link_id,
    title: row.title,
    description: row.description,
    image: row.image,
    updatedAt: row.updated_at,
  };
}

/** SQLite's side of `PreviewStore` (src/store/preview-store.ts), on the store's own connection. */
export class SqlitePreviews implements PreviewStore {
  constructor(private readonly db: SqliteDatabase) {}

  async listVariantPreviews(linkIds: readonly string[]): Promise<VariantPreview[]> {
    if (linkIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT link_id, title, description, image, updated_at FROM variant_previews
          WHERE link_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(linkIds)) as VariantPreviewRow[];
    return rows.map(variantPreviewRecord);
  }

  async putVariantPreview(preview: VariantPreview): Promise<void> {
    if (preview.title === null && preview.description === null && preview.image === null) {
      this.db.prepare('DELETE FROM variant_previews WHERE link_id = ?').run(preview.linkId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO variant_previews (link_id, title, description, image, updated_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (link_id) DO UPDATE SET title = excluded.title, description = excluded.description,
            image = excluded.image, updated_at = excluded.updated_at`,
      )
      .run(preview.linkId, preview.title, preview.description, preview.image, preview.updatedAt);
  }

  async recordPreviewFetches(fetches: readonly NewPreviewFetch[]): Promise<number> {
    if (fetches.length === 0) return 0;
    const insert = this.db.prepare(
      `INSERT INTO preview_fetches (site_id, source, status, path, occurred_at, dedupe_key)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    return writeTransaction(this.db, () => {
      let stored = 0;
      for (const fetch of fetches) {
        stored += insert.run(
          fetch.siteId,
          fetch.source,
          fetch.status,
          fetch.path,
          fetch.occurredAt,
          fetch.dedupeKey,
        ).changes;
      }
      return stored;
    });
  }

  async prunePreviewFetches(siteId: string, before: number): Promise<number> {
    return this.db
      .prepare('DELETE FROM preview_fetches WHERE site_id = ? AND occurred_at < ?')
      .run(siteId, before).changes;
  }

  async summarisePreviewFetches(siteId: string, since: number): Promise<PreviewFetchSummary[]> {
    const run = (sql: string) => this.db.prepare(sql).all(siteId, since);
    return summarisePreviewFetchRows({
      logged: run(PREVIEW_FETCH_QUERIES.logged),
      lastStatus: run(PREVIEW_FETCH_QUERIES.lastStatus),
      failures: run(PREVIEW_FETCH_QUERIES.failures),
      shares: run(PREVIEW_FETCH_QUERIES.shares),
    });
  }
}
