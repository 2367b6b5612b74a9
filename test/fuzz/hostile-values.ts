import fc from 'fast-check';

/**
 * The building blocks of hostile input: strings a parser trips on, values of the wrong type,
 * keys that reach `Object.prototype`, and nesting deep enough to hurt a recursive walker.
 */

/** Strings that look like numbers, booleans or nothing, to catch loose coercion. */
export const NUMBER_LIKE = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '0b11',
  ' 1 ',
  '1_000',
  '١٢٣',
  '9007199254740993',
  'null',
  'undefined',
  'true',
  '',
  ' ',
] as const;

/** Keys that reach or shadow `Object.prototype` when copied carelessly. */
export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
] as const;

const SPECIAL_CHARACTERS = [
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\u0301',
  '\r\n',
  '\t',
  '%',
  '%00',
  '%zz',
  '\\',
  '"',
  "'",
  '<script>',
  '../',
  '🏳️‍🌈',
  'Ω',
  'ﬀ',
  'İ',
] as const;

/** Text with control characters, lone surrogates, bidi overrides, escapes and emoji. */
export const weirdText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SPECIAL_CHARACTERS),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Long strings: past every `maxLength` of the schemas, and past typical header limits. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', 'é', '𝕏', '-', '/', '%41', 'bot', '\uD800'),
    fc.integer({ min: 5_000, max: 70_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

/** JSON numbers a schema might not expect (NaN has no JSON spelling; its strings are above). */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/**
 * An array or object nested `depth` levels deep: 20 to 400, on both sides of the app's 64-level
 * JSON limit (src/json-depth.ts), inside an otherwise valid body.
 */
export function nested(depth: number, leaf: unknown, useObjects: boolean): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = useObjects ? { a: value } : [value];
  return value;
}

export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 20, max: 400 }), fc.boolean())
  .map(([depth, useObjects]) => nested(depth, 'x', useObjects));

/** An object whose own keys include `__proto__` and friends (as JSON.parse would make it). */
export const protoObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.oneof(fc.constant({ polluted: true }), fc.string())), {
    minLength: 1,
    maxLength: 3,
  })
  .map((entries) => Object.fromEntries(entries));

/** Any value of any JSON type, hostile ones weighted up. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: weirdText, weight: 3 },
  { arbitrary: fc.constantFrom(...NUMBER_LIKE), weight: 3 },
  { arbitrary: hugeText, weight: 1 },
  { arbitrary: oddNumber, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
  { arbitrary: fc.array(weirdText, { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.array(fc.string(), { minLength: 200, maxLength: 1_200 }), weight: 1 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: protoObject, weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

/** Extra keys for an object: prototype keys, near-misses of real ones, and junk. */
export function extraKey(realKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...PROTO_KEYS),
    fc.constantFrom(...realKeys).map((key) => key.toUpperCase()),
    fc.constantFrom(...realKeys).map((key) => ` ${key}`),
    weirdText,
  );
}
