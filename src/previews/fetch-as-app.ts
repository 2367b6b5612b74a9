import { OutboundError, type OutboundErrorCode, type RedirectHop } from '../net/outbound-error.js';
import { decodeHtml } from './decode-html.js';
import { linkHref, type PageMeta, readPageMeta } from './page-meta.js';
import type { PreviewApp } from './preview-apps.js';
import type { PreviewFetcher } from './preview-fetcher.js';

/** The page as one app's fetcher got it. */
export interface AppPage {
  requestedUrl: string;
  /** After redirects. */
  url: string;
  status: number | undefined;
  contentType: string | undefined;
  redirects: readonly RedirectHop[];
  firstByteMs: number | undefined;
  /** The HTML went on past what this app reads. */
  truncated: boolean;
  meta: PageMeta | undefined;
  oembed: Readonly<Record<string, string>>;
  error: { code: OutboundErrorCode; message: string } | undefined;
}

const OEMBED_MAX_BYTES = 64 * 1024;

function failure(error: unknown): AppPage['error'] {
  if (error instanceof OutboundError) return { code: error.code, message: error.message };
  return { code: 'connect_failed', message: (error as Error).message };
}

/** The oEmbed answer's string fields (oEmbed 1.0 §2.3.4), for apps that prefer it (Slack). */
async function fetchOembed(app: PreviewApp, meta: PageMeta, base: string, fetch: PreviewFetcher) {
  const href = linkHref(meta, 'alternate', 'application/json+oembed');
  if (!href || !app.title.some((source) => source.startsWith('oembed:'))) return {};
  try {
    const answer = await fetch(new URL(href, base).href, {
      headers: { 'user-agent': app.userAgent.value, accept: 'application/json' },
      maxBytes: OEMBED_MAX_BYTES,
      totalTimeoutMs: app.timeoutMs.value,
      firstByteTimeoutMs: app.timeoutMs.value,
    });
    if (answer.status !== 200) return {};
    const parsed: unknown = JSON.parse(answer.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function isHtml(contentType: string | undefined): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType ?? '');
}

/**
 * Fetches a page as `app` does: its user agent, its redirect limit, only as many bytes as it
 * reads, its time limit. Never throws: a failure is part of the answer.
 */
export async function fetchAsApp(app: PreviewApp, url: string, fetch: PreviewFetcher): Promise<AppPage> {
  const empty = {
    requestedUrl: url,
    url,
    status: undefined,
    contentType: undefined,
    redirects: [],
    firstByteMs: undefined,
  };
  const blank = { ...empty, truncated: false, meta: undefined, oembed: {}, error: undefined };
  try {
    const page = await fetch(url, {
      headers: {
        'user-agent': app.userAgent.value,
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
      },
      maxRedirects: app.redirects.value,
      maxBytes: app.htmlBytes.value,
      oversize: 'truncate',
      firstByteTimeoutMs: app.timeoutMs.value,
      totalTimeoutMs: app.timeoutMs.value,
    });
    const contentType = page.headers['content-type'];
    const fetched = {
      ...blank,
      url: page.url,
      status: page.status,
      contentType,
      redirects: page.redirects,
      firstByteMs: page.firstByteMs,
      truncated: page.truncated,
    };
    if (page.status !== 200 || !isHtml(contentType)) return fetched;
    const meta = readPageMeta(decodeHtml(page.body, contentType));
    return { ...fetched, meta, oembed: await fetchOembed(app, meta, page.url, fetch) };
  } catch (error) {
    const redirects = error instanceof OutboundError ? error.redirects : [];
    return { ...blank, redirects, error: failure(error) };
  }
}
