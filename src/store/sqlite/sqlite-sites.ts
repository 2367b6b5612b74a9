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
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase, SqlitePrepare } from './sqlite-database.js';
import type { SqliteLinks } from './sqlite-links.js';
import { deleteSqliteSiteRollups } from './sqlite-rollups.js';
import { writeTransaction } from './sqlite-transaction.js';

const SITE_PLACEHOLDERS = SITE_COLUMNS.split(',')
  .map(() => '?')
  .join(', ');

const sqliteBoolean = (value: boolean): number => (value ? 1 : 0);

/**
 * Sites on SQLite, with what hangs off one site alone: its public dashboard links and its last
 * retention run (the site methods of `Store`). A site's change forgets its cached time zone.
 */
export class SqliteSites {
  readonly #db: SqliteDatabase;
  readonly #sql: SqlitePrepare;
  readonly #zones: SiteZones;
  readonly #links: SqliteLinks;

  constructor(db: SqliteDatabase, sql: SqlitePrepare, zones: SiteZones, links: SqliteLinks) {
    this.#db = db;
    this.#sql = sql;
    this.#zones = zones;
    this.#links = links;
  }

  async createSite(site: NewSite): Promise<Site> {
    const created = siteRecord(site, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO sites (${SITE_COLUMNS}) VALUES (${SITE_PLACEHOLDERS})`).run(
        ...siteValues(created, sqliteBoolean),
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
      this.#zones.forget(id);
      this.#sql(
        `UPDATE sites SET name = ?, timezone = ?, fallback_url = ?, privacy_mode = ?, landing_paths = ?,
           respect_dnt = ?, retention_months = ?, extra_origins = ?, query_params = ?
         WHERE id = ?`,
      ).run(
        next.name,
        next.timezone,
        next.fallbackUrl,
        next.privacyMode,
        JSON.stringify(next.landingPaths),
        sqliteBoolean(next.respectDnt),
        next.retentionMonths,
        JSON.stringify(next.extraOrigins),
        JSON.stringify(next.queryParams),
        id,
      );
      return next;
    });
  }

  async deleteSite(id: string): Promise<boolean> {
    return writeTransaction(this.#db, () => {
      this.#links.recordDeletions(this.#sql(doomedLinksSql('site_id = ?')).all(id) as LinkDeletionRow[]);
      deleteSqliteSiteRollups(this.#sql, id);
      this.#zones.forget(id);
      // Events have no foreign key (schema version 8); links go by ON DELETE CASCADE.
      this.#sql('DELETE FROM events WHERE site_id = ?').run(id);
      return this.#sql('DELETE FROM sites WHERE id = ?').run(id).changes > 0;
    });
  }

  async createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    const created = publicLinkRecord(link, new Date().toISOString());
    try {
      this.#sql(`INSERT INTO public_links (${PUBLIC_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
        created.id,
        created.tokenHash,
        created.siteId,
        created.createdAt,
        created.revokedAt,
      );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'public_links', 'token_hash')) {
        throw new StoreConflictError('token', created.id);
      }
      throw error;
    }
    return created;
  }

  async getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    const row = this.#sql(`SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE token_hash = ?`).get(hash) as
      | PublicLinkRow
      | undefined;
    return row && publicLinkFromRow(row);
  }

  async listPublicLinks(siteId: string): Promise<PublicLink[]> {
    const rows = this.#sql(
      `SELECT ${PUBLIC_LINK_COLUMNS} FROM public_links WHERE site_id = ? ORDER BY created_at, id`,
    ).all(siteId) as PublicLinkRow[];
    return rows.map(publicLinkFromRow);
  }

  async revokePublicLink(siteId: string, id: string): Promise<boolean> {
    return (
      this.#sql(
        'UPDATE public_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND site_id = ?',
      ).run(new Date().toISOString(), id, siteId).changes > 0
    );
  }

  async recordRetentionRun(run: RetentionRun): Promise<void> {
    assertCount('deleted', run.deleted);
    // A site deleted while the job ran has no run to keep (and no row to point at).
    this.#sql(
      `INSERT INTO retention_runs (${RETENTION_RUN_COLUMNS})
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?)
       ON CONFLICT (site_id) DO UPDATE
       SET ran_at = excluded.ran_at, cutoff_day = excluded.cutoff_day, deleted = excluded.deleted`,
    ).run(run.siteId, run.ranAt, run.cutoffDay, run.deleted, run.siteId);
  }

  async getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    const row = this.#sql(`SELECT ${RETENTION_RUN_COLUMNS} FROM retention_runs WHERE site_id = ?`).get(
      siteId,
    ) as RetentionRunRow | undefined;
    return row && retentionRunFromRow(row);
  }

  #findSite(column: 'id' | 'domain', value: string): Site | undefined {
    const row = this.#sql(`SELECT ${SITE_COLUMNS} FROM sites WHERE ${column} = ?`).get(value) as
      | SiteRow
      | undefined;
    return row && siteFromRow(row);
  }
}
