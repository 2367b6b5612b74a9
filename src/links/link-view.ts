import type { Link } from '../store/store.js';
import { isShareChannel, shareUrlFor } from './share-urls.js';

export interface VariantView {
  id: string;
  channel: string;
  slug: string;
  shortUrl: string;
  /** Opens the app's composer with the message filled in; null where the app has none (copy it). */
  shareUrl: string | null;
}

/** A link as the API and CLI show it: a plain link, or a share kit with one variant per channel. */
export interface LinkView extends Omit<Link, 'parentId' | 'channel'> {
  shortUrl: string;
  variants: VariantView[];
}

export function shortUrlOf(baseUrl: string, slug: string): string {
  return `${baseUrl}/${encodeURIComponent(slug)}`;
}

function variantView(baseUrl: string, variant: Link, title: string | null): VariantView {
  const channel = variant.channel ?? 'copy';
  const shortUrl = shortUrlOf(baseUrl, variant.slug);
  return {
    id: variant.id,
    channel,
    slug: variant.slug,
    shortUrl,
    shareUrl: isShareChannel(channel)
      ? shareUrlFor(channel, { url: shortUrl, title: title ?? undefined })
      : null,
  };
}

export function linkView(baseUrl: string, link: Link, variants: readonly Link[]): LinkView {
  return {
    id: link.id,
    siteId: link.siteId,
    slug: link.slug,
    shortUrl: shortUrlOf(baseUrl, link.slug),
    url: link.url,
    title: link.title,
    description: link.description,
    image: link.image,
    utm: link.utm,
    tags: link.tags,
    expiresAt: link.expiresAt,
    maxClicks: link.maxClicks,
    disabled: link.disabled,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
    variants: variants.map((variant) => variantView(baseUrl, variant, link.title)),
  };
}
