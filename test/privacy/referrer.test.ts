import { describe, expect, it } from 'vitest';
import { PRIVACY_MODES } from '../../src/privacy/modes.js';
import { scrubReferrer } from '../../src/privacy/referrer.js';

describe('scrubReferrer', () => {
  it.each([
    ['https://www.google.com/search?q=jane+doe+phone', 'https://www.google.com/search'],
    [
      'https://L.Facebook.com/l.php?u=https%3A%2F%2Fnews.example.org%2F&h=AT0secret',
      'https://l.facebook.com/l.php',
    ],
    ['https://t.co/AbC123xyz', 'https://t.co/AbC123xyz'],
    ['https://mail.google.com/mail/u/0/#inbox/FMfcgzGxyzSecret', 'https://mail.google.com/mail/u/0/'],
    ['http://user:pw@blog.example.net:8080/post/1?utm_source=x#c', 'http://blog.example.net/post/1'],
    [
      'https://www.reddit.com/r/news/comments/abc123/typhoon/',
      'https://www.reddit.com/r/news/comments/abc123/typhoon/',
    ],
    ['https://example.org/reset/3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c', 'https://example.org/reset/:redacted'],
    [
      'https://webmail.example.fr/u/jane.doe@example.fr/inbox',
      'https://webmail.example.fr/u/:redacted/inbox',
    ],
    ['  https://duckduckgo.com/  ', 'https://duckduckgo.com/'],
    ['https://duckduckgo.com', 'https://duckduckgo.com/'],
  ])('keeps scheme, host and path, never the query or fragment: %s', (referrer, expected) => {
    expect(scrubReferrer(referrer, 'anonymous')).toBe(expected);
    expect(scrubReferrer(referrer, 'consented')).toBe(expected);
  });

  it.each([
    ['https://www.google.com/search?q=jane', 'https://www.google.com/'],
    ['https://mail.google.com/mail/u/0/#inbox', 'https://mail.google.com/'],
    ['http://User:Pw@Blog.Example.NET:8080/post/1', 'http://blog.example.net/'],
  ])('keeps only scheme://host/ in strict mode: %s', (referrer, expected) => {
    expect(scrubReferrer(referrer, 'strict')).toBe(expected);
  });

  it.each(PRIVACY_MODES)('passes android-app:// referrers through in %s mode', (mode) => {
    expect(scrubReferrer('android-app://com.whatsapp/', mode)).toBe('android-app://com.whatsapp/');
    expect(scrubReferrer('android-app://com.google.android.gm/', mode)).toBe(
      'android-app://com.google.android.gm/',
    );
    expect(scrubReferrer('android-app://org.telegram.messenger', mode)).toBe(
      'android-app://org.telegram.messenger/',
    );
    expect(scrubReferrer('ANDROID-APP://com.slack/', mode)).toBe('android-app://com.slack/');
  });

  it('cuts an android-app:// referrer back to its package (a deeper path can carry a URL and its query)', () => {
    expect(
      scrubReferrer(
        'android-app://com.google.android.googlequicksearchbox/https/www.google.com/search?q=jane',
        'anonymous',
      ),
    ).toBe('android-app://com.google.android.googlequicksearchbox/');
  });

  it.each([
    [''],
    ['   '],
    ['-'],
    ['about:blank'],
    ['(direct)'],
    ['null'],
    ['android-app://'],
    ['android-app://not a package/'],
    ['android-app://jane@example.org/'],
    ['ios-app://123/x'],
    ['chrome-extension://abcdef/page.html'],
    ['file:///Users/jane/Desktop/page.html'],
    ['javascript:alert(1)'],
    ['http://'],
    ['https://[::1'],
    ['\u0000'],
    [`https://example.org/${'a'.repeat(9000)}`],
  ])('returns undefined for an empty, malformed or non-web referrer %j', (referrer) => {
    for (const mode of PRIVACY_MODES) expect(scrubReferrer(referrer, mode)).toBeUndefined();
  });
});
