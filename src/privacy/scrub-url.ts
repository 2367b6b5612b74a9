import { looksPersonal } from './looks-personal.js';
import { hostOf, MAX_URL_LENGTH, parseHttpUrl } from './parse-http-url.js';
import { safeDecode } from './safe-decode.js';
import { scrubPath } from './scrub-path.js';

export interface ScrubUrlOptions {
  /** The site's own parameter names to keep (`data-params`); their values are checked like any. */
  allowParams?: readonly string[];
  /**
   * Keep `utm_*` and click ids. `false` in strict mode, where they are dropped even when listed
   * in `allowParams` (CNIL self-assessment: no import of UTM or campaign ids, facts §6.1).
   */
  keepCampaign: boolean;
}

export interface ScrubbedUrl {
  /** Lowercase, without credentials or port. */
  host: string;
  /** The path, personal-looking segments redacted, then `?` and the kept parameters sorted by name. */
  path: string;
  /** The `#pn=` share token found in the fragment, if well formed (docs/tracking-protocol.md). */
  shareToken?: string;
}

/**
 * The common case skips `new URL()` (issue 12, "URL scrubbing without new URL for plain paths"):
 * a lowercase host whose last label starts with a letter (so the WHATWG parser reads no IPv4
 * number in it, URL Standard "ends in a number") and holds no punycode, a path of unreserved
 * characters (RFC 3986 §2.3) without dot segments, and a query and fragment of unreserved
 * characters, `=` and `&` — no port, credentials, escapes or `+`. Such a URL is already what
 * the WHATWG parser would give, and its query splits into the same pairs URLSearchParams gives
 * (nothing to decode). test/privacy/scrub-url-fast.test.ts checks both paths agree.
 */
const PLAIN_URL =
  /^https?:\/\/((?:[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?\.){0,126}[a-z](?:[a-z\d-]{0,61}[a-z\d])?)(\/[\w\-.~/]*)?(?:\?([\w\-.~=&]*))?(?:#([\w\-.~=&]*))?$/;

/** GA4's manual campaign parameters (support.google.com/analytics/answer/10917952). */
const CAMPAIGN_PARAMS: ReadonlySet<string> = new Set([
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'utm_id',
]);

/**
 * Ad-platform click ids: Google (`gclid`, iOS `gbraid`/`wbraid`, DV360 `dclid`), Microsoft,
 * Meta, TikTok, LinkedIn, X, Instagram. Their values point at one ad click — one person — on
 * the platform's side, so only their presence is kept (`=1`): the classifier needs to know an
 * ad was clicked, never which click.
 */
const CLICK_IDS: ReadonlySet<string> = new Set([
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'fbclid',
  'ttclid',
  'li_fat_id',
  'twclid',
  'igshid',
]);

/** No campaign name is this long; long values are where pasted personal data hides. */
const MAX_VALUE_LENGTH = 200;
/** Share tokens use only `[a-z0-9.-]` and are at most 120 characters (src/events/share-token.ts). */
const SHARE_TOKEN = /^[a-z\d.-]{1,120}$/;

/**
 * A page URL reduced to what measurement needs (DESIGN.md §4 "URL scrubbing"): host, path and an
 * allow-list of query parameters whose values do not look personal. Everything else — other
 * parameters, credentials, port, the fragment — is dropped. `undefined` for anything that is
 * not an absolute http(s) URL; never throws.
 */
export function scrubUrl(url: string, options: ScrubUrlOptions): ScrubbedUrl | undefined {
  const plain = url.length <= MAX_URL_LENGTH ? PLAIN_URL.exec(url) : null;
  if (!plain || plain[2]?.includes('/.') || plain[1]?.includes('xn--'))
    return scrubWithUrlParser(url, options);
  const [, host = '', path = '/', query, fragment] = plain;
  const scrubbed: ScrubbedUrl = {
    host,
    path: query ? scrubPath(path) + keptQuery(plainPairs(query), options) : scrubPath(path),
  };
  if (fragment) addShareToken(scrubbed, `#${fragment}`);
  return scrubbed;
}

/** The general case, through the WHATWG URL parser. Exported for the test that compares both. */
export function scrubWithUrlParser(url: string, options: ScrubUrlOptions): ScrubbedUrl | undefined {
  const parsed = parseHttpUrl(url);
  if (!parsed) return undefined;
  const scrubbed: ScrubbedUrl = {
    host: hostOf(parsed),
    path: scrubPath(parsed.pathname) + keptQuery(parsed.searchParams, options),
  };
  addShareToken(scrubbed, parsed.hash);
  return scrubbed;
}

function addShareToken(scrubbed: ScrubbedUrl, hash: string): void {
  const shareToken = shareTokenOf(hash);
  if (shareToken) scrubbed.shareToken = shareToken;
}

/**
 * A query of unreserved characters, `=` and `&` as URLSearchParams splits it (URL Standard,
 * application/x-www-form-urlencoded parsing): empty pieces skipped, the name up to the first
 * `=`. There is nothing to decode.
 */
function plainPairs(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      const equals = query.indexOf('=', start);
      pairs.push(
        equals === -1 || equals > end
          ? [query.slice(start, end), '']
          : [query.slice(start, equals), query.slice(equals + 1, end)],
      );
    }
    start = end + 1;
  }
  return pairs;
}

/** `?name=value&…` sorted by name for stable output, or `''`; the first value of a name decides. */
function keptQuery(params: Iterable<[string, string]>, options: ScrubUrlOptions): string {
  const seen = new Set<string>();
  const kept: [string, string][] = [];
  const allowed = allowedNames(options.allowParams);
  for (const [rawName, rawValue] of params) {
    const name = rawName.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    const value = keptValue(name, rawValue, options.keepCampaign, allowed);
    if (value !== undefined) kept.push([name, value]);
  }
  if (kept.length === 0) return '';
  kept.sort(byName);
  let query = '';
  for (const [name, value] of kept) {
    query += `${query === '' ? '?' : '&'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  }
  return query;
}

function byName(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : 1;
}

/**
 * A site's allowed names, lowercased once per list: the site directory hands out the same
 * array for as long as the site is unchanged, so this runs once per site change, not per event.
 */
const allowedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

function allowedNames(list: readonly string[] | undefined): ReadonlySet<string> {
  if (!list || list.length === 0) return NONE;
  let names = allowedSets.get(list);
  if (!names) {
    names = new Set(list.map((name) => name.toLowerCase()));
    allowedSets.set(list, names);
  }
  return names;
}

function keptValue(
  name: string,
  value: string,
  keepCampaign: boolean,
  allowed: ReadonlySet<string>,
): string | undefined {
  if (CLICK_IDS.has(name)) return keepCampaign && value.trim() ? '1' : undefined;
  if (CAMPAIGN_PARAMS.has(name)) return keepCampaign ? checkedValue(value) : undefined;
  return allowed.has(name) ? checkedValue(value) : undefined;
}

/** The value unless blank, too long or personal-looking (also once more decoded: `%2540` → `@`). */
function checkedValue(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_VALUE_LENGTH) return undefined;
  const decoded = safeDecode(trimmed);
  if (looksPersonal(trimmed) || (decoded !== trimmed && looksPersonal(decoded))) return undefined;
  return trimmed;
}

/** Checked like a kept value too: a visitor can type anything into the address bar. */
function shareTokenOf(hash: string): string | undefined {
  if (!hash.includes('pn=')) return undefined;
  const token = new URLSearchParams(hash.slice(1)).get('pn');
  return token !== null && SHARE_TOKEN.test(token) && !looksPersonal(token) ? token : undefined;
}
