import type { VariantPreview } from '../store/preview-store.js';
import type { Link, LinkPatch } from '../store/store.js';
import { validateImage, validateText } from './link-fields.js';
import type { PreviewFields } from './link-view.js';

/*
 * A custom preview per channel (issue 15): an editor may give one variant of a kit its own title,
 * description or image, e.g. a shorter title for WhatsApp, whose card shows about 65 characters
 * (docs/previews.md). What the editor set is kept in `variant_previews`; the variant's own links
 * row carries the effective values, so its short link's preview page (redirect-service.ts) shows
 * them with nothing more to look up on the hot path.
 */

/** A change of a variant's custom preview: a string sets a field, null makes it follow the kit. */
export interface VariantPreviewInput {
  title?: string | null | undefined;
  description?: string | null | undefined;
  image?: string | null | undefined;
}

const FIELDS = ['title', 'description', 'image'] as const;

/** The kit's values where the variant has none of its own. */
export function effectivePreview(kit: Link, custom: PreviewFields | undefined): PreviewFields {
  return {
    title: custom?.title ?? kit.title,
    description: custom?.description ?? kit.description,
    image: custom?.image ?? kit.image,
  };
}

/** A kit-wide change, minus the preview fields this variant sets itself. */
export function patchForVariant(patch: LinkPatch, custom: VariantPreview | undefined): LinkPatch {
  if (!custom) return patch;
  const own: LinkPatch = { ...patch };
  for (const field of FIELDS) if (custom[field] !== null) delete own[field];
  return own;
}

/** The variant's custom preview after `input`, checked as the kit's own fields are (link-fields.ts). */
export function nextCustomPreview(
  current: VariantPreview | undefined,
  input: VariantPreviewInput,
  allowPrivateHosts: boolean,
): PreviewFields {
  return {
    title: input.title === undefined ? (current?.title ?? null) : validateText(input.title, 'title', 300),
    description:
      input.description === undefined
        ? (current?.description ?? null)
        : validateText(input.description, 'description', 1_000),
    image:
      input.image === undefined ? (current?.image ?? null) : validateImage(input.image, allowPrivateHosts),
  };
}
