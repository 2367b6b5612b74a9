/**
 * Who receives a site's digests (issue 14, "Reports"): an e-mail address or a Slack
 * incoming-webhook URL, in French or English, weekly, monthly or both. Anyone can be one; an
 * owner adds them, and an e-mail recipient leaves with the unsubscribe link of any digest.
 */
export type RecipientKind = 'email' | 'slack';
export type RecipientLanguage = 'en' | 'fr';
export type ReportSchedule = 'weekly' | 'monthly' | 'both';

export interface ReportRecipient {
  id: string;
  siteId: string;
  kind: RecipientKind;
  /** The e-mail address (lowercased) or the Slack incoming-webhook URL. */
  address: string;
  language: RecipientLanguage;
  schedule: ReportSchedule;
  createdAt: string;
}

export type NewReportRecipient = Omit<ReportRecipient, 'createdAt'>;

export interface RecipientStore {
  /** The same kind and address twice on a site is a StoreConflictError on `email`. */
  createRecipient(recipient: NewReportRecipient): Promise<ReportRecipient>;
  getRecipient(id: string): Promise<ReportRecipient | undefined>;
  /** One site's recipients (oldest first), or every site's when `siteId` is undefined. */
  listRecipients(siteId?: string): Promise<ReportRecipient[]>;
  /** Removes a recipient; `siteId` undefined for the unsubscribe link, which names no site. */
  deleteRecipient(id: string, siteId?: string): Promise<boolean>;
}
