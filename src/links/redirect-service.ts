import { classify } from '../classify/index.js';
import type { Classification } from '../classify/taxonomy.js';
import type { EventSink } from '../events/event-sink.js';
import { modePolicy } from '../privacy/modes.js';
import { targetLanguage } from '../sites/site-language.js';
import type { SitePrivacy } from '../sites/site-privacy-cache.js';
import type { EventType } from '../store/store.js';
import { applyUtm } from './apply-utm.js';
import { BoundedMemo } from './bounded-memo.js';
import { type CachedLink, unpackCard } from './cached-link.js';
import type { LinkCache } from './link-cache.js';
import { renderPreviewPage } from './preview-page.js';

export interface RedirectRequest {
  slug: string;
  method: string;
  /** The short URL as requested (absolute), for the classifier. */
  url: string;
  referrer: string | undefined;
  userAgent: string | undefined;
  /** `?qr` on the short URL: the visit came from a printed code (issue #3). */
  viaQr: boolean;
  /** The browser sends `DNT: 1` or `Sec-GPC: 1` (src/privacy/dnt.ts). */
  doNotTrack?: boolean;
}

export type RedirectOutcome =
  | { type: 'redirect'; location: string; status: number }
  | { type: 'preview'; html: string }
  | { type: 'gone' }
  | { type: 'not-found' };

export interface RedirectServiceOptions {
  redirectStatus: number;
  now?: () => number;
  /**
   * A link's site's mode and DNT setting, from memory (src/sites/site-privacy-cache.ts); anonymous and
   * DNT not honoured when not given (tests).
   */
  privacyOf?: (siteId: string) => SitePrivacy;
}

/** Without `privacyOf` (tests): the default mode, no DNT. */
const OPEN: SitePrivacy = Object.freeze({ privacyMode: 'anonymous', respectDnt: false });

/** Links opened by QR code whose Location is kept (a few hundred bytes each). */
const QR_LOCATIONS = 10_000;
/**
 * Preview pages kept: 10,000 pages of 1–2 KB, at most 20 MB. bench/redirect previews 5 % of
 * 100,000 links in a loop, every one kept.
 */
const PREVIEW_PAGES = 10_000;

/**
 * Strict mode (DESIGN.md §4, the CNIL self-assessment reading): campaign parameters on the short
 * URL itself (`?utm_source=…`) must not decide a click's stored source either, as they do not for
 * tracker events; the classifier then sees the short URL without its query.
 */
function classifiedUrl(privacy: SitePrivacy, url: string): string {
  return modePolicy(privacy.privacyMode).keepCampaign ? url : (url.split('?', 1)[0] ?? url);
}

/**
 * Expired, disabled, or over its click limit: the link answers 410 to everyone. The count is
 * looked up only for a limited link (a lookup in a map of every clicked link showed in profiles).
 */
function isInactive(link: CachedLink, cache: LinkCache, now: number): boolean {
  if (link.disabled) return true;
  if (link.expiresAtMs !== null && link.expiresAtMs <= now) return true;
  return link.maxClicks !== null && cache.clickCount(link.id) >= link.maxClicks;
}

/**
 * `applyUtm` returns a new string even when it adds nothing (a main link without a campaign, most
 * links): the link's own URL is kept instead of an equal copy (about 56 bytes a link).
 */
function sharedLocation(link: CachedLink, channel: string | null): string {
  const location = applyUtm(link.url, link.utm, channel);
  return location === link.url ? link.url : location;
}

function previewTexts(link: CachedLink): { title: string; description: string | null; image: string | null } {
  const { title, description, image } = unpackCard(link.card);
  return { title: title ?? '', description, image };
}

function eventTypeOf(result: Classification): EventType {
  if (result.kind === 'preview') return 'preview';
  return result.kind === 'bot' ? 'bot' : 'click';
}

/**
 * What a short link does with one request. People are redirected and counted as clicks; a chat
 * app fetching the link to draw its preview gets an Open Graph page and is recorded as a share
 * in that app, never as a click; other bots are redirected and counted apart. HEAD never counts.
 * Reads only the in-memory cache and hands events to the sink: nothing here waits on the store
 * unless the slug is unknown to this process.
 */
