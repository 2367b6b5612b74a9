import { describe, expect, it } from 'vitest';
import { MAX_UTM_PARAMS, validateUtm } from '../../src/links/validate-utm.js';
import { expectLinkError } from './expect-link-error.js';

describe('validateUtm: accepted', () => {
  it('returns a trimmed copy', () => {
    const input = { utm_campaign: '  spring ', utm_content: 'hero_banner' };
    const result = validateUtm(input);
    expect(result).toEqual({ utm_campaign: 'spring', utm_content: 'hero_banner' });
    expect(result).not.toBe(input);
  });

  it.each([null, undefined])('treats %s as no template', (input) => {
    expect(validateUtm(input)).toEqual({});
  });

  it('accepts an empty object and a null-prototype object', () => {
    expect(validateUtm({})).toEqual({});
    const bare = Object.assign(Object.create(null) as object, { utm_source: 'x' });
    expect(validateUtm(bare)).toEqual({ utm_source: 'x' });
  });

  it('accepts any lowercase utm_ name, values up to 200 characters and 20 parameters', () => {
    expect(validateUtm({ utm_source_platform: 'x', utm_creative_format: 'y' })).toEqual({
      utm_source_platform: 'x',
      utm_creative_format: 'y',
    });
    expect(validateUtm({ utm_term: 'x'.repeat(200) }).utm_term).toHaveLength(200);
    const twenty = Object.fromEntries(
      Array.from({ length: MAX_UTM_PARAMS }, (_, i) => [`utm_${'k'.repeat(i + 1)}`, 'v']),
    );
    expect(Object.keys(validateUtm(twenty))).toHaveLength(20);
  });

  it('accepts Unicode text in values', () => {
    expect(validateUtm({ utm_campaign: 'été 🎉 日本' })).toEqual({ utm_campaign: 'été 🎉 日本' });
  });
});

describe('validateUtm: utm_invalid', () => {
  class Template {
    utm_source = 'x';
  }

  it.each<[string, unknown]>([
    ['an array', [['utm_source', 'x']]],
    ['a string', 'utm_source=x'],
    ['a number', 42],
    ['a boolean', true],
    ['a Map', new Map([['utm_source', 'x']])],
    ['a Date', new Date()],
    ['a class instance', new Template()],
    ['a function', () => ({ utm_source: 'x' })],
  ])('rejects %s', (_, input) => {
    expectLinkError(() => validateUtm(input), 'utm_invalid', 'utm');
  });

  it.each([
    'source',
    'utm',
    'utm_',
    'UTM_SOURCE',
    'utm_Source',
    'utm-source',
    'utm_source1',
    'utm_sour ce',
    ' utm_source',
    'utm_source ',
    'utm_é',
    'utm_source\n',
    'constructor',
    'toString',
  ])('rejects the name %j', (key) => {
    expectLinkError(() => validateUtm({ [key]: 'x' }), 'utm_invalid');
  });

  it('rejects a __proto__ key from JSON without polluting Object.prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
    expectLinkError(() => validateUtm(input), 'utm_invalid');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['empty', ''],
    ['blank', '   '],
    ['a number', 42],
    ['null', null],
    ['an object', { a: 1 }],
    ['an array', ['x']],
    ['a line break', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a NUL', 'a\u0000b'],
    ['a DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['too long', 'x'.repeat(201)],
  ])('rejects a value that is %s', (_, value) => {
    expectLinkError(() => validateUtm({ utm_campaign: value }), 'utm_invalid', 'utm');
  });

  it('rejects more than 20 parameters', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`utm_${'k'.repeat(i + 1)}`, 'v']));
    expectLinkError(() => validateUtm(many), 'utm_invalid');
  });

  it('quotes and shortens a hostile name in the message', () => {
    const key = `<script>${'x'.repeat(100)}`;
    const error = expectLinkError(() => validateUtm({ [key]: 'v' }), 'utm_invalid');
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('"<script>');
  });
});
