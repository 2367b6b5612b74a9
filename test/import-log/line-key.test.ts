import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lineKey } from '../../src/import-log/line-key.js';

const LINE = '203.0.113.7 - - [15/Oct/2024:08:01:02 +0200] "GET / HTTP/1.1" 200 1 "-" "curl/8.5.0"';
const SECRET = 'a'.repeat(64);

describe('lineKey', () => {
  it('is the first 16 bytes of SHA-256 over secret, NUL, site, NUL and line, in hex', () => {
    const expected = createHash('sha256')
      .update(Buffer.from(`${SECRET}\0site_1\0${LINE}`, 'utf8'))
      .digest()
      .subarray(0, 16);
    expect(lineKey(SECRET, 'site_1', LINE)).toBe(expected.toString('hex'));
    expect(lineKey(SECRET, 'site_1', LINE)).toMatch(/^[\da-f]{32}$/);
  });

  it('cannot be checked against a guessed line without the secret (it holds an IP and a user agent)', () => {
    const unkeyed = createHash('sha256').update(`site_1\0${LINE}`).digest('hex').slice(0, 32);
    expect(lineKey(SECRET, 'site_1', LINE)).not.toBe(unkeyed);
    expect(lineKey('b'.repeat(64), 'site_1', LINE)).not.toBe(lineKey(SECRET, 'site_1', LINE));
  });

  it('ignores a trailing \\r, so CRLF and LF copies of a log dedupe', () => {
    expect(lineKey(SECRET, 'site_1', `${LINE}\r`)).toBe(lineKey(SECRET, 'site_1', LINE));
  });

  it('differs per site and per line, and is stable across calls', () => {
    expect(lineKey(SECRET, 'site_2', LINE)).not.toBe(lineKey(SECRET, 'site_1', LINE));
    expect(lineKey(SECRET, 'site_1', `${LINE} `)).not.toBe(lineKey(SECRET, 'site_1', LINE));
    // The NUL separates the site from the line: ("a", "bc") is not ("ab", "c").
    expect(lineKey(SECRET, 'a', 'bc')).not.toBe(lineKey(SECRET, 'ab', 'c'));
    expect(lineKey(SECRET, 'site_1', 'é')).toBe(lineKey(SECRET, 'site_1', 'é'));
  });
});
