/** Input a user can fix: `code` is stable (`password_too_short` …), `field` names the culprit. */
export class AccountInputError extends Error {
  constructor(
    readonly code:
      | 'email_invalid'
      | 'name_invalid'
      | 'password_too_short'
      | 'password_too_long'
      | 'password_common',
    message: string,
    readonly field: 'email' | 'name' | 'password' | 'next',
  ) {
    super(message);
    this.name = 'AccountInputError';
  }
}
