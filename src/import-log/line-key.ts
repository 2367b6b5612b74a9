import * as crypto from 'node:crypto';

/**
 * `crypto.hash` (Node ≥ 20.12) digests in one call: ~0.8 µs a line against ~1.4 µs for
 * createHash().update().digest(), whose cost is mostly OpenSSL 3's per-call digest setup, not
 * hashing (nodejs/node#51034). Measured in CPU time by bench/import-parse.ts. Older Node 20
 * releases lack it and fall back.
 */
const oneShot = (crypto as Partial<Pick<typeof crypto, 'hash'>>).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

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
  return sha256Hex(`${secret}\0${siteId}\0${raw}`).slice(0, 32);
}

/** The name of the installation secret that keys line keys (Store.instanceSecret). */
export const LINE_KEY_SECRET = 'import-line-key';
