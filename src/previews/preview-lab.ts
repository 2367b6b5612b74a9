import { concurrencyLimit } from '../concurrency-limit.js';
import { type OutboundOptions, outboundFetch } from '../net/outbound-fetch.js';
import type { LookupAll } from '../net/resolve-public-host.js';
import { appWarnings, type KitPreview, type Severity } from './app-warnings.js';
import { buildCard, pickFields } from './build-card.js';
import { type AppPage, fetchAsApp } from './fetch-as-app.js';
import { PREVIEW_APP_IDS, PREVIEW_APPS, type PreviewApp, type PreviewAppId } from './preview-apps.js';
import type { PreviewFetcher } from './preview-fetcher.js';
import type { AppReport, PreviewReport } from './preview-report.js';

export type { AppReport, PreviewReport } from './preview-report.js';

import { type ImageProbe, probeImage } from './probe-image.js';
import { robotsAllows } from './robots-rules.js';

export interface PreviewCheck {
  url: string;
  /** Every app when absent. */
  apps?: readonly PreviewAppId[] | undefined;
  kit?: KitPreview | undefined;
  /** Return the cards' images as `data:` URLs (the dashboard's CSP loads no third-party image). */
  inlineImages?: boolean | undefined;
}

export interface PreviewLabOptions {
  /** PENUMBRA_OUTBOUND_ALLOW_LOOPBACK. */
  allowLoopback: boolean;
  /** DNS; replaced by tests only. */
  resolve?: LookupAll;
  /** CA certificates (PEM) to trust instead of Node's roots (outboundFetch's `ca`). */
  ca?: string;
  /** Outbound requests at once, over every check. */
  concurrency?: number;
  cacheTtlMs?: number;
  cacheSize?: number;
}

/** A URL the lab will not check: not absolute http(s). */
export class PreviewUrlError extends Error {
  readonly code = 'invalid_preview_url';
}

const BROWSER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const ROBOTS_MAX_BYTES = 500 * 1024; // RFC 9309 §2.5: parse at least 500 KiB.

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The drawn images as `data:` URLs (raster types only: no SVG), one per URL. */
async function inlineImageData(
  reports: readonly AppReport[],
  probes: Map<string, Promise<ImageProbe>>,
): Promise<Record<string, string>> {
  const drawn = new Set(reports.flatMap((report) => (report.card.image ? [report.card.image.url] : [])));
  const images: Record<string, string> = {};
  for (const probe of await Promise.all(probes.values())) {
    const type = probe.contentType ?? '';
    const url = [...drawn].find(
      (candidate) => candidate === probe.url || probe.redirects[0]?.url === candidate,
    );
    if (!url || images[url] || !probe.data || !INLINE_TYPES.has(type)) continue;
    images[url] = `data:${type};base64,${probe.data.toString('base64')}`;
  }
  return images;
}

