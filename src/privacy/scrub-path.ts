import { looksLikeEmail, looksLikeToken } from './looks-personal.js';
import { safeDecode } from './safe-decode.js';

/** What a personal-looking path segment becomes. */
export const REDACTED_SEGMENT = ':redacted';

/**
 * A URL path with its personal-looking segments replaced: `/reset/3f9a…c2` (password-reset and
 * magic-login links), `/u/jane.doe@example.org`. Matrix parameters (`;jsessionid=…`, RFC 3986
 * §3.3) are dropped: they carry session ids, never content. Digits alone are kept — article
 * ids are digits, and a path is written by the site, not typed by the visitor.
 */
export function scrubPath(pathname: string): string {
  const known = scrubbed.get(pathname);
  if (known !== undefined) return known;
  const result = pathname.split('/').map(scrubSegment).join('/');
  if (scrubbed.size >= MEMO_LIMIT) scrubbed.clear();
  scrubbed.set(pathname, result);
  return result;
}

/**
 * A site's traffic is a few thousand pages seen over and over: the answer for recent paths is
 * kept (bounded, in memory), since checking every segment for personal data is not cheap.
 */
const MEMO_LIMIT = 10_000;
const scrubbed = new Map<string, string>();

function scrubSegment(segment: string): string {
  const semicolon = segment.indexOf(';');
  const bare = semicolon < 0 ? segment : segment.slice(0, semicolon);
  const decoded = safeDecode(bare);
  return looksLikeEmail(decoded) || looksLikeToken(decoded) ? REDACTED_SEGMENT : bare;
}
