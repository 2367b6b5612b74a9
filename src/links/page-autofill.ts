import { OutboundError } from '../net/outbound-error.js';
import { type OutboundOptions, outboundFetch } from '../net/outbound-fetch.js';
import { decodeHtml } from '../previews/decode-html.js';
import { type PageMeta, readPageMeta } from '../previews/page-meta.js';
import { pickField } from '../previews/pick-field.js';
import { OG_DESCRIPTION, OG_IMAGE, OG_TITLE, type TagSource } from '../previews/preview-apps.js';
import { LinkInputError } from './link-input-error.js';
import type { PreviewFields } from './link-view.js';

/** What a kit's page says of itself, for its title, description and image. */
export interface PagePreview extends PreviewFields {
  /** The page that answered, after redirects. */
  url: string;
}

export interface PageAutofillOptions {
  /** PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: tests and intranets. */
  allowLoopback: boolean;
  /** DNS, replaceable for tests (outbound-fetch.ts). */
  resolve?: OutboundOptions['resolve'];
}

/**
 * Penumbra's own name: the fetch is made for the editor, once, when a kit is made. It says
 * "link preview" so that sites (and Penumbra's own classifier, preview-agents.ts) count it as a
 * preview fetch, not as a visit.
 */
export const AUTOFILL_USER_AGENT = 'Mozilla/5.0 (compatible; Penumbra link preview; kit auto-fill)';

/**
 * The same bounds as the tightest chat apps (docs/previews.md): the tags are in the `<head>`, and
 * a kit's form waits on the answer. 512 KB of HTML, 5 redirects, 8 s in all.
 */
const LIMITS: OutboundOptions = {
  maxBytes: 512 * 1024,
  oversize: 'truncate',
  maxRedirects: 5,
  firstByteTimeoutMs: 5_000,
  totalTimeoutMs: 8_000,
};

/*
 * Each field from the tags apps prefer, in their usual order (OG_TITLE … in
 * src/previews/preview-apps.ts, then `link rel=image_src` for the image); the lab keeps each
 * app's own order.
 */
const IMAGE_SOURCES: readonly TagSource[] = [...OG_IMAGE, 'link:image_src'];

/** The first of `sources` the page fills (no oEmbed: autofill reads the page alone). */
const field = (meta: PageMeta, sources: readonly TagSource[]) => pickField(meta, {}, sources)?.value;

function absolute(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function failed(url: string, reason: string): LinkInputError {
  return new LinkInputError(
    'autofill_failed',
    `The page ${url} could not be read to fill the kit in (${reason}). Fill the title, description and image yourself, or try again.`,
    'url',
  );
}

/**
 * Fetches a kit's page through outboundFetch (http(s) only, DNS pinned, private addresses refused,
 * bounded) and reads its title, description and image. A page that cannot be read is a
 * LinkInputError `autofill_failed` naming why; a page without tags gives nulls.
 */
export async function readPagePreview(url: string, options: PageAutofillOptions): Promise<PagePreview> {
  let response: Awaited<ReturnType<typeof outboundFetch>>;
  try {
    response = await outboundFetch(url, {
      ...LIMITS,
      headers: { 'user-agent': AUTOFILL_USER_AGENT, accept: 'text/html,application/xhtml+xml' },
      allowLoopback: options.allowLoopback,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
  } catch (error) {
    throw failed(url, error instanceof OutboundError ? error.code : 'connection failed');
  }
  if (response.status !== 200) throw failed(url, `it answered ${response.status}`);
  const contentType = response.headers['content-type'];
  if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType ?? '')) {
    throw failed(url, `it is ${contentType ?? 'of no type'}, not an HTML page`);
  }
  const meta = readPageMeta(decodeHtml(response.body, contentType));
  return {
    url: response.url,
    title: field(meta, OG_TITLE) ?? null,
    description: field(meta, OG_DESCRIPTION) ?? null,
    image: absolute(field(meta, IMAGE_SOURCES), response.url),
  };
}
