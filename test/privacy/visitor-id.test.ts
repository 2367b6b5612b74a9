import { describe, expect, it } from 'vitest';
import { hashVisitor } from '../../src/privacy/visitor-id.js';

const SALT = '00112233445566778899aabbccddeeff';
const OTHER_SALT = 'ffeeddccbbaa99887766554433221100';
const UA = 'Mozilla/5.0 (X11; Linux x86_64)';
const base = { salt: SALT, siteId: 'site-1', ip: '192.0.2.1', userAgent: UA };

describe('hashVisitor', () => {
  it('is HMAC-SHA256 keyed by the salt over site ‖ 0x00 ‖ ip ‖ 0x00 ‖ UA, cut to 16 bytes', () => {
    // Known answers computed independently with Python's hmac module.
    expect(hashVisitor(base)).toBe('2e9b6a9dfa1f0ab1fc9b02d711e8c52b');
    expect(hashVisitor({ ...base, ip: '2001:db8::1' })).toBe('d5630ba1ea77f8d422af3a64c8b29da5');
  });

  it('returns 32 lowercase hex characters', () => {
    expect(hashVisitor(base)).toMatch(/^[\da-f]{32}$/);
  });

  it('hashes the same client the same however its address is written', () => {
    const expected = hashVisitor(base);
    for (const ip of ['::ffff:192.0.2.1', '[::ffff:c000:201]:443', ' 192.0.2.1 ', '192.0.2.1:5000']) {
      expect(hashVisitor({ ...base, ip })).toBe(expected);
    }
    const v6 = hashVisitor({ ...base, ip: '2001:db8::1' });
    expect(hashVisitor({ ...base, ip: '2001:0DB8:0:0:0:0:0:0001' })).toBe(v6);
    expect(hashVisitor({ ...base, ip: '[2001:db8::1]' })).toBe(v6);
  });

  it('gives one person different ids on different sites and on different days', () => {
    const id = hashVisitor(base);
    expect(hashVisitor({ ...base, siteId: 'site-2' })).not.toBe(id);
    expect(hashVisitor({ ...base, salt: OTHER_SALT })).not.toBe(id);
  });

  it('tells apart clients that differ only in address or user agent', () => {
    const id = hashVisitor(base);
    expect(hashVisitor({ ...base, ip: '192.0.2.2' })).not.toBe(id);
    expect(hashVisitor({ ...base, userAgent: `${UA} ` })).not.toBe(id);
  });

  it('cannot be fooled by moving characters across a field boundary', () => {
    const a = hashVisitor({ salt: SALT, siteId: 'site1', ip: '10.0.0.1', userAgent: 'UA' });
    const b = hashVisitor({ salt: SALT, siteId: 'site', ip: '110.0.0.1', userAgent: 'UA' });
    const c = hashVisitor({ salt: SALT, siteId: 'site1', ip: '10.0.0.1U', userAgent: 'A' });
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('accepts an upper-case salt as the same key', () => {
    expect(hashVisitor({ ...base, salt: SALT.toUpperCase() })).toBe(hashVisitor(base));
  });

  it('hashes empty and unicode user agents and non-address strings', () => {
    expect(hashVisitor({ ...base, userAgent: '' })).toMatch(/^[\da-f]{32}$/);
    expect(hashVisitor({ ...base, userAgent: 'Приложение/1.0 😀' })).toMatch(/^[\da-f]{32}$/);
    expect(hashVisitor({ ...base, ip: 'unknown' })).toMatch(/^[\da-f]{32}$/);
  });

  it.each([[''], ['0011'], [`${SALT}00`], ['zz112233445566778899aabbccddeeff']])(
    'refuses a salt that is not 16 bytes of hex: %j',
    (salt) => {
      expect(() => hashVisitor({ ...base, salt })).toThrow(TypeError);
    },
  );
});
