import { randomUUID } from 'node:crypto';
import { DeliveryInputError } from '../outbox/delivery-input-error.js';
import { checkTargetUrl } from '../outbox/target-url.js';
import type {
  RecipientKind,
  RecipientLanguage,
  RecipientStore,
  ReportRecipient,
  ReportSchedule,
} from '../store/recipient-store.js';
import { type Site, StoreConflictError } from '../store/store.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

export interface RecipientInput {
  kind: RecipientKind;
  address: string;
  language?: RecipientLanguage;
  schedule?: ReportSchedule;
}

/**
 * A recipient as the API shows it. A Slack incoming-webhook URL is a secret (whoever has it can
 * post to the channel): only its host is shown back.
 */
export type RecipientView = ReportRecipient;

export const recipientView = (recipient: ReportRecipient): RecipientView => ({
  ...recipient,
  address: shownAddress(recipient.kind, recipient.address),
});

/** An address as it may be shown or echoed: an e-mail address whole, a Slack URL by its origin. */
function shownAddress(kind: RecipientKind, address: string): string {
  return kind === 'slack' ? `${new URL(address).origin}/…` : address;
}

/** One `@`, something on both sides, a dot in the domain, no spaces; at most 254 characters (RFC 5321 §4.5.3.1.3). */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Report recipients of a site, and their unsubscribe links (issue 14). */
export class RecipientService {
  readonly tokens: UnsubscribeTokens;

  constructor(
    private readonly store: {
      recipients: RecipientStore;
      instanceSecret(name: string, candidate: string): Promise<string>;
    },
    private readonly options: { allowLoopback: boolean; baseUrl: string },
  ) {
    this.tokens = new UnsubscribeTokens(store);
  }

  async add(site: Site, input: RecipientInput): Promise<ReportRecipient> {
    const address =
      input.kind === 'email' ? checkEmail(input.address) : await this.#checkSlack(input.address);
    try {
      return await this.store.recipients.createRecipient({
        id: randomUUID(),
        siteId: site.id,
        kind: input.kind,
        address,
        language: input.language ?? 'en',
        schedule: input.schedule ?? 'weekly',
      });
    } catch (error) {
      // Already a recipient of this site: `address_taken` (409), the Slack URL not echoed back.
      if (error instanceof StoreConflictError) {
        throw new StoreConflictError('address', shownAddress(input.kind, address));
      }
      throw error;
    }
  }

  list(siteId?: string): Promise<ReportRecipient[]> {
    return this.store.recipients.listRecipients(siteId);
  }

  remove(siteId: string, id: string): Promise<boolean> {
    return this.store.recipients.deleteRecipient(id, siteId);
  }

  /** The one-click link of a recipient's digests: no sign-in needed. */
  async unsubscribeUrl(recipientId: string): Promise<string> {
    return `${this.options.baseUrl.replace(/\/$/, '')}/unsubscribe/${await this.tokens.tokenFor(recipientId)}`;
  }

  /** Who a token unsubscribes, if it is genuine and they are still subscribed. */
  async recipientOfToken(token: string): Promise<ReportRecipient | undefined> {
    const id = await this.tokens.recipientOf(token);
    return id === undefined ? undefined : this.store.recipients.getRecipient(id);
  }

  /** Removes the token's recipient; true when there was one (a second click finds none). */
  async unsubscribe(token: string): Promise<boolean> {
    const id = await this.tokens.recipientOf(token);
    return id !== undefined && this.store.recipients.deleteRecipient(id);
  }

  #checkSlack(url: string): Promise<string> {
    return checkTargetUrl(url, {
      allowLoopback: this.options.allowLoopback,
      field: 'address',
      code: 'slack_url_invalid',
    });
  }
}

function checkEmail(raw: string): string {
  const address = raw.trim().toLowerCase();
  if (address.length > 254 || !EMAIL.test(address)) {
    throw new DeliveryInputError(
      'recipient_address_invalid',
      `"${raw.slice(0, 100)}" is not an e-mail address.`,
      'address',
    );
  }
  return address;
}
