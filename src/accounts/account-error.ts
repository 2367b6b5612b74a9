/**
 * Refusals of the account services; each `code` is also the HTTP error code (src/http/errors.ts)
 * it becomes.
 */
export type AccountErrorCode =
  | 'setup_done'
  | 'setup_token_invalid'
  | 'invalid_credentials'
  | 'wrong_password'
  | 'last_owner'
  | 'hashing_busy';

const MESSAGES: Readonly<Record<AccountErrorCode, string>> = {
  setup_done: 'Penumbra is already set up: sign in instead.',
  setup_token_invalid: 'This setup link is not valid: use the one the server printed when it started.',
  invalid_credentials: 'The email or the password is not right.',
  wrong_password: 'The current password is not right.',
  last_owner: 'The last owner can be neither removed nor demoted: make someone else owner first.',
  hashing_busy: 'Too many sign-ins are being checked at once: retry in a moment.',
};

export class AccountError extends Error {
  constructor(readonly code: AccountErrorCode) {
    super(MESSAGES[code]);
    this.name = 'AccountError';
  }
}