export function parseCheckUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new PreviewUrlError(`"${raw}" is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PreviewUrlError(`Only http and https URLs are checked, not ${url.protocol}`);
  }
  url.hash = '';
  return url;
}

function counts(apps: readonly AppReport[]): Record<Severity, number> {
  const total: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const report of apps) for (const warning of report.warnings) total[warning.severity] += 1;
  return total;
}

/**
 * The link-preview lab: fetches a page the way each chat app's fetcher does (in parallel, through
 * outboundFetch, so the SSRF rules hold), draws each app's card as data and lists what is wrong
 * with it. Checks of the same URL within `cacheTtlMs` share one answer.
 */
export class PreviewLab {
  private readonly fetch: PreviewFetcher;
  private readonly cache = new Map<string, { expires: number; report: Promise<PreviewReport> }>();
  private readonly cacheTtlMs: number;
  private readonly cacheSize: number;

  constructor(options: PreviewLabOptions) {
    const limit = concurrencyLimit(options.concurrency ?? 24);
    const policy: OutboundOptions = {
      allowLoopback: options.allowLoopback,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    };
    this.fetch = (url, fetchOptions) => limit(() => outboundFetch(url, { ...fetchOptions, ...policy }));
    this.cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
    this.cacheSize = options.cacheSize ?? 200;
  }

  async check(request: PreviewCheck): Promise<PreviewReport> {
    const url = parseCheckUrl(request.url).href;
    const apps = [...new Set(request.apps ?? PREVIEW_APP_IDS)].sort();
    const inline = request.inlineImages === true;
    const key = JSON.stringify([url, apps, request.kit ?? null, inline]);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return { ...(await hit.report), cached: true };
    const report = this.run(url, apps, request.kit, inline);
    this.remember(key, { expires: now + this.cacheTtlMs, report });
    report.catch(() => this.cache.delete(key));
    return report;
  }

  private remember(key: string, entry: { expires: number; report: Promise<PreviewReport> }): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private async run(
    url: string,
    ids: readonly PreviewAppId[],
    kit: KitPreview | undefined,
    inlineImages: boolean,
  ): Promise<PreviewReport> {
    const started = performance.now();
    const apps = PREVIEW_APP_IDS.filter((id) => ids.includes(id)).map((id) => PREVIEW_APPS[id]);
    const [pages, robots] = await Promise.all([
      Promise.all(apps.map((app) => fetchAsApp(app, url, this.fetch))),
      this.robotsTxt(url, apps),
    ]);
    const browserStatus = await this.browserStatus(url, pages);
    const probes = new Map<string, Promise<ImageProbe>>();
    const reports = await Promise.all(
      apps.map(async (app, index) => {
        const page = pages[index] as AppPage;
        const fields = pickFields(app, page);
        const imageUrl = fields?.image?.value;
        const probe = imageUrl ? await this.probe(probes, app, imageUrl) : undefined;
        const card = buildCard(app, page, fields, probe);
        const robotsAllowed =
          robots !== undefined && app.robotsToken
            ? robotsAllows(robots, app.robotsToken.value, new URL(url).pathname)
            : undefined;
        const fullerMeta = pages
          .filter(
            (other, at) =>
              other.meta &&
              other.url === page.url &&
              (apps[at] as PreviewApp).htmlBytes.value > app.htmlBytes.value,
          )
          .at(0)?.meta;
        const warnings = appWarnings({
          app,
          page,
          fields,
          probe,
          card,
          browserStatus,
          robotsAllowed,
          fullerMeta,
          kit,
        });
        return {
          app: app.id,
          name: app.name,
          themes: app.themes,
          card: robotsAllowed === false ? { ...card, layout: 'none' as const } : card,
          warnings,
          fetch: {
            status: page.status,
            url: page.url,
            redirects: page.redirects,
            firstByteMs: page.firstByteMs,
            error: page.error,
          },
        };
      }),
    );
    return {
      url,
      checkedAt: new Date().toISOString(),
      elapsedMs: Math.round(performance.now() - started),
      cached: false,
      apps: reports,
      counts: counts(reports),
      ...(inlineImages ? { images: await inlineImageData(reports, probes) } : {}),
    };
  }

  /** One download per (agent, image, limit): apps sharing them share the probe. */
  private probe(probes: Map<string, Promise<ImageProbe>>, app: PreviewApp, url: string): Promise<ImageProbe> {
    const key = `${app.userAgent.value}\n${app.imageMaxBytes.value}\n${app.redirects.value}\n${url}`;
    let probe = probes.get(key);
    if (!probe) {
      probe = probeImage(app, url, this.fetch);
      probes.set(key, probe);
    }
    return probe;
  }

  /** robots.txt, only when a selected app is known to follow it. */
  private async robotsTxt(url: string, apps: readonly PreviewApp[]): Promise<string | undefined> {
    const follower = apps.find((app) => app.robotsToken);
    if (!follower) return undefined;
    try {
      const answer = await this.fetch(new URL('/robots.txt', url).href, {
        headers: { 'user-agent': follower.userAgent.value },
        maxBytes: ROBOTS_MAX_BYTES,
        oversize: 'truncate',
        totalTimeoutMs: follower.timeoutMs.value,
        firstByteTimeoutMs: follower.timeoutMs.value,
      });
      return answer.status === 200 ? answer.body.toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  /** What a browser gets, asked only when a fetcher got an error status (to tell a WAF rule). */
  private async browserStatus(url: string, pages: readonly AppPage[]): Promise<number | undefined> {
    if (!pages.some((page) => page.status !== undefined && page.status >= 400)) return undefined;
    try {
      const answer = await this.fetch(url, {
        headers: { 'user-agent': BROWSER_AGENT, accept: 'text/html' },
        maxBytes: 64 * 1024,
        oversize: 'truncate',
      });
      return answer.status;
    } catch {
      return undefined;
    }
  }
}
