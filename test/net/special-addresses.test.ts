import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { IPV4_SPECIAL_REGISTRY, IPV6_SPECIAL_REGISTRY } from '../../src/net/special-address-table.js';
import { addressVerdict, isPublicAddress } from '../../src/net/special-addresses.js';

/**
 * Written by hand from the IANA registries (not derived from the module's table): for every
 * entry, an address inside it that no more specific entry covers, and the registry's "Globally
 * Reachable" column (N/A → not public).
 * https://www.iana.org/assignments/iana-ipv4-special-registry
 * https://www.iana.org/assignments/iana-ipv6-special-registry
 */
const IPV4_SAMPLES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['0.0.0.0/8', '0.1.2.3', false],
  ['0.0.0.0/32', '0.0.0.0', false],
  ['10.0.0.0/8', '10.255.255.255', false],
  ['100.64.0.0/10', '100.127.0.1', false],
  ['127.0.0.0/8', '127.0.0.1', false],
  ['169.254.0.0/16', '169.254.169.254', false],
  ['172.16.0.0/12', '172.31.0.1', false],
  ['192.0.0.0/24', '192.0.0.200', false],
  ['192.0.0.0/29', '192.0.0.1', false],
  ['192.0.0.8/32', '192.0.0.8', false],
  ['192.0.0.9/32', '192.0.0.9', true],
  ['192.0.0.10/32', '192.0.0.10', true],
  ['192.0.0.170/32', '192.0.0.170', false],
  ['192.0.0.171/32', '192.0.0.171', false],
  ['192.0.2.0/24', '192.0.2.1', false],
  ['192.31.196.0/24', '192.31.196.1', true],
  ['192.52.193.0/24', '192.52.193.1', true],
  ['192.88.99.0/24', '192.88.99.1', false],
  ['192.88.99.2/32', '192.88.99.2', false],
  ['192.168.0.0/16', '192.168.1.1', false],
  ['192.175.48.0/24', '192.175.48.6', true],
  ['198.18.0.0/15', '198.19.255.255', false],
  ['198.51.100.0/24', '198.51.100.7', false],
  ['203.0.113.0/24', '203.0.113.9', false],
  ['240.0.0.0/4', '250.1.2.3', false],
  ['255.255.255.255/32', '255.255.255.255', false],
];

const IPV6_SAMPLES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['::1/128', '::1', false],
  ['::/128', '::', false],
  ['::ffff:0:0/96', '::ffff:10.0.0.1', false],
  ['64:ff9b::/96', '64:ff9b::8.8.8.8', true],
  ['64:ff9b:1::/48', '64:ff9b:1::8.8.8.8', false],
  ['100::/64', '100::1', false],
  ['100:0:0:1::/64', '100:0:0:1::1', false],
  ['2001::/23', '2001:100::1', false],
  ['2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
  ['2001:1::1/128', '2001:1::1', true],
  ['2001:1::2/128', '2001:1::2', true],
  ['2001:1::3/128', '2001:1::3', true],
  ['2001:2::/48', '2001:2::1', false],
  ['2001:3::/32', '2001:3::1', true],
  ['2001:4:112::/48', '2001:4:112::1', true],
  ['2001:10::/28', '2001:10::1', false],
  ['2001:20::/28', '2001:20::1', true],
  ['2001:30::/28', '2001:30::1', true],
  ['2001:db8::/32', '2001:db8::1', false],
  ['2002::/16', '2002:c0a8:101::1', false],
  ['2620:4f:8000::/48', '2620:4f:8000::1', true],
  ['3fff::/20', '3fff::1', false],
  ['5f00::/16', '5f00::1', false],
  ['fc00::/7', 'fd12:3456::1', false],
  ['fe80::/10', 'fe80::1', false],
];

