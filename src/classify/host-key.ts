/**
 * Brands that operate the same service on many country domains (google.co.uk, yandex.com.tr,
 * search.yahoo.co.jp, pinterest.fr). Their country suffix is folded into `*` so one table
 * entry (`google.*`) covers every country.
 */
const MULTI_TLD_BRANDS = new Set([
  'google',
  'yahoo',
  'yandex',
  'bing',
  'baidu',
  'pinterest',
  'ecosia',
  'qwant',
  'startpage',
  'ask',
  'naver',
  'daum',
  'seznam',
  'gmx',
  'linkedin',
  'reddit',
  'tiktok',
  'youtube',
]);

/** A label that can be part of a public suffix (`com`, `co`, `uk`, `br`, `org`). */
function isSuffixLabel(label: string): boolean {
  return label.length <= 3;
}

/** `www.google.co.uk` → `www.google.*`; other hosts unchanged. */
export function hostKey(host: string): string {
  const labels = host.split('.');
  const last = labels.length - 1;
  for (let tailLength = 1; tailLength <= 2; tailLength++) {
    const brandIndex = last - tailLength;
    if (brandIndex < 0) break;
    if (!isSuffixLabel(labels[last - tailLength + 1] ?? '')) break;
    if (MULTI_TLD_BRANDS.has(labels[brandIndex] ?? '')) {
      return `${labels.slice(0, brandIndex + 1).join('.')}.*`;
    }
  }
  return host;
}

/** A DNS name is at most 253 characters (RFC 1035 §2.3.4), and so is every table entry. */
export const MAX_HOST_LENGTH = 253;

/**
 * The labels of `key` that fit in its last `limit` characters: trying every suffix of a 64 KB
 * `a.a.a.…` would cost O(n²) (issue 13, finding 8), and no longer suffix can be in a table.
 */
function lastChars(key: string, limit: number): string {
  if (key.length <= limit) return key;
  const dot = key.indexOf('.', key.length - limit - 1);
  return dot < 0 ? '' : key.slice(dot + 1);
}

/**
 * Looks a host key up in a table of domains, most specific first: `l.facebook.com`, then
 * `facebook.com`. An entry therefore also covers all of its subdomains.
 */
export function lookupDomain<T>(table: ReadonlyMap<string, T>, key: string): T | undefined {
  let candidate = lastChars(key, MAX_HOST_LENGTH);
  for (;;) {
    const found = table.get(candidate);
    if (found !== undefined) return found;
    const dot = candidate.indexOf('.');
    if (dot < 0) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}

/** Hosts are compared without a leading `www.` (www.example.org and example.org are one site). */
export function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}
