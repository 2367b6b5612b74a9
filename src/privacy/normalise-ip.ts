import { isIP } from 'node:net';

/** `::ffff:c000:201` — an IPv4-mapped IPv6 address as the WHATWG URL parser prints it (RFC 4291 §2.5.5.2). */
const MAPPED_IPV4 = /^::ffff:([\da-f]{1,4}):([\da-f]{1,4})$/;
/** `192.0.2.1:51234` — some proxies (Azure, IIS) append the client's port to the address. */
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
/** `[2001:db8::1]` or `[2001:db8::1]:443`. */
const BRACKETED = /^\[([^\]]*)\](?::\d{1,5})?$/;

/**
 * One spelling per client address, so the same client always hashes the same: IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports) becomes plain IPv4, IPv6 takes its
 * canonical text form (RFC 5952: lowercase, no leading zeros, longest zero run as `::`), and
 * brackets, ports and zone ids (`%eth0`, RFC 4007 §11) are dropped. Anything that is not an IP
 * address is returned trimmed and lowercased; it is never an error.
 */
export function normaliseIp(ip: string): string {
  const bare = stripDecorations(ip.trim());
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version === 6) return canonicalIpv6(bare);
  return bare.toLowerCase();
}

function stripDecorations(ip: string): string {
  const bracketed = BRACKETED.exec(ip);
  const unbracketed = bracketed ? (bracketed[1] ?? '') : (IPV4_WITH_PORT.exec(ip)?.[1] ?? ip);
  const zone = unbracketed.indexOf('%');
  return zone < 0 ? unbracketed : unbracketed.slice(0, zone);
}

/** The WHATWG URL host serializer prints IPv6 in RFC 5952 form; `ip` is already known valid. */
function canonicalIpv6(ip: string): string {
  const host = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(host);
  return mapped ? ipv4FromHextets(mapped[1] ?? '0', mapped[2] ?? '0') : host;
}

function ipv4FromHextets(high: string, low: string): string {
  const hi = Number.parseInt(high, 16);
  const lo = Number.parseInt(low, 16);
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}
