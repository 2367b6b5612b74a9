import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/classify/index.js';
import { extensionOf, isStaticAsset, isWellKnownPath, shouldSkip } from '../../src/import-log/skip-rules.js';

const page = { method: 'GET', target: '/world/2024/10/15/typhoon', status: 200 };
const KINDS: Kind[] = ['human', 'preview', 'bot'];

describe('shouldSkip', () => {
  it('keeps a page fetched with GET and answered 200, 203 or 304, whoever asked', () => {
    for (const kind of KINDS) {
      for (const status of [200, 203, 304]) expect(shouldSkip({ ...page, status }, kind)).toBeUndefined();
    }
  });

  it('skips every method but GET — HEAD included, from preview fetchers too', () => {
    for (const method of ['HEAD', 'POST', 'OPTIONS', 'PUT', 'PROPFIND', 'get']) {
      expect(shouldSkip({ ...page, method }, 'human'), method).toBe('method');
      expect(shouldSkip({ ...page, method }, 'preview'), method).toBe('method');
    }
  });

  it('skips redirects, errors, 204 and partial content from people', () => {
    for (const status of [101, 204, 206, 301, 302, 307, 308, 400, 404, 410, 499, 500, 503]) {
      expect(shouldSkip({ ...page, status }, 'human'), String(status)).toBe('status');
    }
  });

  it("keeps 206 from preview fetchers: Meta's crawler asks for a byte range of the page", () => {
    expect(shouldSkip({ ...page, status: 206 }, 'preview')).toBeUndefined();
    expect(shouldSkip({ ...page, status: 301 }, 'preview')).toBe('status');
    expect(shouldSkip({ ...page, status: 404 }, 'preview')).toBe('status');
  });

  it('skips static assets of people and bots, but not the images preview fetchers draw cards with', () => {
    const image = { ...page, target: '/images/2024/11/housing-plan-og.jpg' };
    expect(shouldSkip(image, 'human')).toBe('static');
    expect(shouldSkip(image, 'bot')).toBe('static');
    expect(shouldSkip(image, 'preview')).toBeUndefined();
  });

  it('skips well-known paths for every kind, previews included', () => {
    for (const target of [
      '/robots.txt',
      '/favicon.ico',
      '/.well-known/security.txt',
      '/apple-touch-icon-precomposed.png',
      '/sitemap.xml',
      '/sitemap_index.xml',
      '/sitemap-posts-2024.xml',
      '/ads.txt',
    ]) {
      for (const kind of KINDS)
        expect(shouldSkip({ ...page, target }, kind), `${target} ${kind}`).toBe('static');
    }
  });

  it('keeps documents people share: pages with or without an extension, PDFs, feeds', () => {
    for (const target of [
      '/',
      '/about',
      '/index.html',
      '/story.php?id=4',
      '/reports/annual-2024.pdf',
      '/feed.xml',
      '/v1.2/',
    ]) {
      expect(shouldSkip({ ...page, target }, 'human'), target).toBeUndefined();
    }
  });
});

describe('static assets', () => {
  it('reads the extension of the path, not of the query or a directory', () => {
    expect(extensionOf('/assets/app.3f2a9c.js?v=2')).toBe('js');
    expect(extensionOf('/A/B.CSS#x')).toBe('css');
    expect(extensionOf('/v1.2/page')).toBe('');
    expect(extensionOf('/page?file=x.png')).toBe('');
    expect(extensionOf('https://example.org/img/a.webp')).toBe('webp');
  });

  it('knows styles, scripts, images, fonts and media', () => {
    for (const ext of [
      'css',
      'js',
      'mjs',
      'map',
      'png',
      'jpg',
      'jpeg',
      'gif',
      'webp',
      'avif',
      'svg',
      'ico',
      'woff',
      'woff2',
      'ttf',
      'eot',
      'otf',
      'mp4',
      'webm',
      'mp3',
    ]) {
      expect(isStaticAsset(`/x/file.${ext}`), ext).toBe(true);
    }
    expect(isStaticAsset('/x/file.pdf')).toBe(false);
    expect(isStaticAsset('/x/file.html')).toBe(false);
  });

  it('finds well-known paths in absolute-form targets too', () => {
    expect(isWellKnownPath('http://example.org/robots.txt')).toBe(true);
    expect(isWellKnownPath('/blog/robots.txt')).toBe(false);
  });
});
