import { describe, expect, it } from 'vitest';
import { botName } from '../../src/classify/bot-agents.js';
import { botLikeToken, MAX_BOT_NAME_LENGTH, normaliseBotToken } from '../../src/classify/bot-token.js';
import { classify } from '../../src/classify/classify.js';

/** Issue 13, finding 9: the bot name is stored, so it is a known name or a short `[a-z0-9-]` token. */
const STORED_NAME = /^[a-z0-9-]{1,40}$/;

describe('bot names', () => {
  it('keeps the names bots give themselves', () => {
    expect(botName('Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)')).toBe('ahrefsbot');
    expect(botName('Mozilla/5.0 (Linux) linespider/1.1')).toBe('linespider');
    expect(botName('python-requests/2.31.0')).toBe('python-requests');
    expect(botName('Mozilla/5.0 (compatible; Mail.RU_Bot/2.0)')).toBe('mail-ru-bot');
  });

  it('reads the bot-like token as the old pattern did: from its first letter to the end of its run', () => {
    expect(botLikeToken('x 12my_crawler-2 y')).toBe('my_crawler-2');
    expect(botLikeToken('Bot only')).toBeUndefined();
    expect(botLikeToken('foo (+http://a) SuperSpider')).toBe('SuperSpider');
  });

  it('folds other characters to one dash and cuts at 40 characters', () => {
    expect(normaliseBotToken('__Weird..Name--Bot__')).toBe('weird-name-bot');
    expect(normaliseBotToken('Ünïcode😀bot')).toBe('n-code-bot');
    expect(normaliseBotToken('x'.repeat(500))).toHaveLength(MAX_BOT_NAME_LENGTH);
  });

  it.each([
    `${'A'.repeat(5000)}bot/1.0`,
    `Mozilla/5.0 (compatible; ${'Zz_'.repeat(300)}/1.0)`,
    `curl-${'q'.repeat(3000)}`,
    `${'é'.repeat(100)}/1.0`,
    'x'.repeat(70_000),
  ])('a long or odd agent never gives a long name (%#)', (userAgent) => {
    const result = classify({ url: 'https://example.org/', userAgent });
    expect(result.kind).toBe('bot');
    expect(result.source).toMatch(STORED_NAME);
  });
});

describe('referral sources', () => {
  it('never name a host longer than a DNS name (253 characters)', () => {
    const person = (referrer: string) =>
      classify({
        url: 'https://news.example.org/a/b',
        referrer,
        userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/130.0',
      });
    const long = `https://${'a.'.repeat(200)}example.org/page`;
    expect(person(long).source).toBe('direct');
    const app = `android-app://com.${'x'.repeat(300)}/`;
    expect(person(app).source).toBe('direct');
    const fine = `https://${'a.'.repeat(100)}example.org/page`;
    expect(person(fine).source).toBe(`referral:${'a.'.repeat(100)}example.org`);
  });
});
