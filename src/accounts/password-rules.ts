import { AccountInputError } from './account-input-error.js';

/**
 * NIST SP 800-63B §5.1.1.2: a length floor rather than composition rules, and a generous ceiling
 * (passphrases and password managers). Counted in Unicode code points after NFKC normalisation,
 * the form the password is hashed in (passwords.ts).
 */
export const PASSWORD_RULES = Object.freeze({ minLength: 10, maxLength: 200 });

/** Throws an AccountInputError (`password_too_short` / `password_too_long`) naming `field`. */
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
}
