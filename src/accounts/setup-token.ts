import { hashSecret, randomSecret, sameSecret } from './secrets.js';

/**
 * The one-time token that lets the first person create the owner account. It exists only in this
 * process's memory, and only as its SHA-256: `penumbra serve` prints the token once (in the setup
 * URL) when it starts on a store without any user. It is void once used.
 */
export class SetupToken {
  #hash: string | undefined;

  /** A new token (replacing any earlier one); the caller shows it once. */
  issue(): string {
    const token = randomSecret(32);
    this.#hash = hashSecret(token);
    return token;
  }

  get active(): boolean {
    return this.#hash !== undefined;
  }

  matches(token: string): boolean {
    return this.#hash !== undefined && sameSecret(hashSecret(token), this.#hash);
  }

  revoke(): void {
    this.#hash = undefined;
  }
}
