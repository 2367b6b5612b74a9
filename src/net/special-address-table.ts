/**
 * One row of a special-purpose address registry: the block, its name as IANA writes it, the RFC
 * that reserved it, and the registry's "Globally Reachable" column (`N/A` counts as `false`: a
 * block whose reachability depends on its use is not one we may send a request to).
 */
export interface SpecialBlock {
  cidr: string;
  name: string;
  rfc: string;
  globallyReachable: boolean;
}

/**
 * The IANA IPv4 Special-Purpose Address Registry, every entry, as published at
 * https://www.iana.org/assignments/iana-ipv4-special-registry (RFC 6890, updated by RFC 8190).
 * Smaller blocks inside larger ones (192.0.0.9/32 in 192.0.0.0/24) are listed too: the most
 * specific entry decides, as the registry's own notes say.
 */
export const IPV4_SPECIAL_REGISTRY: readonly SpecialBlock[] = [
  { cidr: '0.0.0.0/8', name: '"This network"', rfc: 'RFC 791 §3.2', globallyReachable: false },
  {
    cidr: '0.0.0.0/32',
    name: '"This host on this network"',
    rfc: 'RFC 1122 §3.2.1.3',
    globallyReachable: false,
  },
  { cidr: '10.0.0.0/8', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: false },
  { cidr: '100.64.0.0/10', name: 'Shared Address Space', rfc: 'RFC 6598', globallyReachable: false },
  { cidr: '127.0.0.0/8', name: 'Loopback', rfc: 'RFC 1122 §3.2.1.3', globallyReachable: false },
  { cidr: '169.254.0.0/16', name: 'Link Local', rfc: 'RFC 3927', globallyReachable: false },
  { cidr: '172.16.0.0/12', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: false },
  { cidr: '192.0.0.0/24', name: 'IETF Protocol Assignments', rfc: 'RFC 6890 §2.1', globallyReachable: false },
  { cidr: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix', rfc: 'RFC 7335', globallyReachable: false },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', rfc: 'RFC 7600', globallyReachable: false },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', globallyReachable: true },
  {
    cidr: '192.0.0.10/32',
    name: 'Traversal Using Relays around NAT Anycast',
    rfc: 'RFC 8155',
    globallyReachable: true,
  },
  {
    cidr: '192.0.0.170/32',
    name: 'NAT64/DNS64 Discovery',
    rfc: 'RFC 8880, RFC 7050 §2.2',
    globallyReachable: false,
  },
  {
    cidr: '192.0.0.171/32',
    name: 'NAT64/DNS64 Discovery',
    rfc: 'RFC 8880, RFC 7050 §2.2',
    globallyReachable: false,
  },
  { cidr: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)', rfc: 'RFC 5737', globallyReachable: false },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', rfc: 'RFC 7535', globallyReachable: true },
  { cidr: '192.52.193.0/24', name: 'AMT', rfc: 'RFC 7450', globallyReachable: true },
  {
    cidr: '192.88.99.0/24',
    name: 'Deprecated (6to4 Relay Anycast)',
    rfc: 'RFC 7526',
    globallyReachable: false,
  },
  { cidr: '192.88.99.2/32', name: '6a44-relay anycast address', rfc: 'RFC 6751', globallyReachable: false },
  { cidr: '192.168.0.0/16', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: false },
  {
    cidr: '192.175.48.0/24',
    name: 'Direct Delegation AS112 Service',
    rfc: 'RFC 7534',
    globallyReachable: true,
  },
  { cidr: '198.18.0.0/15', name: 'Benchmarking', rfc: 'RFC 2544', globallyReachable: false },
  { cidr: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)', rfc: 'RFC 5737', globallyReachable: false },
  { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737', globallyReachable: false },
  { cidr: '240.0.0.0/4', name: 'Reserved', rfc: 'RFC 1112 §4', globallyReachable: false },
  {
    cidr: '255.255.255.255/32',
    name: 'Limited Broadcast',
    rfc: 'RFC 8190, RFC 919 §7',
    globallyReachable: false,
  },
];

/**
 * The IANA IPv6 Special-Purpose Address Registry, every entry, as published at
 * https://www.iana.org/assignments/iana-ipv6-special-registry (RFC 6890, updated by RFC 8190).
 */
