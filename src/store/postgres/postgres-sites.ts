import { assertCount } from '../assert-page.js';
import { RETENTION_RUN_COLUMNS, type RetentionRunRow, retentionRunFromRow } from '../audit-rows.js';
import { doomedLinksSql } from '../link-deletions.js';
import { patchSite, publicLinkRecord, siteRecord } from '../records.js';
import type { SiteZones } from '../rollups/site-zones.js';
import type { NewPublicLink, NewSite, PublicLink, RetentionRun, Site, SitePatch } from '../store.js';
import { StoreConflictError } from '../store.js';
import {
  type LinkDeletionRow,
  PUBLIC_LINK_COLUMNS,
  type PublicLinkRow,
  publicLinkFromRow,
  SITE_COLUMNS,
  type SiteRow,
  siteFromRow,
  siteValues,
} from '../store-rows.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import { lockFold } from './postgres-fold.js';
import { latestLinkStamp, recordDeletions } from './postgres-links.js';
import { notifyChange } from './postgres-listener.js';
import { type PgPool, type PgQueryable, queryRows } from './postgres-pool.js';
import { deletePostgresSiteRollups } from './postgres-rollups.js';
import { withTransaction } from './postgres-transaction.js';

/** SITE_COLUMNS with the jsonb arrays as text, for the shared row mapper (store-rows.ts). */
const SELECT_SITE_COLUMNS =
  'id, domain, name, timezone, fallback_url, privacy_mode, landing_paths::text AS landing_paths, ' +
  'respect_dnt, retention_months, extra_origins::text AS extra_origins, ' +
  'query_params::text AS query_params, created_at';

const SITE_PLACEHOLDERS = SITE_COLUMNS.split(',')
  .map((_, i) => `$${i + 1}`)
  .join(', ');

/**
 * Sites on PostgreSQL, with what hangs off one site alone: its public dashboard links and its
 * last retention run (the site methods of `Store`). A site's change is announced to the other
 * instances (postgres-listener.ts) and forgets its cached time zone.
 */
export class PostgresSites {
  readonly #pool: PgPool;
  readonly #zones: SiteZones;

  constructor(pool: PgPool, zones: SiteZones) {
    this.#pool = pool;
    this.#zones = zones;
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
}
