import { type CardFields, imageUsable, type PreviewCard } from './build-card.js';
import type { AppPage } from './fetch-as-app.js';
import { linkHref, metaValue, type PageMeta } from './page-meta.js';
import { pickField } from './pick-field.js';
import type { PreviewApp, PreviewAppId } from './preview-apps.js';
import type { PreviewWarning, Severity } from './preview-report.js';
import type { ImageProbe } from './probe-image.js';

export type { PreviewWarning, Severity } from './preview-report.js';

import { type WarningCode, type WarningParams, warningText } from './warning-text.js';

/** A preview's fields, as a share kit or one of its links sets them. */
export interface PreviewFields {
  title?: string | undefined;
  description?: string | undefined;
  image?: string | undefined;
}

/**
 * A share kit's own preview, to compare the page's tags with; `apps` holds the preview of the
 * kit's link for an app's channel where it has its own (a shorter title for WhatsApp), field by
 * field over the kit's.
 */
export interface KitPreview extends PreviewFields {
  apps?: Partial<Record<PreviewAppId, PreviewFields>> | undefined;
}

export interface WarningContext {
  app: PreviewApp;
  page: AppPage;
  fields: CardFields | undefined;
  probe: ImageProbe | undefined;
  card: PreviewCard;
  /** The status a browser got for the same URL, when the app's fetcher got an error status. */
  browserStatus: number | undefined;
  /** robots.txt lets the app's token fetch the page (undefined: not checked). */
  robotsAllowed: boolean | undefined;
  /** The same page read further by another app, to tell "missing" from "too far down". */
  fullerMeta: PageMeta | undefined;
  kit: KitPreview | undefined;
}

/** A first byte slower than this is flagged; several fetchers give up after a few seconds. */
export const SLOW_FIRST_BYTE_MS = 1_000;

const ASPECT_TOLERANCE = 0.15;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Error messages end with a full stop; the warning's sentence adds its own. */
function withoutStop(text: string): string {
  return text.replace(/\.$/, '');
}

type Add = (code: WarningCode, severity: Severity, params?: WarningParams) => void;

function pageWarnings(context: WarningContext, add: Add): boolean {
  const { app, page } = context;
  const base = { app: app.name, agent: app.userAgent.value };
  if (page.error) {
    if (page.error.code === 'too_many_redirects')
      add('too_many_redirects', 'error', { ...base, limit: app.redirects.value });
    else add('page_unreachable', 'error', { ...base, reason: withoutStop(page.error.message) });
    return false;
  }
  if (context.robotsAllowed === false && app.robotsToken) {
    add('robots_blocked', 'error', { ...base, token: app.robotsToken.value });
  }
  if (page.status !== 200) {
    const status = page.status ?? 0;
    const browserOk =
      context.browserStatus !== undefined && context.browserStatus >= 200 && context.browserStatus < 300;
    add(browserOk ? 'fetcher_blocked' : 'page_status', 'error', { ...base, status });
    return false;
  }
  if (!page.meta) {
    add('not_html', 'error', { ...base, type: page.contentType ?? '?' });
    return false;
  }
  if (app.httpsOnly && !page.url.startsWith('https:')) add('https_required', 'error', base);
  if (page.firstByteMs !== undefined && page.firstByteMs > SLOW_FIRST_BYTE_MS) {
    add('slow_first_byte', 'warning', { ...base, ms: Math.round(page.firstByteMs) });
  }
  return true;
}

function hasPreviewTags(meta: PageMeta): boolean {
  return metaValue(meta, ['og:title', 'og:image', 'twitter:title', 'twitter:image']) !== undefined;
}

function tagWarnings(context: WarningContext, add: Add): void {
  const { app, page, fields, fullerMeta } = context;
  const meta = page.meta;
  if (!meta || !fields) return;
  const base = { app: app.name };
  if (page.redirects.length > 0 && !hasPreviewTags(meta)) {
    add('redirect_drops_tags', 'warning', { ...base, count: page.redirects.length, url: page.url });
  }
  if (meta.refresh && !hasPreviewTags(meta)) add('meta_refresh', 'warning', base);
  const beyond = new Set<string>();
  for (const [field, sources] of [
    ['title', app.title],
    ['image', app.image],
  ] as const) {
    if (fields[field] || !page.truncated || !fullerMeta) continue;
    const later = pickField(fullerMeta, page.oembed, sources);
    if (!later) continue;
    beyond.add(field);
    add('tags_beyond_limit', 'warning', {
      ...base,
      limit: formatBytes(app.htmlBytes.value),
      tag: later.source,
    });
  }
  // Tags past the app's byte limit are reported once, as such, not again as missing.
  const seenMeta = beyond.size > 0 && fullerMeta ? fullerMeta : meta;
  if (!fields.title && !beyond.has('title')) add('no_title', app.id === 'signal' ? 'error' : 'warning', base);
  if (!fields.image && !beyond.has('image') && app.image.length > 0) add('no_image', 'warning', base);
  if (app.siteName.includes('og:site_name') && !metaValue(seenMeta, ['og:site_name']))
    add('no_site_name', 'info', base);
  if (app.large.value.when === 'summary_large_image' && !metaValue(seenMeta, ['twitter:card'])) {
    add('no_twitter_card', app.id === 'x' ? 'warning' : 'info', base);
  }
}

