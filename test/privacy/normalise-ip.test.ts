import { describe, expect, it } from 'vitest';
import { normaliseIp } from '../../src/privacy/normalise-ip.js';

describe('normaliseIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:0201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:c000:201', '192.0.2.1'],
    ['[::ffff:192.0.2.1]:443', '192.0.2.1'],
    ['192.0.2.1:51234', '192.0.2.1'],
  ])('writes the IPv4 client %j as %j', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each([
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:8080', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[fe80::1%25en0]:80', 'fe80::1'],
    ['::1', '::1'],
    ['::', '::'],
  ])('writes the IPv6 client %j in its RFC 5952 form %j', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it('keeps IPv4-compatible and NAT64 addresses as IPv6 (they are not mapped addresses)', () => {
    expect(normaliseIp('64:ff9b::192.0.2.1')).toBe('64:ff9b::c000:201');
  });

  it.each([
    ['', ''],
    ['unknown', 'unknown'],
    [' Not-An-IP ', 'not-an-ip'],
    ['999.1.1.1', '999.1.1.1'],
    ['01.2.3.4', '01.2.3.4'],
    ['[', '['],
    ['[]:80', ''],
    ['2001:db8::g', '2001:db8::g'],
    ['😀', '😀'],
  ])('returns a non-address %j trimmed and lowercased, without throwing', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });
});
