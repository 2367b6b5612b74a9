import type { Kind } from '../classify/index.js';
import type { ParsedRequest } from './parsed-request.js';

/**
 * Which logged requests are not page views and must not be counted, and why. An access log
 * holds every request; analytics counts the documents people (and preview fetchers) asked for.
 * Classify first: whether a request is skipped depends on who sent it (see `shouldSkip`).
 */
export type SkipReason = 'static' | 'method' | 'status';

export type SkipFacts = Pick<ParsedRequest, 'method' | 'target' | 'status'>;

/**
 * Sub-resources a page loads, never shared on their own: styles, scripts and source maps,
 * images, fonts, audio/video and streaming segments, data fetched by scripts. Documents people
 * do share and open — pdf, and html/php/no extension — are kept.
 */
const STATIC_EXTENSIONS = new Set([
  'css',
  'js',
  'mjs',
  'cjs',
  'map',
  'json',
  'webmanifest',
  'wasm',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'svg',
  'ico',
  'bmp',
  'woff',
  'woff2',
  'ttf',
  'eot',
  'otf',
  'mp4',
  'webm',
  'mp3',
  'm4a',
  'ogg',
  'wav',
  'm3u8',
  'ts',
]);

/**
 * Paths browsers, crawlers and preview fetchers request by convention, not because anyone
 * followed a link: icons, robots.txt (Twitterbot and Slackbot read it before their preview
 * fetch), RFC 8615 well-known URIs, sitemaps, ads.txt (IAB).
 */
const WELL_KNOWN =
  /^\/(?:favicon\.ico|robots\.txt|\.well-known\/|apple-touch-icon|sitemap[^/]*\.xml|ads\.txt|app-ads\.txt|browserconfig\.xml|crossdomain\.xml)/i;

/** Where the path of a target ends (before its query or fragment). */
function pathEnd(target: string): number {
  const question = target.indexOf('?');
  const hash = target.indexOf('#');
  if (question < 0) return hash < 0 ? target.length : hash;
  return hash < 0 ? question : Math.min(question, hash);
}

/** The path of an origin-form or absolute-form target (`http://host/path` from proxies). */
function pathOf(target: string): string {
  if (target.charCodeAt(0) === 47) return target;
  const scheme = target.indexOf('://');
  const slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
  return slash < 0 ? '/' : target.slice(slash);
}

/** The lowercased extension of the last path segment, or ''. */
export function extensionOf(target: string): string {
  const end = pathEnd(target);
  const dot = target.lastIndexOf('.', end - 1);
  if (dot < 0 || target.lastIndexOf('/', end - 1) > dot) return '';
  return target.slice(dot + 1, end).toLowerCase();
}

export function isStaticAsset(target: string): boolean {
  return STATIC_EXTENSIONS.has(extensionOf(target));
}

export function isWellKnownPath(target: string): boolean {
  return WELL_KNOWN.test(pathOf(target));
}

/**
 * Only GET fetches a document. HEAD is skipped too, for everyone: browsers never navigate with
 * it, it is what uptime monitors and link checkers send, and a preview fetcher that sends HEAD
 * does so to check the content type before its GET, which is the share signal.
 */
function skipsMethod(method: string): boolean {
  return method !== 'GET';
}

/**
 * Kept: 200, 203 (a proxy's copy) and 304 (a revalidated page is a view too). Skipped:
 * - 1xx, 204 (beacons and APIs: no document), other 2xx (WebDAV, results of POSTs);
 * - 206 from people: a range of a document (PDF viewers and media players fetch many) whose
 *   first full request is counted. Not from preview fetchers: Meta's crawler sends
 *   `Range: bytes=0-524288` (developers.facebook.com/docs/sharing/webmasters/crawler), so a
 *   static page answers its one preview fetch with 206;
 * - 3xx: the client's next request, to the redirect's target, is the one to count (a 301 to
 *   the canonical URL would count the visit twice), and it keeps the Referer (Fetch standard,
 *   "HTTP-redirect fetch");
 * - 4xx and 5xx: no page was seen (and 404s are mostly scanners).
 */
function skipsStatus(status: number, kind: Kind): boolean {
  if (status === 200 || status === 203 || status === 304) return false;
  return !(status === 206 && kind === 'preview');
}

/**
 * Whether to leave a classified request out of the counts. A preview fetcher's request for an
 * image is kept: apps fetch the page's `og:image` to draw the card (Slack-ImgProxy, WhatsApp,
 * Facebook), and a shared image URL has no other signal. (A page share thus often logs two
 * preview fetches, page then image, within seconds: whoever counts shares should fold them.)
 * Well-known paths are skipped for every kind, previews included (Twitterbot's robots.txt).
 */
export function shouldSkip(request: SkipFacts, kind: Kind): SkipReason | undefined {
  if (skipsMethod(request.method)) return 'method';
  if (skipsStatus(request.status, kind)) return 'status';
  if (isWellKnownPath(request.target)) return 'static';
  if (kind !== 'preview' && isStaticAsset(request.target)) return 'static';
  return undefined;
}
