import {
  DELETE_RECIPIENT,
  DELETE_SITE_RECIPIENT,
  GET_RECIPIENT,
  INSERT_RECIPIENT,
  LIST_ALL_RECIPIENTS,
  LIST_RECIPIENTS,
  type RecipientRow,
  recipientFromRow,
} from '../outbox-sql.js';
import type { NewReportRecipient, RecipientStore, ReportRecipient } from '../recipient-store.js';
import { StoreConflictError } from '../store.js';
import { isSqliteUniqueViolation } from './sqlite-conflict.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Report recipients on SQLite (src/store/recipient-store.ts). */
export class SqliteRecipients implements RecipientStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createRecipient(recipient: NewReportRecipient): Promise<ReportRecipient> {
    const created = { ...recipient, createdAt: new Date().toISOString() };
    try {
      this.db
        .prepare(INSERT_RECIPIENT)
        .run(
          created.id,
          created.siteId,
          created.kind,
          created.address,
          created.language,
          created.schedule,
          created.createdAt,
        );
    } catch (error) {
      if (isSqliteUniqueViolation(error, 'report_recipients', 'address')) {
        throw new StoreConflictError('address', recipient.address);
      }
      throw error;
    }
    return created;
  }

  async getRecipient(id: string): Promise<ReportRecipient | undefined> {
    const row = this.db.prepare(GET_RECIPIENT).get(id) as RecipientRow | undefined;
    return row && recipientFromRow(row);
  }

  async listRecipients(siteId?: string): Promise<ReportRecipient[]> {
    const rows =
      siteId === undefined
        ? this.db.prepare(LIST_ALL_RECIPIENTS).all()
        : this.db.prepare(LIST_RECIPIENTS).all(siteId);
    return (rows as RecipientRow[]).map(recipientFromRow);
  }

  async deleteRecipient(id: string, siteId?: string): Promise<boolean> {
    const result =
      siteId === undefined
        ? this.db.prepare(DELETE_RECIPIENT).run(id)
        : this.db.prepare(DELETE_SITE_RECIPIENT).run(id, siteId);
    return result.changes > 0;
  }
}
