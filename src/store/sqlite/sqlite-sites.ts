import { assertCount } from '../assert-page.js';
import { type RetentionRunRow, retentionRunFromRow } from '../audit-rows.js';
import { doomedLinksSql } from '../link-deletions.js';
import { patchSite, publicLinkRecord, siteRecord } from '../records.js';
import type { SiteZones } from '../rollups/site-zones.js';
import {
  DELETE_SITE,
  DELETE_SITE_EVENTS,
  GET_RETENTION_RUN,
  INSERT_PUBLIC_LINK,
  INSERT_SITE,
  LIST_PUBLIC_LINKS,
  PUBLIC_LINK_BY_HASH,
  publicLinkValues,
  RECORD_RETENTION_RUN,
  REVOKE_PUBLIC_LINK,
  retentionRunValues,
} from '../site-sql.js';
import type { NewPublicLink, NewSite, PublicLink, RetentionRun, Site, SitePatch } from '../store.js';
import { StoreConflictError } from '../store.js';
import {
  type LinkDeletionRow,
  type PublicLinkRow,
  publicLinkFromRow,
  SITE_COLUMNS,
  type SiteRow,
  siteFromRow,
  siteValues,
} from '../store-rows.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import { type SqliteDatabase, type SqlitePrepare, sqliteBoolean } from './sqlite-database.js';
import type { SqliteLinks } from './sqlite-links.js';
import { deleteSqliteSiteRollups } from './sqlite-rollups.js';
import { writeTransaction } from './sqlite-transaction.js';

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
      this.#sql(INSERT_SITE).run(...siteValues(created, sqliteBoolean));
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
      this.#sql(DELETE_SITE_EVENTS).run(id);
      return this.#sql(DELETE_SITE).run(id).changes > 0;
    });
  }

  async createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    const created = publicLinkRecord(link, new Date().toISOString());
    try {
      this.#sql(INSERT_PUBLIC_LINK).run(...publicLinkValues(created));
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'public_links', 'token_hash')) {
        throw new StoreConflictError('token', created.id);
      }
      throw error;
    }
    return created;
  }

  async getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    const row = this.#sql(PUBLIC_LINK_BY_HASH).get(hash) as PublicLinkRow | undefined;
    return row && publicLinkFromRow(row);
  }

  async listPublicLinks(siteId: string): Promise<PublicLink[]> {
    const rows = this.#sql(LIST_PUBLIC_LINKS).all(siteId) as PublicLinkRow[];
    return rows.map(publicLinkFromRow);
  }

  async revokePublicLink(siteId: string, id: string): Promise<boolean> {
    return this.#sql(REVOKE_PUBLIC_LINK).run(new Date().toISOString(), id, siteId).changes > 0;
  }

  async recordRetentionRun(run: RetentionRun): Promise<void> {
    assertCount('deleted', run.deleted);
    this.#sql(RECORD_RETENTION_RUN).run(...retentionRunValues(run));
  }

  async getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    const row = this.#sql(GET_RETENTION_RUN).get(siteId) as RetentionRunRow | undefined;
    return row && retentionRunFromRow(row);
  }

  #findSite(column: 'id' | 'domain', value: string): Site | undefined {
    const row = this.#sql(`SELECT ${SITE_COLUMNS} FROM sites WHERE ${column} = ?`).get(value) as
      | SiteRow
      | undefined;
    return row && siteFromRow(row);
  }
}
