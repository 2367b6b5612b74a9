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
 * The common case, `https://host/plain/path` with no query, fragment, port, credentials, escapes
 * or dot segments, is already in the form the WHATWG parser would give: it skips `new URL()`.
 */
const PLAIN_URL = /^https?:\/\/([a-z\d](?:[a-z\d.-]{0,251}[a-z\d])?)(\/[\w\-.~/]*)?$/;

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
  if (plain && !plain[2]?.includes('/.')) return { host: plain[1] ?? '', path: scrubPath(plain[2] || '/') };
  const parsed = parseHttpUrl(url);
  if (!parsed) return undefined;
  const scrubbed: ScrubbedUrl = {
    host: hostOf(parsed),
    path: scrubPath(parsed.pathname) + keptQuery(parsed.searchParams, options),
  };
  const shareToken = shareTokenOf(parsed.hash);
  if (shareToken) scrubbed.shareToken = shareToken;
  return scrubbed;
}

/** `?name=value&…` sorted by name for stable output, or `''`; the first value of a name decides. */
function keptQuery(params: URLSearchParams, options: ScrubUrlOptions): string {
  const kept = new Map<string, string | undefined>();
  for (const [rawName, rawValue] of params) {
    const name = rawName.toLowerCase();
    if (!kept.has(name)) kept.set(name, keptValue(name, rawValue, options));
  }
  const pairs = [...kept]
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function keptValue(name: string, value: string, options: ScrubUrlOptions): string | undefined {
  if (CLICK_IDS.has(name)) return options.keepCampaign && value.trim() ? '1' : undefined;
  if (CAMPAIGN_PARAMS.has(name)) return options.keepCampaign ? checkedValue(value) : undefined;
  const allowed = options.allowParams?.some((allowedName) => allowedName.toLowerCase() === name);
  return allowed ? checkedValue(value) : undefined;
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
