import { assertCount } from '../assert-page.js';
import { type RetentionRunRow, retentionRunFromRow } from '../audit-rows.js';
import { doomedLinksSql } from '../link-deletions.js';
import { numberedSql } from '../outbox-sql.js';
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

/** The shared statements with a placeholder (site-sql.ts), numbered once. */
const SQL = {
  insertSite: numberedSql(INSERT_SITE),
  deleteSite: numberedSql(DELETE_SITE),
  deleteSiteEvents: numberedSql(DELETE_SITE_EVENTS),
  insertPublicLink: numberedSql(INSERT_PUBLIC_LINK),
  publicLinkByHash: numberedSql(PUBLIC_LINK_BY_HASH),
  listPublicLinks: numberedSql(LIST_PUBLIC_LINKS),
  revokePublicLink: numberedSql(REVOKE_PUBLIC_LINK),
  recordRetentionRun: numberedSql(RECORD_RETENTION_RUN),
  getRetentionRun: numberedSql(GET_RETENTION_RUN),
} as const;

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
        SQL.insertSite,
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
      const result = await client.query(SQL.deleteSite, [id]);
      await client.query(SQL.deleteSiteEvents, [id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async createPublicLink(link: NewPublicLink): Promise<PublicLink> {
    const created = publicLinkRecord(link, new Date().toISOString());
    try {
      await this.#pool.query(SQL.insertPublicLink, publicLinkValues(created));
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'public_links', 'token_hash')) {
        throw new StoreConflictError('token', created.id);
      }
      throw error;
    }
    return created;
  }

  async getPublicLinkByHash(hash: string): Promise<PublicLink | undefined> {
    const [row] = await queryRows<PublicLinkRow>(this.#pool, SQL.publicLinkByHash, [hash]);
    return row && publicLinkFromRow(row);
  }

  async listPublicLinks(siteId: string): Promise<PublicLink[]> {
    const rows = await queryRows<PublicLinkRow>(this.#pool, SQL.listPublicLinks, [siteId]);
    return rows.map(publicLinkFromRow);
  }

  async revokePublicLink(siteId: string, id: string): Promise<boolean> {
    const result = await this.#pool.query(SQL.revokePublicLink, [new Date().toISOString(), id, siteId]);
    return (result.rowCount ?? 0) > 0;
  }

  async recordRetentionRun(run: RetentionRun): Promise<void> {
    assertCount('deleted', run.deleted);
    await this.#pool.query(SQL.recordRetentionRun, retentionRunValues(run));
  }

  async getRetentionRun(siteId: string): Promise<RetentionRun | undefined> {
    const [row] = await queryRows<RetentionRunRow>(this.#pool, SQL.getRetentionRun, [siteId]);
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
