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
  return pathname.split('/').map(scrubSegment).join('/');
}

function scrubSegment(segment: string): string {
  const semicolon = segment.indexOf(';');
  const bare = semicolon < 0 ? segment : segment.slice(0, semicolon);
  const decoded = safeDecode(bare);
  return looksLikeEmail(decoded) || looksLikeToken(decoded) ? REDACTED_SEGMENT : bare;
}
