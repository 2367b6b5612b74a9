import { describe, expect, it } from 'vitest';
import { firstHeaderValue } from '../../src/privacy/header-value.js';

describe('firstHeaderValue', () => {
  it.each([
    [{ a: 'x' }, 'x'],
    [{ a: '  x  ' }, 'x'],
    [{ a: 'x, y' }, 'x'],
    [{ a: ['x', 'y'] }, 'x'],
    [{ a: [' x , y'] }, 'x'],
  ])('reads %j as %j', (headers, expected) => {
    expect(firstHeaderValue(headers, 'a')).toBe(expected);
  });

  it.each([[{}], [{ a: undefined }], [{ a: '' }], [{ a: '   ' }], [{ a: ', x' }], [{ a: [] }], [{ b: 'x' }]])(
    'finds nothing in %j',
    (headers) => {
      expect(firstHeaderValue(headers, 'a')).toBeUndefined();
    },
  );
});
