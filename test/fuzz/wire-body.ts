import fc from 'fast-check';
import { weirdText } from './hostile-values.js';

/** Content-Types a client might send, right, nearly right and wrong. */
const ODD_CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset="UTF-8"',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json;;;',
  ' application/json',
  'application/jsonx',
  'application/problem+json',
  'application/vnd.api+json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  ';',
  '',
] as const;

/** The route's own type most of the time (so cases get past the parser), anything else otherwise. */
export function contentType(usual: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(usual), weight: 12 },
    { arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES), weight: 3 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** How a value goes on the wire: JSON, cut short, prefixed, followed by junk, or not JSON at all. */
export function wireBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | Buffer> {
  const json = value.map((body) => JSON.stringify(body) ?? 'null');
  return fc.oneof(
    { arbitrary: json, weight: 20 },
    {
      arbitrary: fc
        .tuple(json, fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([text, cut]) => text.slice(0, Math.floor(text.length * cut))),
      weight: 2,
    },
    { arbitrary: json.map((text) => `\uFEFF${text}`), weight: 1 },
    {
      arbitrary: fc
        .tuple(json, fc.constantFrom(',', '}', ']', ' x', '\u0000', 'twice'))
        .map(([text, tail]) => `${text}${tail === 'twice' ? text : tail}`),
      weight: 1,
    },
    {
      arbitrary: json.map((text) => Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text)])),
      weight: 1,
    },
    { arbitrary: weirdText, weight: 1 },
    // Thousands of levels, as text (issue 13 finding 10: 5,000 levels made a stats query a 500).
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.boolean())
        .map(([depth, objects]) =>
          objects
            ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
            : `${'['.repeat(depth)}${']'.repeat(depth)}`,
        ),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'null',
        '[]',
        '{}',
        '"x"',
        '1e999',
        '{"a":1,"a":2}',
        '['.repeat(300),
      ),
      weight: 1,
    },
  );
}
