import { describe, expect, it } from 'vitest';
import { LinkInputError } from '../../src/links/link-input-error.js';
import { MAX_TARGET_LENGTH, validateTarget } from '../../src/links/validate-target.js';
import { expectLinkError } from './expect-link-error.js';

const STRICT = { allowPrivateHosts: false };
const LENIENT = { allowPrivateHosts: true };

describe('validateTarget: accepted targets', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['  https://example.com/  ', 'https://example.com/'],
    ['https://example.com/a b', 'https://example.com/a%20b'],
    ['https://münchen.de/straße', 'https://xn--mnchen-3ya.de/stra%C3%9Fe'],
    ['https://example.com/p?q=1&r=a+b#frag', 'https://example.com/p?q=1&r=a+b#frag'],
    ['https://example.com/#/route?x=1', 'https://example.com/#/route?x=1'],
    ['http:example.com/x', 'http://example.com/x'],
    ['https://@example.com/', 'https://example.com/'],
  ])('normalises %j to %j', (input, expected) => {
    expect(validateTarget(input, STRICT)).toBe(expected);
  });

  it.each([
    'http://8.8.8.8/',
    'http://1.1.1.1/',
    'http://11.0.0.1/',
    'http://172.15.255.255/',
    'http://172.32.0.1/',
    'http://192.169.0.1/',
    'http://100.63.255.255/',
    'http://100.128.0.1/',
    'http://169.253.255.255/',
    'http://169.255.0.1/',
    'http://126.255.255.255/',
    'http://128.0.0.1/',
    'http://[2606:4700:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
    'http://[64:ff9b::8.8.8.8]/',
    'http://[2002:808:808::1]/',
    'http://192.0.0.9/',
    'http://[2001:4860:4860::8888]/',
    'https://localhost.example.com/',
    'https://mylocalhost.com/',
    'https://local.example/',
    'https://internal.example.org/',
    'https://example.localhost.com/',
  ])('treats %s as public', (input) => {
    expect(() => validateTarget(input, STRICT)).not.toThrow();
  });

  it('accepts exactly 2,048 characters', () => {
    const base = 'https://example.com/';
    const url = base + 'a'.repeat(MAX_TARGET_LENGTH - base.length);
    expect(url).toHaveLength(2048);
    expect(validateTarget(url, STRICT)).toBe(url);
  });
});

describe('validateTarget: target_too_long', () => {
  it('rejects 2,049 characters', () => {
    const base = 'https://example.com/';
    const url = base + 'a'.repeat(MAX_TARGET_LENGTH + 1 - base.length);
    const error = expectLinkError(() => validateTarget(url, STRICT), 'target_too_long', 'target');
    expect(error.message).toContain('2,049');
  });

  it('rejects a huge input before parsing it', () => {
    expectLinkError(() => validateTarget(`javascript:${'x'.repeat(100_000)}`, STRICT), 'target_too_long');
  });

  it('rejects a target that only grows past the limit when normalised', () => {
    const url = `https://example.com/${' '.repeat(1000)}x`;
    expect(url.length).toBeLessThan(MAX_TARGET_LENGTH);
    expectLinkError(() => validateTarget(url, STRICT), 'target_too_long');
  });
});

describe('validateTarget: target_invalid', () => {
  it.each([
    '',
    '   ',
    'example.com',
    'www.example.com/page',
    '//example.com/x',
    '/relative/path',
    'not a url',
    'http://',
    'https://',
    'https://exa mple.com/',
    'http://[::1',
    'http://256.256.256.256/',
    'http://1.2.3.4.5/',
    'https://example.com:99999/',
    'https://ex<ample.com/',
  ])('rejects %j', (input) => {
    expectLinkError(() => validateTarget(input, STRICT), 'target_invalid', 'target');
  });

  it('rejects a non-string at run time', () => {
    expectLinkError(() => validateTarget(42 as unknown as string, STRICT), 'target_invalid');
    expectLinkError(() => validateTarget(null as unknown as string, STRICT), 'target_invalid');
  });
});

