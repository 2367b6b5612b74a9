import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/links/escape-html.js';
import { type PreviewPageInput, renderPreviewPage, renderStatusPage } from '../../src/links/preview-page.js';
import { expectLinkError } from './expect-link-error.js';

const BASE: PreviewPageInput = {
  targetUrl: 'https://shop.test/spring?ref=1',
  canonicalUrl: 'https://pen.test/abc',
  title: 'Spring sale',
  description: 'Everything at half price.',
  image: 'https://shop.test/og.png',
  siteName: 'Shop',
  lang: 'en',
};

const HOSTILE = `"><script>alert(1)</script>`;

/** Every tag in the page: only these may appear, so no injected element slips through. */
const ALLOWED_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'link',
  'body',
  'main',
  'h1',
  'p',
  'a',
]);

function tagNames(html: string): string[] {
  return [...html.matchAll(/<\/?([!a-z][a-z0-9-]*)/gi)].map((match) => (match[1] ?? '').toLowerCase());
}

/** The values of all double-quoted attributes. */
function attributeValues(html: string): string[] {
  return [...html.matchAll(/=\s*"([^"]*)"/g)].map((match) => match[1] ?? '');
}

function expectInert(html: string): void {
  for (const name of tagNames(html)) expect(ALLOWED_TAGS).toContain(name);
  for (const value of attributeValues(html)) {
    expect(value).not.toMatch(/[<>"']/);
    expect(value).not.toMatch(/^\s*(?:javascript|data|vbscript):/i);
  }
  // Inside each tag, once the quoted values are gone, only known attribute names remain.
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const names = [...tag.replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=>]+)=/g)].map((match) => match[1]);
    for (const name of names)
      expect(['lang', 'charset', 'name', 'content', 'property', 'rel', 'href', 'http-equiv']).toContain(name);
  }
}

describe('the inertness check itself', () => {
  it.each([
    '<p onclick="alert(1)">x</p>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<p title=x onmouseover=alert(1)>x</p>',
    '<img src="x">',
  ])('catches %j', (html) => {
    expect(() => expectInert(html)).toThrow();
  });
});

describe('escapeHtml', () => {
  it('escapes the five significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('escapes an existing reference again, so it displays literally', () => {
    expect(escapeHtml('Tom &amp; Jerry')).toBe('Tom &amp;amp; Jerry');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('été 🎉 / = ` ')).toBe('été 🎉 / = ` ');
  });
});

