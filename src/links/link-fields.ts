import { LinkInputError } from './link-input-error.js';
import { isShareChannel, SHARE_CHANNELS } from './share-urls.js';
import { validateTarget } from './validate-target.js';

/** Checks for the optional fields of a link; each throws a LinkInputError naming its field. */

export function validateText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) {
    throw new LinkInputError(`${field}_too_long`, `The ${field} has at most ${max} characters.`, field);
  }
  return trimmed === '' ? null : trimmed;
}

/** A preview image is fetched by chat apps, never by us: any public http(s) URL will do. */
export function validateImage(value: string | null | undefined, allowPrivateHosts: boolean): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  try {
    return validateTarget(value.trim(), { allowPrivateHosts });
  } catch (error) {
    throw new LinkInputError('image_invalid', `The image: ${(error as Error).message}`, 'image');
  }
}

const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.:/-]{0,63}$/u;

export function validateTags(value: readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  if (value.length > 20) throw new LinkInputError('tags_invalid', 'A link has at most 20 tags.', 'tags');
  const tags = value.map((tag) => tag.trim());
  const bad = tags.find((tag) => !TAG.test(tag));
  if (bad !== undefined) {
    throw new LinkInputError(
      'tags_invalid',
      `"${bad}" is not a tag: use 1 to 64 letters, digits, spaces or _ . : / -, starting with a letter or digit.`,
      'tags',
    );
  }
  return [...new Set(tags)];
}

export function validateExpiry(value: string | null | undefined, now = Date.now()): string | null {
  if (value === undefined || value === null) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new LinkInputError(
      'expires_invalid',
      `"${value}" is not a date-time such as 2027-01-31T23:59:00Z.`,
      'expiresAt',
    );
  }
  if (time <= now)
    throw new LinkInputError('expires_in_past', 'The expiry date is already past.', 'expiresAt');
  return new Date(time).toISOString();
}

export function validateMaxClicks(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new LinkInputError(
      'max_clicks_invalid',
      'The click limit is a whole number of at least 1.',
      'maxClicks',
    );
  }
  return value;
}

export function validateChannels(value: readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const channels = [...new Set(value.map((channel) => channel.trim().toLowerCase()))];
  const unknown = channels.find((channel) => !isShareChannel(channel));
  if (unknown !== undefined) {
    throw new LinkInputError(
      'channel_unknown',
      `"${unknown}" is not a channel. Use any of: ${SHARE_CHANNELS.join(', ')}.`,
      'channels',
    );
  }
  return channels;
}
