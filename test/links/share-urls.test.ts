import { describe, expect, it } from 'vitest';
import {
  isShareChannel,
  SHARE_CHANNELS,
  type ShareChannel,
  shareUrlFor,
} from '../../src/links/share-urls.js';
import { expectLinkError } from './expect-link-error.js';

const URL_ = 'https://pen.test/abc';
const ENCODED_URL = 'https%3A%2F%2Fpen.test%2Fabc';
const BASIC = { url: URL_, title: 'Spring sale' };

describe('SHARE_CHANNELS', () => {
  it('lists the channels of the brief', () => {
    expect(SHARE_CHANNELS).toEqual([
      'whatsapp',
      'messenger',
      'telegram',
      'signal',
      'sms',
      'email',
      'slack',
      'discord',
      'teams',
      'linkedin',
      'x',
      'facebook',
      'reddit',
      'bluesky',
      'mastodon',
      'threads',
      'line',
      'viber',
      'copy',
      'qr',
    ]);
  });

  it('recognises channels by name', () => {
    expect(isShareChannel('whatsapp')).toBe(true);
    expect(isShareChannel('WhatsApp')).toBe(false);
    expect(isShareChannel('myspace')).toBe(false);
    expect(isShareChannel('constructor')).toBe(false);
  });
});

describe('shareUrlFor: one URL per channel', () => {
  it.each<[ShareChannel, string | null]>([
    ['whatsapp', `https://wa.me/?text=Spring%20sale%20${ENCODED_URL}`],
    ['messenger', `fb-messenger://share/?link=${ENCODED_URL}`],
    ['telegram', `https://t.me/share/url?url=${ENCODED_URL}&text=Spring%20sale`],
    ['signal', null],
    ['sms', `sms:?&body=Spring%20sale%20${ENCODED_URL}`],
    ['email', `mailto:?subject=Spring%20sale&body=${ENCODED_URL}`],
    ['slack', null],
    ['discord', null],
    ['teams', `https://teams.microsoft.com/share?href=${ENCODED_URL}&msgText=Spring%20sale`],
    ['linkedin', `https://www.linkedin.com/sharing/share-offsite/?url=${ENCODED_URL}`],
    ['x', `https://x.com/intent/tweet?text=Spring%20sale&url=${ENCODED_URL}`],
    ['facebook', `https://www.facebook.com/sharer/sharer.php?u=${ENCODED_URL}`],
    ['reddit', `https://www.reddit.com/submit?url=${ENCODED_URL}&title=Spring%20sale`],
    ['bluesky', `https://bsky.app/intent/compose?text=Spring%20sale%20${ENCODED_URL}`],
    ['mastodon', `https://share.joinmastodon.org/?text=Spring%20sale%20${ENCODED_URL}`],
    ['threads', `https://www.threads.com/intent/post?text=Spring%20sale&url=${ENCODED_URL}`],
    ['line', `https://social-plugins.line.me/lineit/share?url=${ENCODED_URL}&text=Spring%20sale`],
    ['viber', `viber://forward?text=Spring%20sale%20${ENCODED_URL}`],
    ['copy', null],
    ['qr', null],
  ])('%s', (channel, expected) => {
    expect(shareUrlFor(channel, BASIC)).toBe(expected);
  });

  it('covers every channel', () => {
    for (const channel of SHARE_CHANNELS) {
      const url = shareUrlFor(channel, BASIC);
      if (url !== null) expect(URL.canParse(url)).toBe(true);
    }
  });
});

describe('shareUrlFor: Messenger', () => {
  it('uses the web Send Dialog when an app id is given, returning to the link', () => {
    expect(shareUrlFor('messenger', { ...BASIC, messengerAppId: '123456789' })).toBe(
      `https://www.facebook.com/dialog/send?app_id=123456789&link=${ENCODED_URL}&redirect_uri=${ENCODED_URL}`,
    );
  });

  it('uses the given redirect URI', () => {
    const url = shareUrlFor('messenger', {
      ...BASIC,
      messengerAppId: '42',
      messengerRedirectUri: 'https://site.test/thanks?x=1',
    });
    expect(new URL(url ?? '').searchParams.get('redirect_uri')).toBe('https://site.test/thanks?x=1');
  });

  it('ignores a blank app id', () => {
    expect(shareUrlFor('messenger', { ...BASIC, messengerAppId: '' })).toMatch(/^fb-messenger:/);
  });
});

