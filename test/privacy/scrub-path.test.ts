import { describe, expect, it } from 'vitest';
import { REDACTED_SEGMENT, scrubPath } from '../../src/privacy/scrub-path.js';

describe('scrubPath', () => {
  it.each([
    ['', ''],
    ['/', '/'],
    ['/a/b/', '/a/b/'],
    ['//', '//'],
    ['/reset/3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c/', `/reset/${REDACTED_SEGMENT}/`],
    ['/a%2Fjane%40example.org', `/${REDACTED_SEGMENT}`],
    ['/%E0%A4%A/x', '/%E0%A4%A/x'],
    ['/a;jsessionid=1/b;v=2', '/a/b'],
    [';x', ''],
    ['/users/1849204593432012345', '/users/1849204593432012345'],
  ])('%j → %j', (path, expected) => {
    expect(scrubPath(path)).toBe(expected);
  });
});
