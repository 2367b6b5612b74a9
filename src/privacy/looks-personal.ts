/**
 * Heuristics for values that may identify a person or open an account: e-mail addresses, phone
 * and card numbers, IBANs, UUIDs and random-looking tokens (DESIGN.md §4: "values that look like
 * e-mails, phone numbers or tokens are dropped"). They err towards dropping: a lost campaign
 * value costs a row in a report, a kept e-mail address costs a person their privacy.
 */

/**
 * Around each `@`: a local-part character before it and a dotted domain ending in a 2+ letter
 * label after it (at most 255 characters, RFC 5321 §4.5.3.1.2). Checked per `@` on a bounded
 * slice: one unanchored regex over the whole value backtracks quadratically on a long run
 * without an `@`.
 */
const LOCAL_PART_CHARACTER = /^[\p{L}\p{N}._%+'-]$/u;
const DOMAIN_START = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const MAX_DOMAIN = 255;
/** A run of digits with the separators people type in phone numbers; checked for 7+ digits. */
const DIGIT_RUN = /[+(]?\d[\d\s().-]*\d/g;
const MIN_PHONE_DIGITS = 7;
/** `2024-10-15`, `20241015`, `15.10.2024`: dates are common in campaign names and not personal. */
const DATES = [
  /^(?:19|20)\d\d([-./]?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])$/,
  /^(?:0[1-9]|[12]\d|3[01])([-.])(?:0[1-9]|1[0-2])\1(?:19|20)\d\d$/,
];
const UUID = /[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/i;
/** JWS compact serialization (RFC 7519 §3): three dot-separated base64url segments. */
const NOT_JWT_CHARACTER = /[^\w.-]+/;
const MIN_JWT_SEGMENT = 8;
/** ISO 13616: country, two check digits, 11–30 letters or digits, optionally in groups of four. */
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z\d]){11,30}\b/g;
/** Runs of 20+ base64url characters; shorter ones are never taken for tokens. */
const TOKEN_RUN = /[\w-]{20,}/g;
/** 20+ hex digits mixing letters and digits: no word is spelt with a–f alone at that length. */
const HEX_RUN = /[\da-f]{20,}/gi;
/** Characters of a run that must sit in random-looking pieces for the run to be a token. */
const MIN_RANDOM_CHARACTERS = 16;
const MIN_RANDOM_PIECE = 2;
/** Share of class changes (lower → upper, letter ↔ digit) above which a piece looks random. */
const RANDOM_CHANGE_RATIO = 0.2;
const MIN_WORDLESS_PIECE = 12;
const MAX_WORDLESS_VOWEL_RATIO = 0.2;

export function looksLikeEmail(value: string): boolean {
  for (let at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
    const before = value.codePointAt(at - 1);
    const local = before !== undefined && LOCAL_PART_CHARACTER.test(String.fromCodePoint(before));
    if (local && DOMAIN_START.test(value.slice(at + 1, at + 1 + MAX_DOMAIN))) return true;
  }
  return false;
}

/**
 * Seven or more digits, with optional `+`, spaces, dashes, dots and parentheses: phone numbers
 * in any national format, and also card numbers and bank accounts (all longer than 7 digits).
 * A run that is exactly a date is let through.
 */
export function looksLikePhone(value: string): boolean {
  for (const match of value.matchAll(DIGIT_RUN)) {
    const run = match[0];
    if (countDigits(run) >= MIN_PHONE_DIGITS && !isDate(run)) return true;
  }
  return false;
}

/** An IBAN whose ISO 7064 mod-97 check digits are right, anywhere in the value. */
export function looksLikeIban(value: string): boolean {
  for (const match of value.toUpperCase().matchAll(IBAN)) {
    if (ibanChecksumIsValid(match[0].replaceAll(' ', ''))) return true;
  }
  return false;
}

/**
 * A UUID, a JWT-like triple, or a run of 20+ `[A-Za-z0-9_-]` that reads as random: hex,
 * base64url, base36 (`3f9a…` password-reset links, session ids, API keys). Slugs such as
 * `top-10-things-to-do-in-paris-2024` are runs of words and are kept.
 */
