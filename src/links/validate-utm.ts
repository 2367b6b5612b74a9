import { LinkInputError } from './link-input-error.js';

/** Lowercase names starting `utm_`, as Google Analytics reads them (names are case-sensitive). */
export const UTM_KEY = /^utm_[a-z_]+$/;

export const MAX_UTM_PARAMS = 20;
export const MAX_UTM_VALUE_LENGTH = 200;

/** Control characters (C0, DEL, C1): they would break headers, logs and CSV exports downstream. */
const CONTROL = /\p{Cc}/u;

/**
 * A UTM template (`{ utm_campaign: 'spring' }`) checked and with values trimmed, or a
 * `LinkInputError` `utm_invalid`. `null` and `undefined` mean "no template" and give `{}`.
 */
export function validateUtm(input: unknown): Record<string, string> {
  if (input === null || input === undefined) return {};
  if (!isPlainObject(input)) {
    fail(
      'The UTM template must be an object of parameter names and values, such as {"utm_campaign": "spring"}.',
    );
  }
  const entries = Object.entries(input);
  if (entries.length > MAX_UTM_PARAMS) {
    fail(`The UTM template has ${entries.length} parameters; the limit is ${MAX_UTM_PARAMS}. Remove some.`);
  }
  return Object.fromEntries(entries.map(([key, value]) => [checkKey(key), checkValue(key, value)]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function checkKey(key: string): string {
  if (!UTM_KEY.test(key)) {
    fail(
      `${quote(key)} is not a UTM parameter name. Use lowercase names made of utm_ and letters or "_", such as utm_campaign.`,
    );
  }
  return key;
}

function checkValue(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(`The value of ${key} must be non-empty text. Fill it in or remove the parameter.`);
  }
  const trimmed = value.trim();
  if (trimmed.length > MAX_UTM_VALUE_LENGTH) {
    fail(
      `The value of ${key} is ${trimmed.length} characters long; the limit is ${MAX_UTM_VALUE_LENGTH}. Shorten it.`,
    );
  }
  if (CONTROL.test(trimmed)) {
    fail(`The value of ${key} contains a line break or another control character. Remove it.`);
  }
  return trimmed;
}

/** A user-supplied key, shortened, as a JSON string so odd characters stay visible. */
function quote(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

function fail(message: string): never {
  throw new LinkInputError('utm_invalid', message, 'utm');
}
