import type { AppPage } from './fetch-as-app.js';
import { metaValue } from './page-meta.js';
import { type Picked, pickField } from './pick-field.js';
import type { PreviewApp } from './preview-apps.js';
import type { CardImage, PreviewCard } from './preview-report.js';
import type { ImageProbe } from './probe-image.js';

export type { CardImage, PreviewCard } from './preview-report.js';

/** The fields the app takes from the page, before any cutting. */
export interface CardFields {
  title: Picked | undefined;
  description: Picked | undefined;
  /** Absolute URL of the image the app would load. */
  image: Picked | undefined;
  siteName: Picked | undefined;
  twitterCard: string | undefined;
  themeColor: string | undefined;
}

function absolute(picked: Picked | undefined, base: string): Picked | undefined {
  if (!picked) return undefined;
  try {
    return { ...picked, value: new URL(picked.value, base).href };
  } catch {
    return undefined;
  }
}

export function pickFields(app: PreviewApp, page: AppPage): CardFields | undefined {
  const meta = page.meta;
  if (!meta) return undefined;
  return {
    title: pickField(meta, page.oembed, app.title),
    description: pickField(meta, page.oembed, app.description),
    image: absolute(pickField(meta, page.oembed, app.image, app.imagePick), page.url),
    siteName: pickField(meta, page.oembed, app.siteName),
    twitterCard: metaValue(meta, ['twitter:card']),
    themeColor: app.themeColor ? metaValue(meta, ['theme-color']) : undefined,
  };
}

/** Cuts at `max` characters (code points, so an emoji is never split) with an ellipsis. */
export function cutText(text: string | undefined, max: number): { text: string | undefined; cut: boolean } {
  if (text === undefined || max === 0) return { text: undefined, cut: false };
  const chars = Array.from(text);
  if (chars.length <= max) return { text, cut: false };
  return {
    text: `${chars
      .slice(0, max - 1)
      .join('')
      .trimEnd()}…`,
    cut: true,
  };
}

/** Whether the app draws this image at all: reachable, of a type it takes, within its limits. */
export function imageUsable(app: PreviewApp, probe: ImageProbe | undefined): boolean {
  if (!probe || probe.error || probe.status !== 200 || probe.overLimit) return false;
  const type = probe.contentType ?? '';
  if (!type.startsWith('image/')) return false;
  if (app.imageTypes && !app.imageTypes.value.includes(type)) return false;
  const min = app.minImage.value;
  return (
    probe.width === undefined ||
    probe.height === undefined ||
    (probe.width >= min.width && probe.height >= min.height)
  );
}

function fitsLarge(app: PreviewApp, fields: CardFields, probe: ImageProbe): boolean {
  const large = app.large.value;
  if (large.when === 'summary_large_image' && fields.twitterCard !== 'summary_large_image') return false;
  return (probe.width ?? 0) >= large.minWidth && (probe.height ?? 0) >= large.minHeight;
}

function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Whether the app draws a card for this page at all (Signal bails without a title). */
export function drawsCard(
  app: PreviewApp,
  page: AppPage,
  fields: CardFields | undefined,
): fields is CardFields {
  if (!fields || page.status !== 200) return false;
  if (app.httpsOnly && !page.url.startsWith('https:')) return false;
  return !(app.id === 'signal' && !fields.title);
}

export function buildCard(
  app: PreviewApp,
  page: AppPage,
  fields: CardFields | undefined,
  probe: ImageProbe | undefined,
): PreviewCard {
  const domain = domainOf(page.url);
  if (!drawsCard(app, page, fields)) {
    const none = { title: undefined, titleCut: false, description: undefined, descriptionCut: false };
    return { layout: 'none', ...none, siteName: undefined, domain, image: undefined, themeColor: undefined };
  }
  const title = cutText(fields.title?.value, app.titleMax.value);
  const description = cutText(fields.description?.value, app.descriptionMax.value);
  const usable = fields.image && probe && imageUsable(app, probe);
  const image: CardImage | undefined =
    usable && fields.image && probe
      ? {
          url: fields.image.value,
          source: fields.image.source,
          width: probe.width,
          height: probe.height,
          bytes: probe.bytes,
          contentType: probe.contentType,
        }
      : undefined;
  const layout = image && probe ? (fitsLarge(app, fields, probe) ? 'large' : 'small') : 'text';
  return {
    layout,
    title: title.text,
    titleCut: title.cut,
    description: description.text,
    descriptionCut: description.cut,
    siteName: fields.siteName?.value,
    domain,
    image,
    themeColor: fields.themeColor,
  };
}