export function looksLikeToken(value: string): boolean {
  if (UUID.test(value) || looksLikeJwt(value) || hasHexRun(value)) return true;
  for (const match of value.matchAll(TOKEN_RUN)) if (runLooksRandom(match[0])) return true;
  return false;
}

/** Any of the above: the value must not be stored. */
export function looksPersonal(value: string): boolean {
  return looksLikeEmail(value) || looksLikePhone(value) || looksLikeIban(value) || looksLikeToken(value);
}

function hasHexRun(value: string): boolean {
  for (const match of value.matchAll(HEX_RUN)) {
    if (/\d/.test(match[0]) && /[a-f]/i.test(match[0])) return true;
  }
  return false;
}

/**
 * Three consecutive dot-separated segments of 8+ base64url characters. A signed token always
 * holds a digit somewhere; dotted names such as `newsletter.example.org` rarely do.
 */
function looksLikeJwt(value: string): boolean {
  if (!value.includes('.')) return false;
  for (const chunk of value.split(NOT_JWT_CHARACTER)) {
    const segments = chunk.split('.');
    for (let i = 0; i + 2 < segments.length; i++) {
      const triple = segments.slice(i, i + 3);
      const long = triple.every((segment) => segment.length >= MIN_JWT_SEGMENT);
      if (long && /\d/.test(triple.join(''))) return true;
    }
  }
  return false;
}

function countDigits(text: string): number {
  let digits = 0;
  for (const char of text) if (char >= '0' && char <= '9') digits++;
  return digits;
}

function isDate(run: string): boolean {
  return DATES.some((pattern) => pattern.test(run));
}

/** ISO 7064 MOD 97-10 as ISO 13616 uses it: move the first four to the end, letters → 10–35. */
function ibanChecksumIsValid(iban: string): boolean {
  let remainder = 0;
  for (const char of iban.slice(4) + iban.slice(0, 4)) {
    const value = Number.parseInt(char, 36);
    remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

/**
 * Most characters of a random string sit in "random pieces" (between `-` and `_`); a slug's sit
 * in words. A run is a token when its random pieces hold 16+ characters and at least half.
 */
function runLooksRandom(run: string): boolean {
  const pieces = run.split(/[-_]+/);
  let random = 0;
  let total = 0;
  for (const piece of pieces) {
    total += piece.length;
    if (pieceLooksRandom(piece)) random += piece.length;
  }
  return random >= MIN_RANDOM_CHARACTERS && random * 2 >= total;
}

function pieceLooksRandom(piece: string): boolean {
  if (piece.length < MIN_RANDOM_PIECE) return false;
  return classChangeRatio(piece) >= RANDOM_CHANGE_RATIO || isWordless(piece);
}

type CharClass = 'lower' | 'upper' | 'digit';

function classOf(char: string): CharClass {
  if (char >= '0' && char <= '9') return 'digit';
  return char >= 'A' && char <= 'Z' ? 'upper' : 'lower';
}

/**
 * How often adjacent characters switch class. Upper → lower is not counted (it is how a
 * capitalised or camel-cased word goes on), so words score near 0; random base64url scores about
 * 0.45, hex 0.47, base36 0.40 and base32 0.30.
 */
function classChangeRatio(piece: string): number {
  let changes = 0;
  let previous = classOf(piece[0] ?? '');
  for (let i = 1; i < piece.length; i++) {
    const current = classOf(piece[i] ?? '');
    if (current !== previous && !(previous === 'upper' && current === 'lower')) changes++;
    previous = current;
  }
  return changes / (piece.length - 1);
}

/**
 * Long pieces whose letters are almost all consonants (`kbustmj8skrnimnyqqmg`) are not words:
 * written languages using the Latin alphabet run at roughly 35–45 % vowels; random letters at 23 %.
 */
function isWordless(piece: string): boolean {
  if (piece.length < MIN_WORDLESS_PIECE) return false;
  const letters = piece.match(/[a-z]/gi)?.length ?? 0;
  const vowels = piece.match(/[aeiouy]/gi)?.length ?? 0;
  return letters > 0 && vowels / letters < MAX_WORDLESS_VOWEL_RATIO;
}
