import { randomInt } from 'node:crypto';
import { LinkInputError } from './link-input-error.js';

/**
 * Characters of generated slugs: digits and lowercase letters without the look-alikes
 * 0/o, 1/l/i, and without vowels (a, e, u too), so a slug never spells a word, never reads
 * ambiguously off a poster or a QR caption, and survives apps that lowercase links. 28 symbols:
 * 7 of them give 28^7 ≈ 1.3 × 10^10 slugs.
 */
export const SLUG_ALPHABET = '23456789bcdfghjkmnpqrstvwxyz';

export const MAX_SLUG_LENGTH = 64;

/**
 * First path segments the server and dashboard answer themselves (`/api/…`, `/p.js`, `/healthz`),
 * or may one day; a link there would shadow them or be shadowed. Compared case-insensitively.
 */
export const RESERVED_SLUGS: readonly string[] = Object.freeze([
  'api',
  'healthz',
  'p.js',
  'p',
  'admin',
  'login',
  'logout',
  'setup',
  'dashboard',
  'static',
  'assets',
  'favicon.ico',
  'robots.txt',
  'sitemap.xml',
  '.well-known',
  'app',
  'share',
  'public',
  'settings',
  'links',
  'sites',
  'realtime',
  'docs',
  'openapi.json',
  // The visitor opt-out page (issue #7) and the dashboard's privacy page.
  'opt-out',
  'privacy',
]);

const RESERVED: ReadonlySet<string> = new Set(RESERVED_SLUGS);

/**
 * A random slug from `SLUG_ALPHABET`. `crypto.randomInt` draws each symbol uniformly (it rejects
 * out-of-range bytes itself rather than reducing them modulo the range), so no symbol is more
 * likely than another and slugs cannot be guessed from earlier ones.
 */
export function generateSlug(length = 7): string {
  if (!Number.isInteger(length) || length < 1 || length > MAX_SLUG_LENGTH) {
    throw new RangeError(`Slug length must be a whole number from 1 to ${MAX_SLUG_LENGTH}; got ${length}.`);
  }
  let slug = randomSlug(length);
  // Only a one-letter `p` can collide with a reserved word, but the rule is general.
  while (RESERVED.has(slug)) slug = randomSlug(length);
  return slug;
}

function randomSlug(length: number): string {
  let slug = '';
  for (let i = 0; i < length; i++) slug += SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)];
  return slug;
}

/** Letters, digits, `-` and `_`, starting and ending with a letter or digit. */
const SLUG_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;

/** A custom slug unchanged, or a `LinkInputError` (`slug_reserved`, `slug_invalid`) saying why not. */
export function validateSlug(slug: string): string {
  if (typeof slug !== 'string' || slug === '') {
    fail('slug_invalid', 'The slug is empty. Choose one of 1 to 64 letters, digits, "-" or "_".');
  }
  if (RESERVED.has(slug.toLowerCase())) {
    fail('slug_reserved', `"${slug}" is reserved for Penumbra's own pages. Choose another slug.`);
  }
  if (slug.length > MAX_SLUG_LENGTH) {
    fail('slug_invalid', `The slug is ${slug.length} characters long; the limit is 64. Shorten it.`);
  }
  if (!SLUG_PATTERN.test(slug)) fail('slug_invalid', charsetMessage(slug));
  return slug;
}

function charsetMessage(slug: string): string {
  if (/^[-_]|[-_]$/.test(slug)) return 'A slug cannot start or end with "-" or "_". Remove it from the ends.';
  return 'A slug may only contain the letters A to Z (upper or lower case), digits, "-" and "_". Remove spaces, accents and other characters.';
}

function fail(code: string, message: string): never {
  throw new LinkInputError(code, message, 'slug');
}
