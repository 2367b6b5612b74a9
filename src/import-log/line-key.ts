import { sha256 } from '../privacy/sha256.js';

/**
 * The dedupe key of one log line for one site: the first 16 bytes (32 hex digits) of SHA-256
 * over the installation's secret, `siteId`, a NUL and the raw line without trailing `\r`.
 * Importing the same file twice (or a rotated file that repeats lines already imported, plain or
 * gzipped) yields the same keys; 128 bits make an accidental collision negligible (birthday
 * bound ~2^64 lines).
 *
 * Keyed because the line holds the visitor's IP address and user agent (DESIGN.md §4): an
 * unkeyed hash would let anyone holding an export or a copy of the events confirm a guessed
 * line — "did this address fetch this page at this second?" — by hashing it. The secret lives
 * apart from the events (instance_secrets, never exported); whoever holds the whole database
 * holds it too, which docs/privacy.md says. A secret prefix rather than HMAC: it keeps the one-shot
 * digest's speed, and SHA-256's length extension lets an attacker make keys of longer lines,
 * never check a guess of this one.
 */
export function lineKey(secret: string, siteId: string, line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  const raw = end === line.length ? line : line.slice(0, end);
  return sha256(`${secret}\0${siteId}\0${raw}`, 'hex').slice(0, 32);
}

/** The name of the installation secret that keys line keys (Store.instanceSecret). */
export const LINE_KEY_SECRET = 'import-line-key';
