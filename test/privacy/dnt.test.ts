import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { optedOut } from '../../src/privacy/dnt.js';

describe('optedOut', () => {
  it.each([
    [{ dnt: '1' }],
    [{ 'sec-gpc': '1' }],
    [{ dnt: '1', 'sec-gpc': '1' }],
    [{ dnt: ' 1 ' }],
    [{ dnt: '1, 1' }],
    [{ dnt: '1xyz' }],
    [{ 'sec-gpc': ['1'] }],
    [{ dnt: '0', 'sec-gpc': '1' }],
  ])('is true for %j', (headers) => {
    expect(optedOut(headers)).toBe(true);
  });

  it.each([
    [{}],
    [{ dnt: '0' }],
    [{ dnt: '' }],
    [{ dnt: 'null' }],
    [{ 'sec-gpc': '0' }],
    [{ 'sec-gpc': 'true' }],
    [{ 'sec-gpc': '11' }],
    [{ 'sec-gpc': [] }],
    [{ 'sec-gpc': undefined }],
    [{ 'x-dnt': '1' }],
  ])('is false for %j', (headers) => {
    expect(optedOut(headers)).toBe(false);
  });

  it('reads the lowercase names Node gives (IncomingHttpHeaders)', () => {
    const headers: IncomingHttpHeaders = { 'sec-gpc': '1', 'user-agent': 'x' };
    expect(optedOut(headers)).toBe(true);
  });

  it('lets a site honour one signal and not the other', () => {
    expect(optedOut({ dnt: '1' }, { honourDnt: false })).toBe(false);
    expect(optedOut({ 'sec-gpc': '1' }, { honourGpc: false })).toBe(false);
    expect(optedOut({ dnt: '1' }, { honourGpc: false })).toBe(true);
    expect(optedOut({ dnt: '1', 'sec-gpc': '1' }, { honourDnt: false, honourGpc: false })).toBe(false);
  });
});
