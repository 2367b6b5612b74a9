import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScrubUrlOptions, scrubUrl, scrubWithUrlParser } from '../../src/privacy/scrub-url.js';

/**
 * scrubUrl skips the WHATWG URL parser for plain URLs (issue 12). Whatever it is given, the
 * answer must be the parser's: generated URLs lean on the fast path's edges (numeric and hex
 * labels, dot segments, empty query pieces, repeated and mixed-case names, `+`, escapes).
 */
const piece = (chars: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength });

const label = fc.oneof(
  piece('abcxyz019-', 8).filter((text) => text.length > 0),
  fc.constantFrom('0x7f', '127', '1', 'xn--r8jz45g', 'xn--a', 'Example', 'a_b', ''),
);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const path = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.oneof(piece('abz09-_.~', 10), fc.constantFrom('.', '..', '%41', 'a+b', 'A')), { maxLength: 4 })
    .map((segments) => `/${segments.join('/')}`),
);
const name = fc.constantFrom(
  'utm_source',
  'UTM_Medium',
  'gclid',
  'fbclid',
  'page',
  'Ref',
  'lang',
  'x',
  '',
  'pn',
);
const value = fc.oneof(
  piece('abc019-._~', 12),
  fc.constantFrom('', 'jane.doe@example.org', 'a%40b', 'a+b', '=x', ' '),
);
const separator = fc.constantFrom('&', '&&');
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(name, fc.boolean(), value, separator), { maxLength: 5 })
    .map(
      (pairs) =>
        `?${pairs.map(([key, equals, text, and]) => `${equals ? `${key}=${text}` : key}${and}`).join('')}`,
    ),
);
const fragment = fc.oneof(
  fc.constant(''),
  fc.constantFrom('#', '#pn=a.0.direct.20261206', '#top', '#pn=', '#a=1&pn=b.1.x.y.20261206'),
);
const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://');
const port = fc.constantFrom('', '', '', ':8443', ':443');

const url = fc.tuple(scheme, host, port, path, query, fragment).map((parts) => parts.join(''));
const options: fc.Arbitrary<ScrubUrlOptions> = fc
  .tuple(
    fc.boolean(),
    fc.constantFrom<readonly string[] | undefined>(undefined, ['page', 'REF'], ['lang'], []),
  )
  .map(([keepCampaign, allowParams]) => (allowParams ? { keepCampaign, allowParams } : { keepCampaign }));

/** Roughly the fast path's domain, to count how often the property exercised it. */
const PLAIN_SHAPED = /^https?:\/\/[a-z\d.-]+(\/[\w\-.~/]*)?(\?[\w\-.~=&]*)?(#[\w\-.~=&]*)?$/;

describe('scrubUrl without new URL()', () => {
  it('answers exactly as the WHATWG URL parser path does, for any URL', () => {
    let plainShaped = 0;
    fc.assert(
      fc.property(url, options, (text, opts) => {
        if (PLAIN_SHAPED.test(text)) plainShaped += 1;
        expect(scrubUrl(text, opts)).toEqual(scrubWithUrlParser(text, opts));
      }),
      { numRuns: 5_000 },
    );
    // Not a vacuous property: a good share of the URLs had the fast path's shape.
    expect(plainShaped).toBeGreaterThan(500);
  });

  it('takes the plain path for the common shapes (and still redacts and filters)', () => {
    const opts = { keepCampaign: true, allowParams: ['page'] };
    expect(
      scrubUrl('https://news.example.org/world/a?utm_source=tg&page=2&email=x#pn=a.0.direct.20261206', opts),
    ).toEqual({
      host: 'news.example.org',
      path: '/world/a?page=2&utm_source=tg',
      shareToken: 'a.0.direct.20261206',
    });
    expect(
      scrubUrl('https://news.example.org/reset/3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c?gclid=abc', opts),
    ).toEqual({
      host: 'news.example.org',
      path: '/reset/:redacted?gclid=1',
    });
  });
});