describe('validateTarget: target_scheme', () => {
  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'file:///etc/passwd',
    'file://c:/windows/win.ini',
    'ftp://example.com/file',
    'vbscript:msgbox(1)',
    'mailto:someone@example.com',
    'tel:+33123456789',
    'ws://example.com/socket',
    'wss://example.com/socket',
    'blob:https://example.com/1234',
    'about:blank',
    'chrome://settings',
    'intent://scan/#Intent;scheme=zxing;end',
    'view-source:https://example.com',
    'httpx://example.com/',
  ])('rejects %j', (input) => {
    const error = expectLinkError(() => validateTarget(input, LENIENT), 'target_scheme', 'target');
    expect(error.message).toContain('http://');
  });
});

describe('validateTarget: target_credentials', () => {
  it.each([
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'https://:pass@example.com/',
    'https://user%40corp:p%3Ass@example.com/',
    'https://example.com@evil.example/',
    'http://admin:admin@8.8.8.8/',
  ])('rejects %j', (input) => {
    expectLinkError(() => validateTarget(input, LENIENT), 'target_credentials', 'target');
  });
});

describe('validateTarget: target_private_host', () => {
  const privateTargets = [
    'http://127.0.0.1/',
    'http://127.255.255.254:8080/admin',
    'http://localhost/',
    'http://LOCALHOST:3000/',
    'http://localhost./',
    'http://localhost%2e/',
    'http://foo.localhost/',
    'http://a.b.LocalHost./',
    'http://ｌｏｃａｌｈｏｓｔ/',
    'http://10.0.0.1/',
    'http://10.255.255.255/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.0.1/',
    'http://192.168.255.255/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0/',
    'http://0/',
    'http://0.1.2.3/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::]/',
    'http://[fe80::1]/',
    'http://[febf:ffff::1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456:789a::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:192.168.0.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[64:ff9b::a00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[2002:c0a8:101::1]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0x7F.0x0.0x0.0x1/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://0177.1/',
    'http://127.1/',
    'http://127.0.1/',
    'http://127%2E0%2E0%2E1/',
    'http://127。0。0。1/',
    'http://3232235777/',
    'http://0xA9FEA9FE/',
    'http://167772161/',
    'http://printer.local/',
    'http://db.internal/',
    'http://router.home.arpa/',
    // Issue 13 finding 13: blocks the first check missed.
    'http://[fec0::1]/', // deprecated site-local (RFC 3879), outside global unicast 2000::/3
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', // Teredo (RFC 4380)
    'http://[64:ff9b:1::a00:1]/', // NAT64 local-use (RFC 8215)
    'http://[::ffff:0:7f00:1]/', // SIIT IPv4-translated, outside 2000::/3
    'http://[2002:a9fe:a9fe::]/', // 6to4 of 169.254.169.254
    'http://192.0.0.1/',
    'http://198.18.0.1/',
    'http://198.19.255.255/',
    'http://224.0.0.1/',
    'http://239.255.255.250/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://192.0.2.1/',
    'http://[ff02::1]/',
    'http://[2001:db8::1]/',
    'http://[100::1]/',
    'http://3325256705/', // 198.51.100.1 in decimal
  ];

  it.each(privateTargets)('rejects %s', (input) => {
    expectLinkError(() => validateTarget(input, STRICT), 'target_private_host', 'target');
  });

  it.each(privateTargets)('accepts %s when private hosts are allowed', (input) => {
    expect(() => validateTarget(input, LENIENT)).not.toThrow();
  });

  it.each([
    ['http://2130706433/', 'http://127.0.0.1/'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
    ['http://017700000001/', 'http://127.0.0.1/'],
    ['http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/'],
  ])('returns the normalised form of %s when allowed', (input, expected) => {
    expect(validateTarget(input, LENIENT)).toBe(expected);
  });

  it('names the host in the message', () => {
    const error = expectLinkError(() => validateTarget('http://0x7f.1/', STRICT), 'target_private_host');
    expect(error.message).toContain('127.0.0.1');
  });
});

describe('validateTarget: check order', () => {
  it('reports the scheme before anything about the host', () => {
    expectLinkError(() => validateTarget('file://localhost/etc/passwd', STRICT), 'target_scheme');
  });

  it('reports credentials before a private host', () => {
    expectLinkError(() => validateTarget('http://user:pw@127.0.0.1/', STRICT), 'target_credentials');
  });
});

describe('LinkInputError', () => {
  it('is an Error with a name, a code and a field', () => {
    const error = new LinkInputError('x_code', 'Something.', 'field');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LinkInputError');
    expect(error.code).toBe('x_code');
    expect(error.field).toBe('field');
    expect(error.message).toBe('Something.');
  });
});