describe('shareUrlFor: message text', () => {
  it('shares the bare URL when there is no title', () => {
    expect(shareUrlFor('whatsapp', { url: URL_ })).toBe(`https://wa.me/?text=${ENCODED_URL}`);
    expect(shareUrlFor('telegram', { url: URL_ })).toBe(`https://t.me/share/url?url=${ENCODED_URL}`);
    expect(shareUrlFor('x', { url: URL_ })).toBe(`https://x.com/intent/tweet?url=${ENCODED_URL}`);
    expect(shareUrlFor('email', { url: URL_ })).toBe(`mailto:?body=${ENCODED_URL}`);
    expect(shareUrlFor('sms', { url: URL_ })).toBe(`sms:?&body=${ENCODED_URL}`);
  });

  it('treats a blank title as none', () => {
    expect(shareUrlFor('whatsapp', { url: URL_, title: '   ' })).toBe(`https://wa.me/?text=${ENCODED_URL}`);
  });

  it('prefers the text to the title as the message, keeping the title as subject', () => {
    const input = { url: URL_, title: 'Subject', text: 'Look at this' };
    expect(shareUrlFor('whatsapp', input)).toBe(`https://wa.me/?text=Look%20at%20this%20${ENCODED_URL}`);
    expect(shareUrlFor('reddit', input)).toContain('&title=Subject');
    expect(shareUrlFor('email', input)).toBe(
      `mailto:?subject=Subject&body=Look%20at%20this%0D%0A%0D%0A${ENCODED_URL}`,
    );
  });

  it('uses the text as the Reddit title when there is no title', () => {
    expect(shareUrlFor('reddit', { url: URL_, text: 'Hello' })).toContain('&title=Hello');
  });
});

describe('shareUrlFor: encoding of hostile text', () => {
  const hostile = `a&b=c #d ?e +f %g "h" <i> 'j' é 🎉\r\nk/l;m`;
  const input = { url: 'https://pen.test/abc?x=1&y=2#frag', title: hostile };

  it('encodes spaces as %20 and never as +', () => {
    for (const channel of SHARE_CHANNELS) {
      const url = shareUrlFor(channel, input);
      if (url === null) continue;
      expect(url).not.toMatch(/[ "<>'\r\n#]/);
      expect(url).not.toContain('+');
    }
  });

  it("encodes the characters RFC 3986 reserves that encodeURIComponent leaves (!'()*)", () => {
    expect(shareUrlFor('whatsapp', { url: URL_, title: "It's (really) *great*!" })).toBe(
      `https://wa.me/?text=It%27s%20%28really%29%20%2Agreat%2A%21%20${ENCODED_URL}`,
    );
  });

  it.each<[ShareChannel, string, string]>([
    ['telegram', 'text', hostile],
    ['telegram', 'url', 'https://pen.test/abc?x=1&y=2#frag'],
    ['x', 'text', hostile],
    ['x', 'url', 'https://pen.test/abc?x=1&y=2#frag'],
    ['reddit', 'title', hostile],
    ['teams', 'msgText', hostile],
    ['teams', 'href', 'https://pen.test/abc?x=1&y=2#frag'],
    ['threads', 'text', hostile],
    ['line', 'text', hostile],
    ['whatsapp', 'text', `${hostile} https://pen.test/abc?x=1&y=2#frag`],
    ['bluesky', 'text', `${hostile} https://pen.test/abc?x=1&y=2#frag`],
    ['mastodon', 'text', `${hostile} https://pen.test/abc?x=1&y=2#frag`],
    ['linkedin', 'url', 'https://pen.test/abc?x=1&y=2#frag'],
    ['facebook', 'u', 'https://pen.test/abc?x=1&y=2#frag'],
  ])('%s keeps %s intact through a round trip', (channel, param, expected) => {
    const url = new URL(shareUrlFor(channel, input) ?? '');
    expect(url.searchParams.get(param)).toBe(expected.trim());
  });

  it('keeps the mailto subject and body intact (RFC 6068)', () => {
    const url = shareUrlFor('email', input) ?? '';
    const params = new URLSearchParams(url.slice('mailto:?'.length));
    expect(params.get('subject')).toBe(hostile.trim());
    expect(params.get('body')).toBe('https://pen.test/abc?x=1&y=2#frag');
  });

  it('turns a lone surrogate (valid JSON, no UTF-8 form) into U+FFFD instead of throwing', () => {
    for (const channel of SHARE_CHANNELS) {
      expect(() => shareUrlFor(channel, { url: URL_, title: 'a\ud800b' }), channel).not.toThrow();
    }
    const url = new URL(shareUrlFor('telegram', { url: URL_, title: 'a\ud800b\udfff' }) ?? '');
    expect(url.searchParams.get('text')).toBe('a\ufffdb\ufffd');
  });

  it('keeps the SMS body intact', () => {
    const url = shareUrlFor('sms', input) ?? '';
    expect(url.startsWith('sms:?&body=')).toBe(true);
    expect(decodeURIComponent(url.slice('sms:?&body='.length))).toBe(
      `${hostile.trim()} https://pen.test/abc?x=1&y=2#frag`,
    );
  });
});

describe('shareUrlFor: share_url_invalid', () => {
  it.each(['', 'pen.test/abc', '/abc', 'javascript:alert(1)', 'data:text/html,hi', 'mailto:a@b.test'])(
    'rejects %j',
    (url) => {
      expectLinkError(() => shareUrlFor('whatsapp', { url }), 'share_url_invalid', 'url');
    },
  );
});
