import ipaddr from 'ipaddr.js';
import { bareHost, isAddressLiteral, isPublicHost } from './public-host.js';
import { type LookupAll, lookupAll, NonPublicHostError, resolvePublicHost } from './resolve-public-host.js';
import { addressVerdict, isPublicAddress } from './special-addresses.js';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms (ipaddr.process unwraps `::ffff:127.0.0.1`). */
export function isLoopbackAddress(ip: string): boolean {
  const canonical = addressVerdict(ip).address;
  return canonical !== undefined && ipaddr.process(canonical).range() === 'loopback';
}

const LOOPBACK_NAME = /(?:^|\.)localhost$/;

/**
 * The addresses an outbound request may connect to. Without `allowLoopback` this is
 * resolvePublicHost: every answer must be public. With it (PENUMBRA_OUTBOUND_ALLOW_LOOPBACK, for
 * tests and single-host intranets) loopback addresses and `localhost` names pass too; private,
 * link-local and every other special address stay refused.
 */
export async function resolveOutboundTarget(
  hostname: string,
  { allowLoopback = false, resolve = lookupAll }: { allowLoopback?: boolean; resolve?: LookupAll } = {},
): Promise<string[]> {
  if (!allowLoopback) return resolvePublicHost(hostname, resolve);
  const host = bareHost(hostname);
  const acceptable = (address: string) => isPublicAddress(address) || isLoopbackAddress(address);
  if (isAddressLiteral(host)) {
    if (!acceptable(host)) throw new NonPublicHostError(host);
    return [addressVerdict(host).address ?? host];
  }
  if (!isPublicHost(host) && !LOOPBACK_NAME.test(host)) throw new NonPublicHostError(host);
  const answers = await resolve(host);
  if (answers.length === 0) throw new NonPublicHostError(host);
  const refused = answers.find(({ address }) => !acceptable(address));
  if (refused) throw new NonPublicHostError(host, refused.address);
  return answers.map(({ address }) => address);
}
