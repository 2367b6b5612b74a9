import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';
const WHATSAPP_PREVIEW = 'WhatsApp/2.23.20.0 A';
const MESSENGER_ANDROID =
  'Mozilla/5.0 (Linux; Android 10; moto g(7) play Build/QPYS30.52-22-9; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.110 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/288.0.0.15.118;]';
const ARTICLE = 'https://news.example.org/world/2024/10/15/typhoon-landfall';

describe('classify precedence (DESIGN.md §3)', () => {
  it('counts a preview fetch as a share in the app even on a tracked link', () => {
    const result = classify({ url: ARTICLE, userAgent: WHATSAPP_PREVIEW, trackedChannel: 'sms' });
    expect(result).toEqual({
      kind: 'preview',
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      evidence: 'preview-agent',
      confidence: 'certain',
    });
  });

  it('tells Signal (WhatsApp/2 exactly) from WhatsApp and iMessage from Facebook', () => {
    expect(classify({ url: ARTICLE, userAgent: 'WhatsApp/2' }).source).toBe('signal');
    expect(classify({ url: ARTICLE, userAgent: 'WhatsApp/2.2349.2 W' }).source).toBe('whatsapp');
    const imessage =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0';
    expect(classify({ url: ARTICLE, userAgent: imessage }).source).toBe('imessage');
    expect(classify({ url: ARTICLE, userAgent: 'facebookexternalhit/1.1' })).toMatchObject({
      kind: 'preview',
      channel: 'social',
      source: 'facebook',
    });
  });

  it('lets a tracked link prove its channel over every weaker signal', () => {
    const result = classify({
      url: `${ARTICLE}?utm_source=newsletter&utm_medium=email`,
      referrer: 'https://www.google.com/',
      userAgent: MESSENGER_ANDROID,
      trackedChannel: 'whatsapp',
    });
    expect(result).toMatchObject({
      channel: 'dark-social',
      source: 'whatsapp',
      evidence: 'tracked-link',
      confidence: 'certain',
    });
  });

  it('maps the share-kit channels copy and qr to their dark-social media', () => {
    expect(classify({ url: ARTICLE, userAgent: CHROME, trackedChannel: 'qr' })).toMatchObject({
      medium: 'qr',
      source: 'qr',
    });
    expect(classify({ url: ARTICLE, userAgent: CHROME, trackedChannel: 'copy' })).toMatchObject({
      channel: 'dark-social',
      medium: 'copy-paste',
    });
  });

  it('reads a share token as copy-paste, naming the private app it was opened in', () => {
    expect(classify({ url: ARTICLE, userAgent: CHROME, shareToken: 'a1b2c3' })).toMatchObject({
      channel: 'dark-social',
      medium: 'copy-paste',
      source: 'direct',
      evidence: 'share-token',
    });
    expect(classify({ url: ARTICLE, userAgent: MESSENGER_ANDROID, shareToken: 'a1b2c3' }).source).toBe(
      'messenger',
    );
    expect(classify({ url: ARTICLE, userAgent: CHROME, shareToken: { channel: 'telegram' } })).toMatchObject({
      source: 'telegram',
      medium: 'messaging',
      evidence: 'share-token',
    });
  });

  it('puts utm vocabularies before click ids, in-app browsers and referrers', () => {
    const email = classify({
      url: `${ARTICLE}?utm_source=newsletter&utm_medium=email`,
      referrer: 'https://t.co/x',
      userAgent: CHROME,
    });
    expect(email).toMatchObject({
      channel: 'dark-social',
      medium: 'email',
      source: 'email',
      evidence: 'utm',
      confidence: 'likely',
    });
    const sms = classify({ url: `${ARTICLE}?utm_source=sms_alert&utm_medium=sms`, userAgent: CHROME });
    expect(sms).toMatchObject({ medium: 'sms', source: 'sms' });
    const whatsapp = classify({ url: `${ARTICLE}?utm_source=WhatsApp`, userAgent: MESSENGER_ANDROID });
    expect(whatsapp.source).toBe('whatsapp');
    const paid = classify({ url: `${ARTICLE}?utm_source=bing&utm_medium=ppc`, userAgent: CHROME });
    expect(paid).toMatchObject({ channel: 'paid', source: 'bing', medium: 'cpc' });
  });

  it('treats gclid and msclkid as paid, fbclid only as a weak hint of Facebook', () => {
    expect(
      classify({ url: `${ARTICLE}?gclid=abc`, referrer: 'https://www.google.com/', userAgent: CHROME }),
    ).toMatchObject({
      channel: 'paid',
      source: 'google',
      evidence: 'click-id',
    });
    expect(classify({ url: `${ARTICLE}?msclkid=abc`, userAgent: CHROME }).source).toBe('bing');
    const messenger = classify({
      url: `${ARTICLE}?fbclid=IwAR`,
      referrer: 'https://l.facebook.com/',
      userAgent: MESSENGER_ANDROID,
    });
    expect(messenger).toMatchObject({
      channel: 'dark-social',
      source: 'messenger',
      evidence: 'in-app-browser',
    });
    expect(classify({ url: `${ARTICLE}?fbclid=IwAR`, userAgent: CHROME })).toMatchObject({
      channel: 'social',
      source: 'facebook',
      confidence: 'likely',
    });
  });

  it('reads in-page hints and the Android X-Requested-With package', () => {
    const android =
      'Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36';
    expect(
      classify({ url: ARTICLE, userAgent: android, hints: { globals: ['TelegramWebviewProxy'] } }).source,
    ).toBe('telegram');
    expect(
      classify({ url: ARTICLE, userAgent: android, hints: { requestedWith: 'org.telegram.messenger' } }),
    ).toMatchObject({
      source: 'telegram',
      evidence: 'in-app-browser',
    });
  });

  it('classifies referrers: app packages, webmail, chat, social shims, search on country domains', () => {
    const cases: [string, string, string][] = [
      ['android-app://com.whatsapp/', 'dark-social', 'whatsapp'],
      ['android-app://com.google.android.gm', 'dark-social', 'gmail'],
      ['android-app://com.google.android.googlequicksearchbox/https/www.google.com', 'search', 'google'],
      ['android-app://com.example.unknown/', 'referral', 'referral:com.example.unknown'],
      ['https://com.google.android.gm/', 'dark-social', 'gmail'],
      ['https://mail.google.com/mail/u/0/', 'dark-social', 'gmail'],
      ['http://co106w.col106.mail.live.com/default.aspx?rru=inbox', 'dark-social', 'outlook'],
      ['https://deref-gmx.net/mail/client/abc/dereferrer/', 'dark-social', 'email'],
      ['https://webmail.example-corp.com/owa/', 'dark-social', 'email'],
      ['https://mailbusiness.ionos.de/', 'dark-social', 'email'],
      ['https://3c-bap.web.de/', 'dark-social', 'email'],
      ['https://www.dailymail.co.uk/news', 'referral', 'referral:www.dailymail.co.uk'],
      ['https://teams.microsoft.com/', 'dark-social', 'teams'],
      ['https://acme.slack.com/', 'dark-social', 'slack'],
      ['https://lm.facebook.com/l.php?u=x', 'social', 'facebook'],
      ['https://go.bsky.app/redirect?u=x', 'social', 'bluesky'],
      ['https://out.reddit.com/t3_x', 'social', 'reddit'],
      ['https://lnkd.in/abc', 'social', 'linkedin'],
      ['https://www.google.co.uk/', 'search', 'google'],
      ['https://www.google.com.br/search?q=x', 'search', 'google'],
      ['https://search.yahoo.co.jp/search?p=x', 'search', 'yahoo'],
      ['https://yandex.com.tr/search/?text=x', 'search', 'yandex'],
      ['https://docs.google.com/document/d/x', 'referral', 'referral:docs.google.com'],
      ['https://www.theguardian.com/world', 'referral', 'referral:www.theguardian.com'],
      ['https://news.example.org/', 'internal', 'referral:news.example.org'],
      ['https://www.news.example.org/', 'internal', 'referral:www.news.example.org'],
    ];
    for (const [referrer, channel, source] of cases) {
      expect(classify({ url: ARTICLE, referrer, userAgent: CHROME }), referrer).toMatchObject({
        channel,
        source,
      });
    }
  });

  it('splits referrer-less visits into direct (landing pages) and inferred dark social (deep links)', () => {
    expect(classify({ url: 'https://news.example.org/', userAgent: CHROME })).toMatchObject({
      channel: 'direct',
      source: 'direct',
    });
    expect(classify({ url: 'https://news.example.org/index.html', userAgent: CHROME }).channel).toBe(
      'direct',
    );
    expect(classify({ url: ARTICLE, userAgent: CHROME })).toMatchObject({
      channel: 'dark-social',
      medium: 'unattributed',
      source: 'direct',
      evidence: 'deep-link',
      confidence: 'inferred',
    });
    const sections = ['/', '/world/*'];
    expect(
      classify({ url: 'https://news.example.org/world/', userAgent: CHROME, landingPaths: sections }).channel,
    ).toBe('direct');
    expect(classify({ url: ARTICLE, userAgent: CHROME, landingPaths: sections }).channel).toBe('direct');
    expect(
      classify({ url: 'https://news.example.org/sport/x', userAgent: CHROME, landingPaths: sections })
        .channel,
    ).toBe('dark-social');
  });

  it('names bots, keeps an in-app browser human even when isbot is fooled, and never throws', () => {
    expect(
      classify({
        url: ARTICLE,
        userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      }).source,
    ).toBe('googlebot');
    expect(classify({ url: ARTICLE, userAgent: 'curl/8.5.0' })).toMatchObject({
      kind: 'bot',
      channel: 'bot',
      source: 'curl',
    });
    expect(classify({ url: ARTICLE, userAgent: '' })).toMatchObject({ kind: 'bot', source: 'bot' });
    const wechat =
      'Mozilla/5.0 (Linux; Android 9; SM-G965F Build/PPR1.180610.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.62 XWEB/2889 MMWEBSDK/20210902 Mobile Safari/537.36 MMWEBID/4096 MicroMessenger/8.0.15.2001(0x28000F41) Process/toolsmp WeChat/arm64 Weixin GPVersion/1 NetType/WIFI Language/en ABI/arm64';
    expect(classify({ url: ARTICLE, userAgent: wechat })).toMatchObject({ kind: 'human', source: 'wechat' });
    for (const url of ['not a url', '', '/relative/path?utm_source=%E0%A4%A', 'https://[::1/']) {
      expect(() => classify({ url, referrer: '%%%', userAgent: CHROME })).not.toThrow();
    }
  });
});
