import type { VariantPreview } from '../store/preview-store.js';
import type { Link } from '../store/store.js';
import { isShareChannel, shareUrlFor } from './share-urls.js';

export interface VariantView {
  id: string;
  channel: string;
  slug: string;
  shortUrl: string;
  /** Opens the app's composer with the message filled in; null where the app has none (copy it). */
  shareUrl: string | null;
  /**
   * The card this variant's short link shows chat apps (its preview page's tags): the editor's
   * custom preview where set, field by field, else the kit's.
   */
  preview: PreviewFields;
  /** What the editor set for this variant only (null fields follow the kit); null when nothing. */
  customPreview: PreviewFields | null;
}

export interface PreviewFields {
  title: string | null;
  description: string | null;
  image: string | null;
}

/** A link as the API and CLI show it: a plain link, or a share kit with one variant per channel. */
export interface LinkView extends Omit<Link, 'parentId' | 'channel'> {
  shortUrl: string;
  variants: VariantView[];
}

export function shortUrlOf(baseUrl: string, slug: string): string {
  return `${baseUrl}/${encodeURIComponent(slug)}`;
}

/** A variant's row carries its effective preview (src/links/variant-previews.ts). */
function variantView(baseUrl: string, variant: Link, custom: VariantPreview | undefined): VariantView {
  const channel = variant.channel ?? 'copy';
  const shortUrl = shortUrlOf(baseUrl, variant.slug);
  return {
    id: variant.id,
    channel,
    slug: variant.slug,
    shortUrl,
    shareUrl: isShareChannel(channel)
      ? shareUrlFor(channel, { url: shortUrl, title: variant.title ?? undefined })
      : null,
    preview: { title: variant.title, description: variant.description, image: variant.image },
    customPreview: custom
      ? { title: custom.title, description: custom.description, image: custom.image }
      : null,
  };
}

export function linkView(
  baseUrl: string,
  link: Link,
  variants: readonly Link[],
  customPreviews: readonly VariantPreview[] = [],
): LinkView {
  const customOf = new Map(customPreviews.map((custom) => [custom.linkId, custom]));
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
    variants: variants.map((variant) => variantView(baseUrl, variant, customOf.get(variant.id))),
  };
}