export const IPV6_SPECIAL_REGISTRY: readonly SpecialBlock[] = [
  { cidr: '::1/128', name: 'Loopback Address', rfc: 'RFC 4291', globallyReachable: false },
  { cidr: '::/128', name: 'Unspecified Address', rfc: 'RFC 4291', globallyReachable: false },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped Address', rfc: 'RFC 4291', globallyReachable: false },
  { cidr: '64:ff9b::/96', name: 'IPv4-IPv6 Translat.', rfc: 'RFC 6052', globallyReachable: true },
  { cidr: '64:ff9b:1::/48', name: 'IPv4-IPv6 Translat.', rfc: 'RFC 8215', globallyReachable: false },
  { cidr: '100::/64', name: 'Discard-Only Address Block', rfc: 'RFC 6666', globallyReachable: false },
  { cidr: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix', rfc: 'RFC 9780', globallyReachable: false },
  { cidr: '2001::/23', name: 'IETF Protocol Assignments', rfc: 'RFC 2928', globallyReachable: false },
  { cidr: '2001::/32', name: 'TEREDO', rfc: 'RFC 4380, RFC 8190', globallyReachable: false },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', globallyReachable: true },
  {
    cidr: '2001:1::2/128',
    name: 'Traversal Using Relays around NAT Anycast',
    rfc: 'RFC 8155',
    globallyReachable: true,
  },
  {
    cidr: '2001:1::3/128',
    name: 'DNS-SD Service Registration Protocol Anycast Address',
    rfc: 'RFC 9665',
    globallyReachable: true,
  },
  { cidr: '2001:2::/48', name: 'Benchmarking', rfc: 'RFC 5180, RFC Errata 1752', globallyReachable: false },
  { cidr: '2001:3::/32', name: 'AMT', rfc: 'RFC 7450', globallyReachable: true },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', rfc: 'RFC 7535', globallyReachable: true },
  { cidr: '2001:10::/28', name: 'Deprecated (previously ORCHID)', rfc: 'RFC 4843', globallyReachable: false },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343', globallyReachable: true },
  {
    cidr: '2001:30::/28',
    name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix',
    rfc: 'RFC 9374',
    globallyReachable: true,
  },
  { cidr: '2001:db8::/32', name: 'Documentation', rfc: 'RFC 3849', globallyReachable: false },
  { cidr: '2002::/16', name: '6to4', rfc: 'RFC 3056', globallyReachable: false },
  {
    cidr: '2620:4f:8000::/48',
    name: 'Direct Delegation AS112 Service',
    rfc: 'RFC 7534',
    globallyReachable: true,
  },
  { cidr: '3fff::/20', name: 'Documentation', rfc: 'RFC 9637', globallyReachable: false },
  { cidr: '5f00::/16', name: 'Segment Routing (SRv6) SIDs', rfc: 'RFC 9602', globallyReachable: false },
  { cidr: 'fc00::/7', name: 'Unique-Local', rfc: 'RFC 4193, RFC 8190', globallyReachable: false },
  { cidr: 'fe80::/10', name: 'Link-Local Unicast', rfc: 'RFC 4291', globallyReachable: false },
];

/**
 * Blocks outside the special-purpose registries that are no unicast destination either: multicast
 * has registries of its own (https://www.iana.org/assignments/multicast-addresses and
 * ipv6-multicast-addresses), and IPv6 has unicast destinations only in 2000::/3 (the IPv6 Address
 * Space registry, https://www.iana.org/assignments/ipv6-address-space, RFC 4291 §2.4), which also
 * covers the deprecated IPv4-compatible ::/96 (RFC 4291 §2.5.5.1) and site-local fec0::/10
 * (RFC 3879).
 */
export const IPV4_OTHER_BLOCKS: readonly SpecialBlock[] = [
  { cidr: '224.0.0.0/4', name: 'Multicast', rfc: 'RFC 5771', globallyReachable: false },
];

/** IPv6 addresses outside this block are never public (see above); multicast is ff00::/8. */
export const IPV6_GLOBAL_UNICAST = '2000::/3';
