import {
  DELETE_RECIPIENT,
  DELETE_SITE_RECIPIENT,
  GET_RECIPIENT,
  INSERT_RECIPIENT,
  LIST_ALL_RECIPIENTS,
  LIST_RECIPIENTS,
  type RecipientRow,
  recipientFromRow,
  numberedSql as sql,
} from '../outbox-sql.js';
import type { NewReportRecipient, RecipientStore, ReportRecipient } from '../recipient-store.js';
import { StoreConflictError } from '../store.js';
import { isPostgresUniqueViolation } from './postgres-conflict.js';
import type { PgQueryable } from './postgres-pool.js';

/** Report recipients on PostgreSQL (src/store/recipient-store.ts). */
export class PostgresRecipients implements RecipientStore {
  constructor(private readonly pool: PgQueryable) {}

  async createRecipient(recipient: NewReportRecipient): Promise<ReportRecipient> {
    const created = { ...recipient, createdAt: new Date().toISOString() };
    try {
      await this.pool.query(sql(INSERT_RECIPIENT), [
        created.id,
        created.siteId,
        created.kind,
        created.address,
        created.language,
        created.schedule,
        created.createdAt,
      ]);
    } catch (error) {
      if (isPostgresUniqueViolation(error, 'report_recipients', 'address')) {
        throw new StoreConflictError('address', recipient.address);
      }
      throw error;
    }
    return created;
  }

  async getRecipient(id: string): Promise<ReportRecipient | undefined> {
    const [row] = (await this.pool.query(sql(GET_RECIPIENT), [id])).rows as RecipientRow[];
    return row && recipientFromRow(row);
  }

  async listRecipients(siteId?: string): Promise<ReportRecipient[]> {
    const result =
      siteId === undefined
        ? await this.pool.query(LIST_ALL_RECIPIENTS)
        : await this.pool.query(sql(LIST_RECIPIENTS), [siteId]);
    return (result.rows as RecipientRow[]).map(recipientFromRow);
  }

  async deleteRecipient(id: string, siteId?: string): Promise<boolean> {
    const result =
      siteId === undefined
        ? await this.pool.query(sql(DELETE_RECIPIENT), [id])
        : await this.pool.query(sql(DELETE_SITE_RECIPIENT), [id, siteId]);
    return (result.rowCount ?? 0) > 0;
  }
}
