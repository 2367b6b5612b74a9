import { describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../../src/privacy/parse-http-url.js';
import { scrubUrl } from '../../src/privacy/scrub-url.js';

const KEEP = { keepCampaign: true } as const;
const STRICT = { keepCampaign: false } as const;
const ARTICLE = 'https://news.example.org/world/2024/10/15/typhoon-landfall';

describe('scrubUrl: host and path', () => {
  it('keeps host and path, lowercases the host, drops credentials, port and trailing dot', () => {
    expect(scrubUrl('https://Jane:Secret@News.Example.ORG.:8443/World/Typhoon', KEEP)).toEqual({
      host: 'news.example.org',
      path: '/World/Typhoon',
    });
  });

  it('gives `/` for an address without a path', () => {
    expect(scrubUrl('https://example.org', KEEP)).toEqual({ host: 'example.org', path: '/' });
  });

  it('punycodes international hosts and percent-encodes unicode paths', () => {
    expect(scrubUrl('http://例え.テスト/パス?utm_source=café', KEEP)).toEqual({
      host: 'xn--r8jz45g.xn--zckzah',
      path: '/%E3%83%91%E3%82%B9?utm_source=caf%C3%A9',
    });
  });

  it('keeps IPv6 literal hosts in brackets, without the port', () => {
    expect(scrubUrl('http://[2001:DB8::1]:8080/x', KEEP)).toEqual({ host: '[2001:db8::1]', path: '/x' });
  });

  it.each([
    ['https://example.org/reset/3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c', '/reset/:redacted'],
    ['https://example.org/u/jane.doe%40example.org/settings', '/u/:redacted/settings'],
    ['https://example.org/u/jane.doe@example.org', '/u/:redacted'],
    [
      'https://example.org/magic/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U/go',
      '/magic/:redacted/go',
    ],
    ['https://example.org/invite/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/invite/:redacted'],
    ['https://example.org/cart;jsessionid=ABCDEF0123456789ABCDEF/checkout', '/cart/checkout'],
    ['https://example.org/a;b;c/d', '/a/d'],
  ])('redacts personal path segments: %s', (url, path) => {
    expect(scrubUrl(url, KEEP)?.path).toBe(path);
  });

  it.each([
    'https://example.org/world/2024/10/15/typhoon-landfall',
    'https://example.org/la-rentree-litteraire-2024-les-10-romans',
    'https://example.org/articles/1849204593432012345',
    'https://example.org/festival-winners-2024-a8f3c9d2e1b4',
    'https://example.org/Top-10-Things-To-Do-In-Paris-2024',
    'https://example.org/%E2%82%AC/prix',
    'https://example.org/a//b/',
  ])('keeps ordinary paths as they are: %s', (url) => {
    expect(scrubUrl(url, KEEP)?.path).toBe(new URL(url).pathname);
  });
});

describe('scrubUrl: query parameters', () => {
  it('keeps utm_* sorted by name, drops everything else', () => {
    const url = `${ARTICLE}?utm_source=whatsapp&session=abc&utm_medium=messaging&ref=x&utm_campaign=spring&utm_term=shoes&utm_content=top&utm_id=spring-24`;
    expect(scrubUrl(url, KEEP)?.path).toBe(
      '/world/2024/10/15/typhoon-landfall?utm_campaign=spring&utm_content=top&utm_id=spring-24&utm_medium=messaging&utm_source=whatsapp&utm_term=shoes',
    );
  });

  it('reduces click ids to their presence', () => {
    const ids = [
      'gclid',
      'gbraid',
      'wbraid',
      'dclid',
      'msclkid',
      'fbclid',
      'ttclid',
      'li_fat_id',
      'twclid',
      'igshid',
    ];
    const url = `${ARTICLE}?${ids.map((id) => `${id}=IwAR2x_SeCrEt-${id}`).join('&')}`;
    const path = scrubUrl(url, KEEP)?.path ?? '';
    expect(path).toBe(
      `/world/2024/10/15/typhoon-landfall?${[...ids]
        .sort()
        .map((id) => `${id}=1`)
        .join('&')}`,
    );
    expect(path).not.toContain('SeCrEt');
  });

  it('drops a click id with no value: no click id was there', () => {
    expect(scrubUrl(`${ARTICLE}?gclid=&fbclid`, KEEP)?.path).toBe('/world/2024/10/15/typhoon-landfall');
  });

  it('keeps configured parameters, matched without regard to case, with their values checked', () => {
    const url = `${ARTICLE}?Lang=fr&page=2&email=jane@example.org&other=1`;
    expect(scrubUrl(url, { keepCampaign: true, allowParams: ['lang', 'PAGE', 'email'] })?.path).toBe(
      '/world/2024/10/15/typhoon-landfall?lang=fr&page=2',
    );
  });

  it('names are canonical lowercase and the first value of a name decides', () => {
    expect(scrubUrl(`${ARTICLE}?UTM_Source=first&utm_source=second`, KEEP)?.path).toBe(
      '/world/2024/10/15/typhoon-landfall?utm_source=first',
    );
    expect(scrubUrl(`${ARTICLE}?utm_source=jane@example.org&utm_source=whatsapp`, KEEP)?.path).toBe(
      '/world/2024/10/15/typhoon-landfall',
    );
  });

  it.each([
    ['utm_source', 'jane.doe@example.org'],
    ['utm_source', 'jane.doe%40example.org'],
    ['utm_source', 'jane.doe%2540example.org'],
    ['utm_term', '%2B33%206%2012%2034%2056%2078'],
    ['utm_term', '+33+6+12+34+56+78'],
    ['utm_content', '(555)%20123-4567'],
    ['utm_content', '4111%201111%201111%201111'],
    ['utm_campaign', 'DE89370400440532013000'],
    ['utm_campaign', 'GB82%20WEST%201234%205698%207654%2032'],
    ['utm_id', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['utm_content', '3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c'],
    [
      'utm_content',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['utm_content', 'Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4'],
    ['utm_campaign', 'x'.repeat(201)],
    ['utm_campaign', '%20%20'],
    ['utm_campaign', ''],
  ])('drops %s=%s', (name, value) => {
    expect(scrubUrl(`${ARTICLE}?${name}=${value}`, KEEP)?.path).toBe('/world/2024/10/15/typhoon-landfall');
  });

  it.each([
    ['utm_campaign', 'spring_sale_newsletter_2024', 'spring_sale_newsletter_2024'],
    ['utm_campaign', 'newsletter_2024-10-15', 'newsletter_2024-10-15'],
    ['utm_campaign', 'Rentrée+2024', 'Rentr%C3%A9e%202024'],
    ['utm_source', '@penumbra', '%40penumbra'],
    ['utm_medium', '%20email%20', 'email'],
    ['utm_term', 'running+shoes', 'running%20shoes'],
    ['utm_content', 'banner-300x250', 'banner-300x250'],
    ['utm_source', 'news.example.org', 'news.example.org'],
    ['utm_source', '😀', '%F0%9F%98%80'],
  ])('keeps %s=%s (as %s)', (name, value, kept) => {
    expect(scrubUrl(`${ARTICLE}?${name}=${value}`, KEEP)?.path).toBe(
      `/world/2024/10/15/typhoon-landfall?${name}=${kept}`,
    );
  });

  it('survives malformed percent-encoding in values', () => {
    expect(scrubUrl(`${ARTICLE}?utm_source=%E0%A4%A&utm_medium=%`, KEEP)?.path).toBe(
      '/world/2024/10/15/typhoon-landfall?utm_medium=%25&utm_source=%EF%BF%BD%25A',
    );
  });
});

describe('scrubUrl: strict mode (keepCampaign: false)', () => {
  it('drops utm_* and click ids, even when configured, and keeps other configured names', () => {
    const url = `${ARTICLE}?utm_source=whatsapp&gclid=abc&lang=fr`;
    expect(scrubUrl(url, { ...STRICT, allowParams: ['lang', 'utm_source', 'gclid'] })?.path).toBe(
      '/world/2024/10/15/typhoon-landfall?lang=fr',
    );
    expect(scrubUrl(url, STRICT)?.path).toBe('/world/2024/10/15/typhoon-landfall');
  });
});

describe('scrubUrl: fragment', () => {
  it('never keeps the fragment', () => {
    expect(scrubUrl(`${ARTICLE}#access_token=ya29.secret&section=2`, KEEP)).toEqual({
      host: 'news.example.org',
      path: '/world/2024/10/15/typhoon-landfall',
    });
  });

  it.each([
    ['#pn=a.0.direct.20241015', 'a.0.direct.20241015'],
    ['#pn=c.3.whatsapp.k3j4h5g6f7', 'c.3.whatsapp.k3j4h5g6f7'],
    ['#section-2&pn=b.1.sms.google.20241015', 'b.1.sms.google.20241015'],
  ])('returns a well-formed share token separately: %s', (fragment, token) => {
    expect(scrubUrl(`${ARTICLE}${fragment}`, KEEP)).toEqual({
      host: 'news.example.org',
      path: '/world/2024/10/15/typhoon-landfall',
      shareToken: token,
    });
  });

  it.each([
    ['#pn='],
    ['#pn=Jane@Example.org'],
    [`#pn=${'a'.repeat(121)}`],
    ['#pn=a%20b'],
    ['#pn=0612345678'],
    ['#pn=3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c'],
    ['#xpn=a.0.direct.20241015'],
  ])('ignores a malformed share token: %s', (fragment) => {
    expect(scrubUrl(`${ARTICLE}${fragment}`, KEEP)).not.toHaveProperty('shareToken');
  });
});

describe('scrubUrl: never throws', () => {
  it.each([
    [''],
    ['not a url'],
    ['/relative/path?utm_source=x'],
    ['//example.org/protocol-relative'],
    ['javascript:alert(document.cookie)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:jane@example.org'],
    ['file:///etc/passwd'],
    ['ftp://example.org/file'],
    ['http://'],
    ['http://[::1'],
    ['http://exa mple.org/'],
    ['https://%zz/'],
    ['\u0000'],
    ['\ud800'],
    [`https://example.org/${'a'.repeat(MAX_URL_LENGTH)}`],
  ])('returns undefined for %j', (url) => {
    expect(scrubUrl(url, KEEP)).toBeUndefined();
  });

  it('handles hostile but valid URLs quickly', () => {
    const hostile = [
      `https://example.org/${'%'.repeat(4000)}`,
      `https://example.org/?utm_source=${'a-'.repeat(3000)}`,
      `https://example.org/${'1 '.repeat(1500)}?utm_term=${'%2540'.repeat(500)}`,
      `https://example.org/?${'utm_source=a&'.repeat(600)}`,
    ];
    const started = performance.now();
    for (const url of hostile) expect(scrubUrl(url, KEEP)).toBeDefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
