import { describe, expect, it } from 'vitest';
import { requestUrl } from '../../src/import-log/request-url.js';

describe('requestUrl', () => {
  it('puts the logged host, else the site domain, in front of the target', () => {
    expect(requestUrl({ target: '/a?b=1' }, 'news.example.org')).toBe('https://news.example.org/a?b=1');
    expect(requestUrl({ target: '/a', host: 'www.example.org' }, 'example.org')).toBe(
      'https://www.example.org/a',
    );
  });

  it('keeps absolute-form targets as they are', () => {
    expect(requestUrl({ target: 'http://other.example/x' }, 'example.org')).toBe('http://other.example/x');
  });
});