export class RedirectService {
  /**
   * Locations of links opened through their QR code (`?qr`), the one channel besides a link's own
   * (memoised on the link itself): applying the UTM template is not free. Bounded, most recent
   * last, so that it holds the hot links only (issue 12's memory target).
   */
  private readonly qrLocations = new BoundedMemo<CachedLink, string>(QR_LOCATIONS);
  /**
   * Preview pages of the links previewed last, for their short URL: previews are a few percent of
   * requests but rendering one took 3 % of a loaded server's time (bench/redirect profile, issue 12).
   * Bounded: a page is 1–2 KB, and every link's page kept would be 100–200 MB at 100,000 links.
   */
  private readonly previews = new BoundedMemo<
    CachedLink,
    { canonicalUrl: string; lang: string; html: string }
  >(PREVIEW_PAGES);

  constructor(
    private readonly cache: LinkCache,
    private readonly sink: EventSink,
    private readonly options: RedirectServiceOptions,
  ) {}

  async resolve(request: RedirectRequest): Promise<RedirectOutcome> {
    const link = this.cache.get(request.slug) ?? (await this.cache.find(request.slug));
    return link ? this.resolveLink(link, request) : { type: 'not-found' };
  }

  /**
   * The answer for a slug this process has in memory, without a promise (the hot route,
   * src/http/hot-redirect.ts); undefined when the slug needs the store (`resolve`).
   */
  resolveCached(request: RedirectRequest): RedirectOutcome | undefined {
    const link = this.cache.get(request.slug);
    return link ? this.resolveLink(link, request) : undefined;
  }

  private resolveLink(link: CachedLink, request: RedirectRequest): RedirectOutcome {
    const now = this.options.now?.() ?? Date.now();
    if (isInactive(link, this.cache, now)) return { type: 'gone' };
    const channel = request.viaQr ? 'qr' : (link.channel ?? undefined);
    const privacy = this.options.privacyOf?.(link.siteId) ?? OPEN;
    const result = classify({
      url: classifiedUrl(privacy, request.url),
      referrer: request.referrer,
      userAgent: request.userAgent,
      trackedChannel: channel,
    });
    // A browser sending DNT or GPC, on a site that honours them (DESIGN.md §4), is redirected like
    // anyone, but its click is not recorded, as the tracker sends nothing for it.
    const declined = request.doNotTrack === true && privacy.respectDnt;
    if (request.method !== 'HEAD' && !declined) this.record(link, result, now);
    if (result.kind === 'preview') {
      return { type: 'preview', html: this.previewPage(link, request.url, privacy.lang) };
    }
    return {
      type: 'redirect',
      location: this.locationOf(link, channel ?? null),
      status: this.options.redirectStatus,
    };
  }

  /**
   * Memoised on the link object itself, or keyed by it (`?qr`): the cache replaces it on every
   * change, so no stale Location survives.
   */
  private locationOf(link: CachedLink, channel: string | null): string {
    if (channel === link.channel) {
      link.location ??= sharedLocation(link, channel);
      return link.location;
    }
    let location = this.qrLocations.get(link);
    if (location === undefined) {
      location = sharedLocation(link, channel);
      this.qrLocations.set(link, location);
    }
    return location;
  }

  private record(link: CachedLink, result: Classification, now: number): void {
    const type = eventTypeOf(result);
    // Only a limited link's count is ever read (isInactive).
    if (type === 'click' && link.maxClicks !== null) this.cache.countClick(link.id);
    this.sink.push({ siteId: link.siteId, linkId: link.id, type, ...result, occurredAt: now });
  }

  /** Keyed by the link object, like locations: a changed link is a new object, a new page. */
  private previewPage(link: CachedLink, shortUrl: string, siteLang: string | undefined): string {
    const canonicalUrl = shortUrl.split('?', 1)[0] ?? shortUrl;
    // The page's language (issue 16: always "en"): the target's, else the site's.
    const lang = targetLanguage(link.url) ?? siteLang ?? 'en';
    const known = this.previews.get(link);
    if (known?.canonicalUrl === canonicalUrl && known.lang === lang) return known.html;
    const html = renderPreviewPage({
      targetUrl: this.locationOf(link, link.channel),
      canonicalUrl,
      ...previewTexts(link),
      lang,
    });
    this.previews.set(link, { canonicalUrl, lang, html });
    return html;
  }
}
