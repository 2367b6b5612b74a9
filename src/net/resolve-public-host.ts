import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { bareHost, isAddressLiteral, isPublicHost } from './public-host.js';
import { addressVerdict, isPublicAddress } from './special-addresses.js';

/** All the addresses a name has; `dns.lookup` with `all` by default (what `net.connect` uses). */
export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

export const lookupAll: LookupAll = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A host refused as an outbound target; `address` is the resolved address that was not public. */
export class NonPublicHostError extends Error {
  readonly code = 'host_not_public';
  constructor(
    readonly host: string,
    readonly address?: string,
  ) {
    super(
      address === undefined
        ? `${host} is not a public host.`
        : `${host} resolves to ${address}, which is not a public address.`,
    );
    this.name = 'NonPublicHostError';
  }
}

/**
 * Resolves a host once and returns its addresses only if every one of them is public; a name
 * with any loopback, private or other special address among its answers is refused whole (an
 * attacker controls which answer a client picks). Whoever fetches must then connect to one of
 * the returned addresses, not resolve the name again: a second lookup could answer differently
 * (DNS rebinding, OWASP SSRF Prevention Cheat Sheet).
 */
export async function resolvePublicHost(hostname: string, resolve: LookupAll = lookupAll): Promise<string[]> {
  const host = bareHost(hostname);
  if (!isPublicHost(host)) throw new NonPublicHostError(host);
  if (isAddressLiteral(host)) return [addressVerdict(host).address ?? host];
  const answers = await resolve(host);
  if (answers.length === 0) throw new NonPublicHostError(host);
  const refused = answers.find(({ address }) => !isPublicAddress(address));
  if (refused) throw new NonPublicHostError(host, refused.address);
  return answers.map(({ address }) => address);
}
