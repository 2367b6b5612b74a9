import { AccountInputError } from './account-input-error.js';

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254 characters. */
const MAX_EMAIL_LENGTH = 254;
/** Loose on purpose (one `@`, a dot in the domain, no spaces): the address is a login name here. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** The address as stored: trimmed and lowercased; an address of the wrong shape is refused. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(normalised)) {
    throw new AccountInputError('email_invalid', 'Enter an email address like name@example.org.', 'email');
  }
  return normalised;
}

const MAX_NAME_LENGTH = 200;

/** A display name: trimmed, 1–200 characters, no control characters. */
export function normaliseName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || [...trimmed].length > MAX_NAME_LENGTH || /\p{Cc}/u.test(trimmed)) {
    throw new AccountInputError(
      'name_invalid',
      `Enter a name of 1 to ${MAX_NAME_LENGTH} characters, on one line.`,
      'name',
    );
  }
  return trimmed;
}