describe('isPublicAddress: every IANA special-purpose registry entry', () => {
  it.each([...IPV4_SAMPLES, ...IPV6_SAMPLES])('%s: %s is public = %s', (cidr, address, expected) => {
    const verdict = addressVerdict(address);
    expect(verdict.block?.cidr).toBe(cidr);
    expect(verdict.public).toBe(expected);
  });

  it('has a sample for every entry of the table, and a table entry for every sample', () => {
    const sampled = new Set([...IPV4_SAMPLES, ...IPV6_SAMPLES].map(([cidr]) => cidr));
    const table = [...IPV4_SPECIAL_REGISTRY, ...IPV6_SPECIAL_REGISTRY].map(({ cidr }) => cidr);
    expect(new Set(table)).toEqual(sampled);
    expect(table).toHaveLength(sampled.size);
  });

  it('refuses both ends of every non-reachable block that no reachable block overrides', () => {
    for (const entry of [...IPV4_SPECIAL_REGISTRY, ...IPV6_SPECIAL_REGISTRY]) {
      if (entry.globallyReachable || ['::ffff:0:0/96', '2002::/16'].includes(entry.cidr)) continue;
      const [network, length] = ipaddr.parseCIDR(entry.cidr);
      const first = network.toString();
      const last = lastAddress(network, length);
      expect([entry.cidr, isPublicAddress(first)]).toEqual([entry.cidr, false]);
      expect([entry.cidr, isPublicAddress(last)]).toEqual([entry.cidr, false]);
    }
  });
});

function lastAddress(network: ipaddr.IPv4 | ipaddr.IPv6, length: number): string {
  const bytes = network.toByteArray();
  for (let bit = length; bit < bytes.length * 8; bit++) {
    const index = Math.floor(bit / 8);
    bytes[index] = (bytes[index] ?? 0) | (0x80 >> (bit % 8));
  }
  return ipaddr.fromByteArray(bytes).toString();
}

describe('isPublicAddress: outside the registries', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['223.255.255.255', true],
    ['224.0.0.1', false], // multicast (RFC 5771)
    ['239.255.255.250', false], // SSDP, administratively scoped multicast
    ['233.252.0.1', false], // MCAST-TEST-NET
    ['2606:4700:4700::1111', true],
    ['2001:4860:4860::8888', true],
    ['ff02::1', false], // IPv6 multicast (RFC 4291 §2.7)
    ['ff0e::1', false],
    ['fec0::1', false], // deprecated site-local (RFC 3879)
    ['4000::1', false], // unassigned, outside 2000::/3
    ['::7f00:1', false], // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1)
    ['::8.8.8.8', false],
    ['::ffff:0:808:808', false], // SIIT IPv4-translated (RFC 2765)
  ])('%s is public = %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('isPublicAddress: IPv6 embeddings judged by their IPv4 address', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', false],
    ['::ffff:7f00:1', '127.0.0.1', false],
    ['::ffff:169.254.169.254', '169.254.169.254', false],
    ['::ffff:198.18.0.1', '198.18.0.1', false],
    ['::ffff:8.8.8.8', '8.8.8.8', true],
    ['64:ff9b::127.0.0.1', '127.0.0.1', false],
    ['64:ff9b::a00:1', '10.0.0.1', false],
    ['64:ff9b::224.0.0.1', '224.0.0.1', false],
    ['64:ff9b::1.1.1.1', '1.1.1.1', true],
    ['2002:7f00:1::', '127.0.0.1', false],
    ['2002:a9fe:a9fe::1', '169.254.169.254', false],
    ['2002:c000:0001::', '192.0.0.1', false],
    ['2002:808:808::1', '8.8.8.8', true],
  ])('%s carries %s: public = %s', (address, embedded, expected) => {
    const verdict = addressVerdict(address);
    expect(verdict.embedded).toBe(embedded);
    expect(verdict.public).toBe(expected);
  });

  it('refuses all of Teredo, whatever server and client it names', () => {
    // Server 65.54.227.120, client 192.0.2.45 obfuscated (RFC 4380 §4): both parts untrusted.
    expect(isPublicAddress('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toBe(false);
    expect(isPublicAddress('2001:0:808:808::')).toBe(false);
  });
});

describe('isPublicAddress: written forms', () => {
  it.each([
    ['2130706433', false],
    ['0x7f.1', false],
    ['0x7f000001', false],
    ['017700000001', false],
    ['0177.0.0.1', false],
    ['127.1', false],
    ['0', false],
    ['3232235777', false], // 192.168.1.1
    ['0xA9FEA9FE', false], // 169.254.169.254
    ['134744072', true], // 8.8.8.8
    ['0x8.0x8.0x8.0x8', true],
    ['[::1]', false],
    ['[2606:4700:4700::1111]', true],
    ['fe80::1%eth0', false],
    ['0:0:0:0:0:ffff:7f00:1', false],
  ])('%s is public = %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each(['', 'example.com', '256.1.1.1', '1.2.3.4.5', '::g', 'localhost'])(
    'is false for %j, which is no address',
    (input) => {
      expect(isPublicAddress(input)).toBe(false);
    },
  );
});
