import { OutboundError, type OutboundErrorCode, type RedirectHop } from '../net/outbound-error.js';
import { imageDimensions } from './image-dimensions.js';
import type { PreviewApp } from './preview-apps.js';
import type { PreviewFetcher } from './preview-fetcher.js';

export interface ImageProbe {
  url: string;
  status: number | undefined;
  contentType: string | undefined;
  /** The size in bytes when known (Content-Length, or all of it was read). */
  bytes: number | undefined;
  /** Heavier than this app takes. */
  overLimit: boolean;
  width: number | undefined;
  height: number | undefined;
  redirects: readonly RedirectHop[];
  error: { code: OutboundErrorCode; message: string } | undefined;
  /** The whole image when it was read whole and is small enough to show inline (INLINE_IMAGE_MAX_BYTES). */
  data: Buffer | undefined;
}

/** Images up to this size can be shown in the dashboard as `data:` URLs (its CSP allows no others). */
export const INLINE_IMAGE_MAX_BYTES = 256 * 1024;

/**
 * Downloads an image as `app` would: its user agent, and no more than one byte past its size
 * limit (enough to know it is over, never the whole of a huge file). The dimensions come from
 * the image header.
 */
export async function probeImage(app: PreviewApp, url: string, fetch: PreviewFetcher): Promise<ImageProbe> {
  const limit = app.imageMaxBytes.value;
  const base = { url, status: undefined, contentType: undefined, bytes: undefined, overLimit: false };
  try {
    const image = await fetch(url, {
      headers: { 'user-agent': app.userAgent.value, accept: 'image/*' },
      maxRedirects: app.redirects.value,
      maxBytes: limit + 1,
      oversize: 'truncate',
      firstByteTimeoutMs: app.timeoutMs.value,
      totalTimeoutMs: app.timeoutMs.value,
    });
    const declared = Number(image.headers['content-length']);
    const bytes =
      Number.isFinite(declared) && declared > 0 ? declared : image.truncated ? undefined : image.body.length;
    const dimensions = imageDimensions(image.body);
    return {
      ...base,
      url: image.url,
      status: image.status,
      contentType: image.headers['content-type']?.split(';')[0]?.trim().toLowerCase(),
      bytes,
      overLimit: image.truncated || (bytes ?? 0) > limit,
      width: dimensions?.width,
      height: dimensions?.height,
      redirects: image.redirects,
      error: undefined,
      data: !image.truncated && image.body.length <= INLINE_IMAGE_MAX_BYTES ? image.body : undefined,
    };
  } catch (error) {
    const known = error instanceof OutboundError;
    return {
      ...base,
      width: undefined,
      height: undefined,
      redirects: known ? error.redirects : [],
      error: known
        ? { code: error.code, message: error.message }
        : { code: 'connect_failed', message: String(error) },
      data: undefined,
    };
  }
}
