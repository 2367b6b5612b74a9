import ipaddr from 'ipaddr.js';
import { isPublicAddress } from './special-addresses.js';

/**
 * Special-use names that never resolve on the public internet: `localhost` and its subdomains
 * (RFC 6761 §6.3), multicast DNS `.local` (RFC 6762), `.home.arpa` (RFC 8375) and `.internal`
 * (reserved by ICANN for private use in 2024).
 */
const LOCAL_NAME = /(?:^|\.)(?:localhost|local|internal|home\.arpa)$/;

/** `[::1]` → `::1`, `Localhost.` → `localhost` (a fully-qualified name ends in a dot, RFC 1034 §3.1). */
export function bareHost(hostname: string): string {
  const unbracketed = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  // The lookbehind starts the match only at a run's first dot: `/\.+$/` is O(n²) (scripts/check-redos.mjs).
  return unbracketed.toLowerCase().replace(/(?<!\.)\.+$/, '');
}

/** A host written as an address, in any form ipaddr.js reads (`2130706433`, `0x7f.1`, `[::1]`). */
export function isAddressLiteral(hostname: string): boolean {
  return ipaddr.isValid(bareHost(hostname));
}

/**
 * Whether a host can be public *by its spelling*: an address literal must be public
 * (isPublicAddress), a name must not be a special-use local one. A public-looking name may still
 * resolve to loopback: whoever connects to it must use resolvePublicHost (resolve-public-host.ts).
 */
export function isPublicHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === '') return false;
  if (ipaddr.isValid(host)) return isPublicAddress(host);
  return !LOCAL_NAME.test(host);
}
