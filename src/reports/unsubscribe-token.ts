import { createHmac } from 'node:crypto';
import { randomSecret, sameSecret } from '../accounts/secrets.js';
import type { Store } from '../store/store.js';

/**
 * The unsubscribe link's token: `<recipient id>.<HMAC-SHA256 of it>`, keyed by an installation
 * secret every instance shares (Store.instanceSecret). It needs no sign-in and reveals nothing but
 * the recipient's id; it cannot be made for another recipient without the key.
 */
export class UnsubscribeTokens {
  #key: Promise<string> | undefined;

  constructor(private readonly store: Pick<Store, 'instanceSecret'>) {}

  async tokenFor(recipientId: string): Promise<string> {
    return `${recipientId}.${await this.#mac(recipientId)}`;
  }

  /** The recipient id the token was made for, or undefined for a forged or mangled one. */
  async recipientOf(token: string): Promise<string | undefined> {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 200) return undefined;
    const id = token.slice(0, dot);
    return sameSecret(token.slice(dot + 1), await this.#mac(id)) ? id : undefined;
  }

  async #mac(id: string): Promise<string> {
    this.#key ??= this.store.instanceSecret('report-unsubscribe', randomSecret(32));
    return createHmac('sha256', await this.#key)
      .update(`unsubscribe:${id}`)
      .digest('base64url');
  }
}