/** Starts only at a run's first slash, so it stays linear (`/\/+$/` is O(n²), scripts/check-redos.mjs). */
const TRAILING_SLASHES = /(?<!\/)\/+$/;

function sameDocument(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    const path = (url: URL) => url.pathname.replace(TRAILING_SLASHES, '') || '/';
    return left.host === right.host && path(left) === path(right);
  } catch {
    return false;
  }
}

function urlWarnings(context: WarningContext, add: Add): void {
  const { app, page } = context;
  if (!page.meta) return;
  const declared: [string, string | undefined][] = [
    ['og:url', metaValue(page.meta, ['og:url'])],
    ['canonical', linkHref(page.meta, 'canonical')],
  ];
  for (const [tag, raw] of declared) {
    if (!raw) continue;
    let target: string;
    try {
      target = new URL(raw, page.url).href;
    } catch {
      continue;
    }
    if (!sameDocument(target, page.url)) add('url_mismatch', 'warning', { app: app.name, tag, target });
  }
}

function imageWarnings(context: WarningContext, add: Add): void {
  const { app, page, fields, probe } = context;
  const image = fields?.image;
  if (!image || !probe) return;
  const base = { app: app.name, url: image.value };
  if (page.url.startsWith('https:') && image.value.startsWith('http:'))
    add('image_insecure', 'warning', base);
  if (probe.error || probe.status !== 200) {
    const reason =
      probe.error?.code === 'host_not_public'
        ? `it leads to a non-public address (${withoutStop(probe.error.message)})`
        : withoutStop(probe.error?.message ?? `HTTP ${probe.status}`);
    add('image_unreachable', 'warning', { ...base, reason });
    return;
  }
  const type = probe.contentType ?? '?';
  if (!type.startsWith('image/') || (app.imageTypes && !app.imageTypes.value.includes(type))) {
    add('image_wrong_type', 'warning', { ...base, type });
    return;
  }
  if (probe.overLimit) {
    const size =
      probe.bytes === undefined ? `> ${formatBytes(app.imageMaxBytes.value)}` : formatBytes(probe.bytes);
    add('image_too_heavy', 'warning', { ...base, size, limit: formatBytes(app.imageMaxBytes.value) });
    return;
  }
  sizeWarnings(context, add);
}

function sizeWarnings(context: WarningContext, add: Add): void {
  const { app, probe, card, fields } = context;
  if (!probe || probe.width === undefined || probe.height === undefined) return;
  const dimensions = { app: app.name, width: probe.width, height: probe.height };
  const min = app.minImage.value;
  if (!imageUsable(app, probe)) {
    add('image_below_minimum', 'warning', { ...dimensions, minWidth: min.width, minHeight: min.height });
    return;
  }
  const large = app.large.value;
  const wantsLarge = large.when === 'size' || fields?.twitterCard === 'summary_large_image';
  if (wantsLarge && card.layout === 'small') {
    add('image_too_small', 'warning', {
      ...dimensions,
      minWidth: large.minWidth,
      minHeight: large.minHeight,
    });
  }
  const ratio = probe.width / probe.height;
  if (card.layout === 'large' && Math.abs(ratio - large.ratio) / large.ratio > ASPECT_TOLERANCE) {
    add('image_aspect', 'info', { app: app.name, ratio: ratio.toFixed(2), expected: large.ratio });
  }
}

function lengthWarnings(context: WarningContext, add: Add): void {
  const { app, fields, card } = context;
  if (card.titleCut && fields?.title) {
    add('title_cut', 'info', {
      app: app.name,
      limit: app.titleMax.value,
      length: Array.from(fields.title.value).length,
    });
  }
  if (card.descriptionCut && fields?.description) {
    const length = Array.from(fields.description.value).length;
    add('description_cut', 'info', { app: app.name, limit: app.descriptionMax.value, length });
  }
}

function kitWarnings(context: WarningContext, add: Add): void {
  const { app, fields } = context;
  if (!context.kit || !fields) return;
  const kit = { ...context.kit, ...context.kit.apps?.[app.id] };
  const pairs: [string, string | undefined, string | undefined][] = [
    ['title', kit.title, fields.title?.value],
    ['description', kit.description, fields.description?.value],
    ['image', kit.image, fields.image?.value],
  ];
  for (const [field, kitValue, pageValue] of pairs) {
    if (kitValue === undefined || kitValue.trim() === (pageValue ?? '').trim()) continue;
    if (field === 'description' && app.descriptionMax.value === 0) continue;
    add('kit_mismatch', 'warning', { app: app.name, field, kit: kitValue, page: pageValue ?? '—' });
  }
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Everything that keeps this app's card from looking right, worst first, each with its fix. */
export function appWarnings(context: WarningContext): PreviewWarning[] {
  const warnings: PreviewWarning[] = [];
  const add: Add = (code, severity, params = {}) =>
    warnings.push({ code, severity, params, ...warningText(code, params) });
  if (pageWarnings(context, add)) {
    tagWarnings(context, add);
    urlWarnings(context, add);
    imageWarnings(context, add);
    lengthWarnings(context, add);
    kitWarnings(context, add);
  }
  return warnings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
