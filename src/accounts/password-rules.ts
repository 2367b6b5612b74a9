import { AccountInputError } from './account-input-error.js';
import { isCommonPassword } from './common-passwords.js';

/**
 * NIST SP 800-63B §5.1.1.2: a length floor rather than composition rules, a generous ceiling
 * (passphrases and password managers), and no password from a list of common ones. Counted in Unicode code points after NFKC normalisation,
 * the form the password is hashed in (passwords.ts).
 */
export const PASSWORD_RULES = Object.freeze({ minLength: 10, maxLength: 200 });

/**
 * Throws an AccountInputError (`password_too_short` / `password_too_long` / `password_common`)
 * naming `field`.
 */
export function checkPasswordRules(password: string, field: 'password' | 'next' = 'password'): void {
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_RULES.minLength) {
    throw new AccountInputError(
      'password_too_short',
      `Use at least ${PASSWORD_RULES.minLength} characters; a few words make a good one.`,
      field,
    );
  }
  if (length > PASSWORD_RULES.maxLength) {
    throw new AccountInputError(
      'password_too_long',
      `Use at most ${PASSWORD_RULES.maxLength} characters.`,
      field,
    );
  }
  if (isCommonPassword(password)) {
    throw new AccountInputError(
      'password_common',
      'This password is among the most common ones, the first an attacker tries: choose another.',
      field,
    );
  }
}
