import { PREVIEW_FETCH_QUERIES, summarisePreviewFetchRows } from '../preview-fetch-sql.js';
import type { NewPreviewFetch, PreviewFetchSummary, PreviewStore, VariantPreview } from '../preview-store.js';
import { variantPreviewRecord } from '../sqlite/sqlite-previews.js';
import type { PgQueryable } from './postgres-pool.js';

/** `?` placeholders numbered the PostgreSQL way. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replaceAll('?', () => `$${++index}`);
}

/** PostgreSQL's side of `PreviewStore` (src/store/preview-store.ts), on the store's pool. */
export class PostgresPreviews implements PreviewStore {
  constructor(private readonly pool: PgQueryable) {}

  async listVariantPreviews(linkIds: readonly string[]): Promise<VariantPreview[]> {
    if (linkIds.length === 0) return [];
    const result = await this.pool.query(
      `SELECT link_id, title, description, image, updated_at FROM variant_previews
        WHERE link_id = ANY($1::text[])`,
      [linkIds],
    );
    return (result.rows as Parameters<typeof variantPreviewRecord>[0][]).map(variantPreviewRecord);
  }

  async putVariantPreview(preview: VariantPreview): Promise<void> {
    if (preview.title === null && preview.description === null && preview.image === null) {
      await this.pool.query('DELETE FROM variant_previews WHERE link_id = $1', [preview.linkId]);
      return;
    }
    await this.pool.query(
      `INSERT INTO variant_previews (link_id, title, description, image, updated_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (link_id) DO UPDATE SET title = excluded.title, description = excluded.description,
          image = excluded.image, updated_at = excluded.updated_at`,
      [preview.linkId, preview.title, preview.description, preview.image, preview.updatedAt],
    );
  }

  /** One statement for the batch: unnest keeps it one round trip whatever its size. */
  async recordPreviewFetches(fetches: readonly NewPreviewFetch[]): Promise<number> {
    if (fetches.length === 0) return 0;
    const result = await this.pool.query(
      `INSERT INTO preview_fetches (site_id, source, status, path, occurred_at, dedupe_key)
        SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::bigint[], $6::text[])
        ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        fetches.map((fetch) => fetch.siteId),
        fetches.map((fetch) => fetch.source),
        fetches.map((fetch) => fetch.status),
        fetches.map((fetch) => fetch.path),
        fetches.map((fetch) => fetch.occurredAt),
        fetches.map((fetch) => fetch.dedupeKey),
      ],
    );
    return result.rowCount ?? 0;
  }

  async prunePreviewFetches(siteId: string, before: number): Promise<number> {
    const result = await this.pool.query(
      'DELETE FROM preview_fetches WHERE site_id = $1 AND occurred_at < $2',
      [siteId, before],
    );
    return result.rowCount ?? 0;
  }

  async summarisePreviewFetches(siteId: string, since: number): Promise<PreviewFetchSummary[]> {
    const run = async (sql: string) => (await this.pool.query(numbered(sql), [siteId, since])).rows;
    const [logged, lastStatus, failures, shares] = await Promise.all([
      run(PREVIEW_FETCH_QUERIES.logged),
      run(PREVIEW_FETCH_QUERIES.lastStatus),
      run(PREVIEW_FETCH_QUERIES.failures),
      run(PREVIEW_FETCH_QUERIES.shares),
    ]);
    return summarisePreviewFetchRows({ logged, lastStatus, failures, shares });
  }
}