describe('renderPreviewPage: structure', () => {
  const html = renderPreviewPage(BASE);

  it('is an HTML5 document with a language and UTF-8', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Spring sale</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('carries the Open Graph tags', () => {
    expect(html).toContain('<meta property="og:type" content="website">');
    expect(html).toContain('<meta property="og:title" content="Spring sale">');
    expect(html).toContain('<meta property="og:description" content="Everything at half price.">');
    expect(html).toContain('<meta property="og:image" content="https://shop.test/og.png">');
    expect(html).toContain('<meta property="og:url" content="https://pen.test/abc">');
    expect(html).toContain('<meta property="og:site_name" content="Shop">');
  });

  it('carries a large-image Twitter card when there is an image', () => {
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain('<meta name="twitter:title" content="Spring sale">');
    expect(html).toContain('<meta name="twitter:description" content="Everything at half price.">');
    expect(html).toContain('<meta name="twitter:image" content="https://shop.test/og.png">');
  });

  it('has a canonical link, a meta refresh and a visible link to the target', () => {
    expect(html).toContain('<link rel="canonical" href="https://pen.test/abc">');
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=https://shop.test/spring?ref=1">');
    expect(html).toContain('<a href="https://shop.test/spring?ref=1">https://shop.test/spring?ref=1</a>');
    expect(html).toContain('Continue to');
  });

  it('balances its non-void elements', () => {
    for (const tag of ['html', 'head', 'title', 'body', 'main', 'h1', 'p', 'a']) {
      const opened = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
      const closed = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
      expect(closed, tag).toBe(opened);
    }
  });
});

describe('renderPreviewPage: optional fields', () => {
  it('uses a summary card and no image tags without an image', () => {
    for (const image of [undefined, null, '', '   ']) {
      const html = renderPreviewPage({ ...BASE, image });
      expect(html).toContain('<meta name="twitter:card" content="summary">');
      expect(html).not.toContain('og:image');
      expect(html).not.toContain('twitter:image');
    }
  });

  it('leaves out an absent description and site name', () => {
    const html = renderPreviewPage({ ...BASE, description: null, siteName: '  ' });
    expect(html).not.toContain('description');
    expect(html).not.toContain('og:site_name');
  });

  it('turns control characters and line breaks into spaces', () => {
    const html = renderPreviewPage({ ...BASE, title: 'a\u0000b\r\nc\u0085d', description: 'x\ny' });
    expect(html).toContain('<title>a b c d</title>');
    expect(html).toContain('<meta property="og:description" content="x y">');
    expect(html.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
  });

  it('falls back to the target host for an empty title', () => {
    const html = renderPreviewPage({ ...BASE, title: '  ' });
    expect(html).toContain('<title>shop.test</title>');
    expect(html).toContain('<meta property="og:title" content="shop.test">');
  });

  it('speaks French for a French page', () => {
    const html = renderPreviewPage({ ...BASE, lang: 'fr-CA' });
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('Continuer vers');
  });

  it.each(['', 'x', '"><script>', 'en_US', 'english language', 'fr-'])(
    'uses "en" for the odd language %j',
    (lang) => {
      expect(renderPreviewPage({ ...BASE, lang })).toContain('<html lang="en">');
    },
  );
});

describe('renderPreviewPage: escaping', () => {
  it('escapes a hostile title everywhere it appears', () => {
    const html = renderPreviewPage({ ...BASE, title: HOSTILE });
    const escaped = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<meta property="og:title" content="${escaped}">`);
    expect(html).toContain(`<meta name="twitter:title" content="${escaped}">`);
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expectInert(html);
  });

  it('escapes the & of a target query, and the URL parser encodes its quotes', () => {
    const html = renderPreviewPage({ ...BASE, targetUrl: 'https://x.test/?a=1&b="2"' });
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=https://x.test/?a=1&amp;b=%222%22">');
    expect(html).toContain('<a href="https://x.test/?a=1&amp;b=%222%22">');
    expect(html).not.toContain('&b=');
    expectInert(html);
  });

  it('escapes an apostrophe in a target path (WHATWG URL leaves it unencoded there)', () => {
    const html = renderPreviewPage({ ...BASE, targetUrl: "https://x.test/it's/<b>" });
    expect(html).toContain('content="0; url=https://x.test/it&#39;s/%3Cb%3E"');
    expectInert(html);
  });

  it.each([
    HOSTILE,
    `' onmouseover='alert(1)`,
    '" onload="alert(1)',
    '</title><script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<!-- comment --> <![CDATA[x]]>',
    '&lt;script&gt;',
    '\u0000<svg/onload=alert(1)>',
  ])('keeps %j inert in every text field', (hostile) => {
    const html = renderPreviewPage({ ...BASE, title: hostile, description: hostile, siteName: hostile });
    expectInert(html);
  });

  it('escapes hostile query strings in the image and canonical URLs', () => {
    const html = renderPreviewPage({
      ...BASE,
      image: `https://img.test/a.png?x="><script>alert(1)</script>&y='z'`,
      canonicalUrl: `https://pen.test/abc?"'<>`,
    });
    expectInert(html);
  });
});

describe('renderPreviewPage: preview_url_invalid', () => {
  it.each<[keyof PreviewPageInput, string]>([
    ['targetUrl', 'javascript:alert(1)'],
    ['targetUrl', 'data:text/html,<script>alert(1)</script>'],
    ['targetUrl', 'shop.test/spring'],
    ['targetUrl', ''],
    ['canonicalUrl', 'vbscript:msgbox(1)'],
    ['canonicalUrl', '/abc'],
    ['image', 'javascript:alert(1)'],
    ['image', 'file:///etc/passwd'],
    ['image', 'og.png'],
  ])('rejects %s %j', (field, value) => {
    expectLinkError(() => renderPreviewPage({ ...BASE, [field]: value }), 'preview_url_invalid', field);
  });
});

describe('renderStatusPage', () => {
  it.each<[404 | 410, 'en' | 'fr', string]>([
    [404, 'en', 'This link does not exist'],
    [404, 'fr', 'Ce lien n&#39;existe pas'],
    [410, 'en', 'This link has expired or was disabled'],
    [410, 'fr', 'Ce lien a expiré ou a été désactivé'],
  ])('%i in %s says %j', (status, lang, heading) => {
    const html = renderStatusPage({ status, lang });
    expect(html.startsWith(`<!doctype html>\n<html lang="${lang}">`)).toBe(true);
    expect(html).toContain(`<title>${heading}</title>`);
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expectInert(html);
  });

  it('gives a hint of what to do', () => {
    expect(renderStatusPage({ status: 404, lang: 'en' })).toContain(
      'ask the person who sent it for a new link',
    );
    expect(renderStatusPage({ status: 410, lang: 'fr' })).toContain('Demandez un nouveau lien');
  });

  it('falls back to English and 404 for values outside the types at run time', () => {
    const html = renderStatusPage({ status: 500 as 404, lang: 'de' as 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('This link does not exist');
  });
});
