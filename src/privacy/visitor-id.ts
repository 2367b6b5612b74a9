import { createHmac } from 'node:crypto';
import { normaliseIp } from './normalise-ip.js';

export interface VisitorFacts {
  /** The day's salt: 16 random bytes, hex (see `DailySalts`). */
  salt: string;
  siteId: string;
  /** The client address; used here, in memory, and never stored (DESIGN.md §4). */
  ip: string;
  userAgent: string;
}

const SALT = /^[\da-f]{32}$/i;
/** NUL never occurs in a site id or a normalised address, so field boundaries cannot shift. */
const SEPARATOR = '\u0000';
/**
 * 128 of HMAC-SHA256's 256 bits. RFC 2104 §5 allows truncating an HMAC to at least half its
 * length; here the hash only has to tell a day's visitors of one site apart, and with n visitors
 * the chance of any collision is about n² / 2¹²⁹ (≈ 10⁻²¹ for a billion a day). Keeping half
 * the bits halves what is stored and indexed and keeps nothing that counting does not need.
 */
const HASH_BYTES = 16;

/**
 * The daily visitor id (DESIGN.md §4, the Plausible pattern of facts §6.2): HMAC-SHA256 keyed by
 * the day's salt over `siteId ‖ 0x00 ‖ ip ‖ 0x00 ‖ userAgent`. The site in the message gives one
 * person different ids on different sites (CNIL: no identifier shared across sites); the salt,
 * deleted after 48 h, gives different ids on different days and, once gone, makes the hash
 * impossible to brute-force back to an address. Returns 32 hex characters.
 */
export function hashVisitor({ salt, siteId, ip, userAgent }: VisitorFacts): string {
  if (!SALT.test(salt)) throw new TypeError('hashVisitor: the salt must be 16 bytes in hex');
  return createHmac('sha256', Buffer.from(salt, 'hex'))
    .update(`${siteId}${SEPARATOR}${normaliseIp(ip)}${SEPARATOR}${userAgent}`)
    .digest()
    .subarray(0, HASH_BYTES)
    .toString('hex');
}
