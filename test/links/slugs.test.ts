import { describe, expect, it } from 'vitest';
import { generateSlug, RESERVED_SLUGS, SLUG_ALPHABET, validateSlug } from '../../src/links/slugs.js';
import { expectLinkError } from './expect-link-error.js';

describe('SLUG_ALPHABET', () => {
  it('has no look-alike characters, no uppercase and no repeats', () => {
    for (const ambiguous of '0oO1lIi') expect(SLUG_ALPHABET).not.toContain(ambiguous);
    expect(SLUG_ALPHABET).toMatch(/^[a-z2-9]+$/);
    expect(new Set(SLUG_ALPHABET).size).toBe(SLUG_ALPHABET.length);
  });

  it('has no vowels, so generated slugs do not spell words', () => {
    expect(SLUG_ALPHABET).not.toMatch(/[aeiou]/);
    expect(SLUG_ALPHABET).toHaveLength(28);
  });
});

describe('generateSlug', () => {
  it('makes 7 characters from the alphabet by default', () => {
    const slug = generateSlug();
    expect(slug).toHaveLength(7);
    for (const char of slug) expect(SLUG_ALPHABET).toContain(char);
  });

  it.each([1, 5, 12, 64])('makes %i characters on request', (length) => {
    expect(generateSlug(length)).toHaveLength(length);
  });

  it.each([0, -1, 65, 3.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a length of %s', (length) => {
    expect(() => generateSlug(length)).toThrow(RangeError);
  });

  it('does not repeat itself', () => {
    const slugs = new Set(Array.from({ length: 10_000 }, () => generateSlug(12)));
    expect(slugs.size).toBe(10_000);
  });

  it('uses every symbol about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const draws = 2000;
    for (let i = 0; i < draws; i++) {
      for (const char of generateSlug(SLUG_ALPHABET.length)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(SLUG_ALPHABET.length);
    // Each symbol is expected `draws` times, with a standard deviation near 44: ±350 is 8 σ.
    for (const count of counts.values()) expect(Math.abs(count - draws)).toBeLessThan(350);
  });

  it('never makes the reserved one-letter slug "p"', () => {
    // Without the guard, "p" would come up about 180 times in 5,000 one-letter draws.
    for (let i = 0; i < 5000; i++) expect(generateSlug(1)).not.toBe('p');
  });

  it('only makes slugs that validate and are not reserved', () => {
    for (let i = 0; i < 2000; i++) {
      const slug = generateSlug(1 + (i % 8));
      expect(validateSlug(slug)).toBe(slug);
    }
  });
});

describe('validateSlug: accepted', () => {
  it.each([
    'a',
    'Z',
    '9',
    'spring-sale',
    'Spring_Sale_2026',
    'a-b_c',
    'a--b',
    'a__b',
    'x'.repeat(64),
    'API2',
    'apis',
    'api-docs',
    'p2',
    'pp',
    'adminx',
    'logins',
  ])('returns %j unchanged', (slug) => {
    expect(validateSlug(slug)).toBe(slug);
  });
});

describe('validateSlug: slug_invalid', () => {
  it.each([
    '',
    '-abc',
    'abc-',
    '_abc',
    'abc_',
    '-',
    '_',
    '--',
    'a b',
    ' abc',
    'abc ',
    'a/b',
    '../etc',
    'a.b',
    'a?b',
    'a#b',
    'a%20b',
    'café',
    'ａｂｃ',
    'аpi',
    'a\nb',
    'a\u200bb',
    '<script>',
    'x'.repeat(65),
    '😀',
  ])('rejects %j', (slug) => {
    expectLinkError(() => validateSlug(slug), 'slug_invalid', 'slug');
  });

  it('says the limit when the slug is too long', () => {
    const error = expectLinkError(() => validateSlug('a'.repeat(100)), 'slug_invalid');
    expect(error.message).toContain('64');
  });

  it('explains the ends rule for a leading or trailing "-" or "_"', () => {
    const error = expectLinkError(() => validateSlug('abc-'), 'slug_invalid');
    expect(error.message).toContain('start or end');
  });

  it('rejects a non-string at run time', () => {
    expectLinkError(() => validateSlug(7 as unknown as string), 'slug_invalid');
  });
});

describe('validateSlug: slug_reserved', () => {
  it('exports the reserved words from the brief', () => {
    expect(RESERVED_SLUGS).toEqual([
      'api',
      'healthz',
      'p.js',
      'p',
      'admin',
      'login',
      'logout',
      'setup',
      'dashboard',
      'static',
      'assets',
      'favicon.ico',
      'robots.txt',
      'sitemap.xml',
      '.well-known',
      'app',
      'share',
      'public',
      'settings',
      'links',
      'sites',
      'realtime',
      'docs',
      'openapi.json',
      'opt-out',
      'privacy',
    ]);
    expect(Object.isFrozen(RESERVED_SLUGS)).toBe(true);
  });

  it.each(RESERVED_SLUGS)('rejects %j', (slug) => {
    expectLinkError(() => validateSlug(slug), 'slug_reserved', 'slug');
  });

  it.each(['API', 'Api', 'HEALTHZ', 'P.JS', 'P', 'Admin', '.WELL-KNOWN', 'OpenAPI.json', 'Favicon.ICO'])(
    'rejects %j whatever its case',
    (slug) => {
      expectLinkError(() => validateSlug(slug), 'slug_reserved');
    },
  );
});
