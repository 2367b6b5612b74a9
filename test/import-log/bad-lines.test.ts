import { describe, expect, it } from 'vitest';
import { BadLines, formatBadLine } from '../../src/import-log/bad-lines.js';

describe('BadLines', () => {
  it('counts every bad line by code and keeps the first few, with source and line number', () => {
    const bad = new BadLines(2);
    const first = bad.add('access.log', 3, 'garbage', { code: 'malformed', message: 'expected an address' });
    bad.add('access.log', 9, '"\\x16\\x03"', { code: 'bad_request', message: 'not a request' });
    const third = bad.add('access.log', 12, 'more garbage', {
      code: 'malformed',
      message: 'expected an address',
    });
    bad.addTooLong('-', 40, 'x'.repeat(500), 1024);
    expect(first).toMatchObject({ source: 'access.log', lineNumber: 3, code: 'malformed' });
    expect(third).toBeUndefined();
    expect(bad.total).toBe(4);
    expect(bad.examples.map((example) => example.lineNumber)).toEqual([3, 9]);
    expect(bad.summary()).toBe('4 bad lines (malformed 2, bad_request 1, too_long 1)');
    expect(first && formatBadLine(first)).toBe('access.log:3: malformed: expected an address — "garbage"');
  });

  it('keeps only the beginning of a line as its excerpt, and says nothing when all went well', () => {
    const bad = new BadLines();
    bad.add('a.log', 1, 'y'.repeat(10_000), { code: 'malformed', message: 'm' });
    expect(bad.examples[0]?.excerpt).toHaveLength(120);
    expect(new BadLines().summary()).toBe('');
  });
});
