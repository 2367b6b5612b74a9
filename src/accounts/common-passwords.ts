import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * NIST SP 800-63B §5.1.1.2: a new password is compared with "a list that contains values known to
 * be commonly-used, expected, or compromised". The list is zxcvbn-ts' `passwords-common`
 * (@zxcvbn-ts/language-common, MIT): about 49,000 passwords from leaked sets, lowercase, most
 * frequent first. Loaded on first use, kept as a Set (a few MB) for the process's life.
 */
let common: ReadonlySet<string> | undefined;

/** Whether `password` (as hashed: NFKC), in any letter case, is on the list of common passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.normalize('NFKC').toLowerCase());
}
