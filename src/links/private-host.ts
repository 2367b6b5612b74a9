import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a host is one that people outside the owner's own network cannot reach: loopback,
 * private, link-local, unique-local, "this network" or carrier-grade NAT addresses, and the
 * special-use names that only resolve locally. Expects a hostname as WHATWG URL serialises it
 * (`new URL(...).hostname`), which has already turned `2130706433`, `0x7f.1`, `017700000001` and
 * `127。0。0。1` into `127.0.0.1` and IPv6 into compressed lowercase hex in brackets.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isIPv4(host)) return PRIVATE_IPV4.check(host, 'ipv4');
  if (isIPv6(host)) return isPrivateIpv6(host);
  return isPrivateName(host);
}

/** Ranges from the IANA IPv4 Special-Purpose Address Registry (RFC 6890). */
const PRIVATE_IPV4 = blockList('ipv4', [
  ['0.0.0.0', 8], // "this network" (RFC 1122 §3.2.1.3); browsers and curl send 0.0.0.0 to localhost
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // shared address space for carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback (RFC 1122 §3.2.1.3)
  ['169.254.0.0', 16], // link-local (RFC 3927), home of cloud metadata endpoints
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.168.0.0', 16], // private (RFC 1918)
]);

/** Ranges from the IANA IPv6 Special-Purpose Address Registry (RFC 6890). */
const PRIVATE_IPV6 = blockList('ipv6', [
  ['::', 128], // unspecified (RFC 4291 §2.5.2), the IPv6 twin of 0.0.0.0
  ['::1', 128], // loopback (RFC 4291 §2.5.3)
  ['fe80::', 10], // link-local (RFC 4291 §2.5.6)
  ['fc00::', 7], // unique local (RFC 4193)
]);

function blockList(type: 'ipv4' | 'ipv6', ranges: ReadonlyArray<readonly [string, number]>): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, type);
  return list;
}

/** `[::1]` → `::1`, `localhost.` → `localhost` (a fully-qualified name ends in a dot, RFC 1034 §3.1). */
function bareHost(hostname: string): string {
  const unbracketed = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return unbracketed.toLowerCase().replace(/\.+$/, '');
}

/**
 * Special-use names that never resolve on the public internet: `localhost` and its subdomains
 * (RFC 6761 §6.3), multicast DNS `.local` (RFC 6762), `.home.arpa` (RFC 8375) and `.internal`
 * (reserved by ICANN for private use in 2024).
 */
const PRIVATE_NAME = /(?:^|\.)(?:localhost|local|internal|home\.arpa)$/;

function isPrivateName(host: string): boolean {
  return PRIVATE_NAME.test(host);
}

function isPrivateIpv6(address: string): boolean {
  if (PRIVATE_IPV6.check(address, 'ipv6')) return true;
  const embedded = embeddedIpv4(ipv6Hextets(address));
  return embedded !== undefined && PRIVATE_IPV4.check(embedded, 'ipv4');
}

/**
 * IPv6 forms that carry an IPv4 address, so `[::ffff:127.0.0.1]` cannot smuggle in loopback:
 * IPv4-mapped (RFC 4291 §2.5.5.2), IPv4-compatible (deprecated, RFC 4291 §2.5.5.1), the NAT64
 * well-known prefix (RFC 6052 §2.1) and 6to4 (RFC 3056 §2).
 */
const IPV4_EMBEDDINGS: ReadonlyArray<{ prefix: readonly number[]; at: number }> = [
  { prefix: [0, 0, 0, 0, 0, 0xffff], at: 6 },
  { prefix: [0, 0, 0, 0, 0, 0], at: 6 },
  { prefix: [0x64, 0xff9b, 0, 0, 0, 0], at: 6 },
  { prefix: [0x2002], at: 1 },
];

function embeddedIpv4(hextets: readonly number[]): string | undefined {
  for (const { prefix, at } of IPV4_EMBEDDINGS) {
    if (prefix.every((hextet, index) => hextets[index] === hextet)) {
      return hextetsToIpv4(hextets[at] ?? 0, hextets[at + 1] ?? 0);
    }
  }
  return undefined;
}

function hextetsToIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (RFC 4291 §2.2 text forms, zone id dropped). */
function ipv6Hextets(address: string): number[] {
  const hex = dottedTailToHex(address.replace(/%.*$/, ''));
  const [head = '', tail] = hex.split('::');
  const left = groups(head);
  if (tail === undefined) return left;
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function groups(part: string): number[] {
  return part ? part.split(':').map((group) => Number.parseInt(group, 16)) : [];
}

/** `::ffff:127.0.0.1` → `::ffff:7f00:1` (RFC 4291 §2.2 form 3). */
function dottedTailToHex(address: string): string {
  const match = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (!match) return address;
  const [a = 0, b = 0, c = 0, d = 0] = match.slice(2).map(Number);
  return `${match[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
