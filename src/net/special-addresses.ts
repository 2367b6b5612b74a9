import ipaddr from 'ipaddr.js';
import {
  IPV4_OTHER_BLOCKS,
  IPV4_SPECIAL_REGISTRY,
  IPV6_GLOBAL_UNICAST,
  IPV6_SPECIAL_REGISTRY,
  type SpecialBlock,
} from './special-address-table.js';

/** Why an address is or is not public: the most specific block it falls in, if any. */
export interface AddressVerdict {
  public: boolean;
  /** The address in canonical form (IPv4 dotted decimal, IPv6 compressed), when it parses. */
  address?: string;
  block?: SpecialBlock;
  /** The IPv4 address an IPv6 embedding carries, which is what decided. */
  embedded?: string;
}

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;
interface CompiledBlock {
  block: SpecialBlock;
  range: [Parsed, number];
}

/** Most specific first, so 192.0.0.9/32 (reachable) wins over 192.0.0.0/24 (not). */
function compile(blocks: readonly SpecialBlock[]): CompiledBlock[] {
  return blocks
    .map((block) => ({ block, range: ipaddr.parseCIDR(block.cidr) }))
    .sort((a, b) => b.range[1] - a.range[1]);
}

const IPV4_BLOCKS = compile([...IPV4_SPECIAL_REGISTRY, ...IPV4_OTHER_BLOCKS]);
const IPV6_BLOCKS = compile(IPV6_SPECIAL_REGISTRY);
const GLOBAL_UNICAST = ipaddr.parseCIDR(IPV6_GLOBAL_UNICAST);
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

function mostSpecific(address: Parsed, blocks: readonly CompiledBlock[]): SpecialBlock | undefined {
  return blocks.find(({ range }) => address.kind() === range[0].kind() && address.match(range))?.block;
}

/**
 * The IPv4 address that an IPv6 address hands traffic to, for the embeddings that reach an
 * arbitrary IPv4 host: IPv4-mapped (RFC 4291 §2.5.5.2, a dual-stack socket connects to the IPv4
 * host), the NAT64 well-known prefix (RFC 6052 §2.2, the last 32 bits) and 6to4 (RFC 3056 §2,
 * bits 16–47). Teredo (2001::/32, RFC 4380) and the NAT64 local-use prefix (64:ff9b:1::/48,
 * RFC 8215) are refused whole by the registry table instead: their IPv4 part cannot be trusted.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = address.toByteArray();
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  if (address.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (address.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}

function ipv4Verdict(address: ipaddr.IPv4): AddressVerdict {
  const block = mostSpecific(address, IPV4_BLOCKS);
  const found = { address: address.toString(), ...(block ? { block } : {}) };
  return { public: block ? block.globallyReachable : true, ...found };
}

function ipv6Verdict(address: ipaddr.IPv6): AddressVerdict {
  const embedded = embeddedIpv4(address);
  const block = mostSpecific(address, IPV6_BLOCKS);
  const found = { address: address.toString(), ...(block ? { block } : {}) };
  if (embedded) {
    return { ...found, public: ipv4Verdict(embedded).public, embedded: embedded.toString() };
  }
  if (block) return { ...found, public: block.globallyReachable };
  // Outside 2000::/3 nothing is assigned for global unicast: multicast (ff00::/8), fec0::/10 …
  return { ...found, public: address.match(GLOBAL_UNICAST) };
}

/** `[::1]` → `::1`: callers may pass a URL's bracketed hostname. */
function unbracket(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

// `[^%]*` rather than `.*`: the address part never holds the zone's `%`, and `.*:` was O(n²) (check-redos).
const DOTTED_TAIL = /^([^%]*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(%.*)?$/;

/**
 * `::8.8.8.8` → `::808:808` (RFC 4291 §2.2 form 3). ipaddr.js 2.5.0 reads every `::a.b.c.d` as
 * IPv4-*mapped* (`::ffff:a.b.c.d`), which would judge the deprecated IPv4-compatible form by its
 * IPv4 part; written as hex it parses as the address it is.
 */
function dottedTailToHex(ip: string): string {
  const match = DOTTED_TAIL.exec(ip);
  if (!match) return ip;
  const [a, b, c, d] = match.slice(2, 6).map(Number) as [number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255)) return ip;
  const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
  return `${match[1]}${hex(a, b)}:${hex(c, d)}${match[6] ?? ''}`;
}

/**
 * Whether an IP address is public, and which registry block decided. Accepts every form
 * ipaddr.js parses: dotted, shortened (`127.1`), decimal (`2130706433`), octal and hex IPv4
 * (`0x7f.1`, `0177.0.0.1`), and IPv6 with an embedded dotted tail or a zone id.
 */
export function addressVerdict(ip: string): AddressVerdict {
  const text = dottedTailToHex(unbracket(ip.trim()));
  if (!ipaddr.isValid(text)) return { public: false };
  const address = ipaddr.parse(text);
  return address.kind() === 'ipv4'
    ? ipv4Verdict(address as ipaddr.IPv4)
    : ipv6Verdict(address as ipaddr.IPv6);
}

/**
 * The one check every outbound target goes through (link targets today; previews and webhooks
 * when they come): true only for an address the IANA special-purpose registries (see
 * special-address-table.ts) call globally reachable or do not list, never multicast, and for
 * IPv6 embeddings of IPv4 only when the IPv4 address is itself public. Not an address → false.
 */
export function isPublicAddress(ip: string): boolean {
  return addressVerdict(ip).public;
}
