/**
 * outboundFetch: the one HTTP client for requests Penumbra makes to addresses a user gave it
 * (the link-preview lab, share-kit auto-fill, webhooks). Server-side request forgery is the
 * risk (OWASP SSRF Prevention Cheat Sheet), so every request:
 * - takes only `http:` and `https:` URLs without credentials;
 * - resolves each hop's host once and refuses it unless every address is public (the IANA
 *   special-purpose registries, special-addresses.ts), or loopback when `allowLoopback` is set
 *   (PENUMBRA_OUTBOUND_ALLOW_LOOPBACK); then connects to that very address (pinnedLookup), so a
 *   DNS answer that changes between check and connect (DNS rebinding) changes nothing;
 * - re-checks every redirect hop the same way, and follows at most `maxRedirects`;
 * - gives up when the first byte of a hop's answer takes longer than `firstByteTimeoutMs`, or the
 *   whole exchange (all hops, body included) longer than `totalTimeoutMs`;
 * - reads at most `maxBytes` of the decoded body (`oversize: 'truncate'` keeps that much and says
 *   so, `'error'` refuses);
 * - never sends or keeps cookies (a `cookie` header is dropped), and drops `authorization` when
 *   a redirect leaves the origin (as the Fetch standard does).
 *
 * Usage:
 *   const page = await outboundFetch('https://example.org/', { headers: { 'user-agent': ua } });
 *   page.status, page.headers, page.body (Buffer), page.url (after redirects), page.redirects
 * Errors are OutboundError with a stable `code` (outbound-error.ts). `resolve` may be replaced
 * (tests stub DNS with it); `outboundDefaults(config)` gives the installation's policy.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { Config } from '../config.js';
import { OutboundError, type OutboundErrorCode, type RedirectHop } from './outbound-error.js';
import { pinnedLookup } from './pinned-lookup.js';
import { readLimitedBody } from './read-limited-body.js';
import { resolveOutboundTarget } from './resolve-outbound-target.js';
import { type LookupAll, NonPublicHostError } from './resolve-public-host.js';

export interface OutboundOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** `manual` returns a 3xx answer as it is. */
  redirect?: 'follow' | 'manual';
  maxRedirects?: number;
  maxBytes?: number;
  oversize?: 'error' | 'truncate';
  firstByteTimeoutMs?: number;
  totalTimeoutMs?: number;
  allowLoopback?: boolean;
  /**
   * CA certificates (PEM) to trust for https instead of Node's bundled roots: a private CA of an
   * intranet, or a test's self-signed certificate. Certificates are always verified.
   */
  ca?: string | Buffer;
  /** DNS, replaceable for tests; `dns.lookup` with `all: true` by default. */
  resolve?: LookupAll;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  redirects: RedirectHop[];
  /** The address the last hop connected to (never stored or logged: callers only compare it). */
  address: string;
  /** From the last hop's request to its response headers. */
  firstByteMs: number;
  totalMs: number;
}

export const OUTBOUND_DEFAULTS = Object.freeze({
  maxRedirects: 5,
  maxBytes: 1024 * 1024,
  firstByteTimeoutMs: 5_000,
  totalTimeoutMs: 10_000,
});

/** The installation's policy, to spread into the options. */
export function outboundDefaults(config: Pick<Config, 'outboundAllowLoopback'>): { allowLoopback: boolean } {
  return { allowLoopback: config.outboundAllowLoopback };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Settings = Required<Omit<OutboundOptions, 'body' | 'signal' | 'resolve' | 'ca'>> &
  Pick<OutboundOptions, 'body' | 'signal' | 'resolve' | 'ca'>;

function parseTarget(raw: string, redirects: RedirectHop[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('bad_url', `"${raw}" is not an absolute URL.`, raw, redirects);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError(
      'scheme_not_allowed',
      `Only http and https URLs are fetched, not ${url.protocol}`,
      raw,
      redirects,
    );
  }
  if (url.username || url.password) {
    throw new OutboundError('bad_url', 'URLs with credentials are not fetched.', raw, redirects);
  }
  return url;
}

async function pinAddress(url: URL, settings: Settings, redirects: RedirectHop[]): Promise<string> {
  try {
    const addresses = await resolveOutboundTarget(url.hostname, settings);
    return addresses[0] as string;
  } catch (error) {
    if (error instanceof NonPublicHostError) {
      throw new OutboundError('host_not_public', error.message, url.href, redirects);
    }
    throw new OutboundError('dns_failed', `${url.hostname} could not be resolved.`, url.href, redirects);
  }
}

function requestHeaders(settings: Settings, sameOrigin: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  delete headers.cookie;
  delete headers.host;
  if (!sameOrigin) delete headers.authorization;
  return headers;
}

interface Hop {
  response: IncomingMessage;
  firstByteMs: number;
}

/** One request to a pinned address, bounded by the first-byte time and the overall deadline. */
function requestHop(
  url: URL,
  address: string,
  settings: Settings,
  headers: Record<string, string>,
  deadline: number,
): Promise<Hop> {
  const started = performance.now();
  const budget = Math.min(settings.firstByteTimeoutMs, deadline - started);
  const code: OutboundErrorCode = budget < settings.firstByteTimeoutMs ? 'timeout' : 'first_byte_timeout';
  const transport = url.protocol === 'https:' ? https : http;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise((resolve, reject) => {
    const request = transport.request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: settings.method,
      headers,
      agent: false,
      lookup: pinnedLookup(address),
      ...(settings.signal ? { signal: settings.signal } : {}),
      ...(settings.ca && url.protocol === 'https:' ? { ca: settings.ca } : {}),
    });
    const timer = setTimeout(
      () => {
        request.destroy(
          new OutboundError(code, `${url.host} sent no answer within ${Math.round(budget)} ms.`, url.href),
        );
      },
      Math.max(budget, 0),
    );
    request.on('response', (response) => {
      clearTimeout(timer);
      resolve({ response, firstByteMs: performance.now() - started });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof OutboundError
          ? error
          : new OutboundError('connect_failed', `${url.host}: ${error.message}`, url.href),
      );
    });
    request.end(settings.method === 'GET' || settings.method === 'HEAD' ? undefined : settings.body);
  });
}

async function readBody(hop: Hop, url: URL, settings: Settings, deadline: number) {
  const { response } = hop;
  if (settings.method === 'HEAD') return { body: Buffer.alloc(0), truncated: false };
  const declared = Number(response.headers['content-length']);
  if (settings.oversize === 'error' && declared > settings.maxBytes) {
    response.destroy();
    throw new OutboundError(
      'body_too_large',
      `${url.href} declares ${declared} bytes, over ${settings.maxBytes}.`,
      url.href,
    );
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        reject(new OutboundError('timeout', `${url.host} did not finish its answer in time.`, url.href));
        response.destroy();
      },
      Math.max(deadline - performance.now(), 0),
    );
  });
  try {
    const read = await Promise.race([readLimitedBody(response, settings.maxBytes), late]);
    if (read.truncated && settings.oversize === 'error') {
      throw new OutboundError(
        'body_too_large',
        `${url.href} sent more than ${settings.maxBytes} bytes.`,
        url.href,
      );
    }
    return read;
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    throw new OutboundError('connect_failed', `${url.host}: ${(error as Error).message}`, url.href);
  } finally {
    clearTimeout(timer);
  }
}

function settle(options: OutboundOptions): Settings {
  return {
    method: 'GET',
    headers: {},
    redirect: 'follow',
    oversize: 'error',
    allowLoopback: false,
    ...OUTBOUND_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  } as Settings;
}

function withChain(error: unknown, redirects: RedirectHop[]): never {
  if (error instanceof OutboundError && error.redirects.length < redirects.length) {
    throw new OutboundError(error.code, error.message, error.url, redirects);
  }
  throw error;
}

export async function outboundFetch(
  target: string,
  options: OutboundOptions = {},
): Promise<OutboundResponse> {
  const settings = settle(options);
  const started = performance.now();
  const deadline = started + settings.totalTimeoutMs;
  const redirects: RedirectHop[] = [];
  const origin = parseTarget(target, redirects).origin;
  let url = parseTarget(target, redirects);
  try {
    for (;;) {
      const address = await pinAddress(url, settings, redirects);
      const hop = await requestHop(
        url,
        address,
        settings,
        requestHeaders(settings, url.origin === origin),
        deadline,
      );
      const status = hop.response.statusCode ?? 0;
      const location = hop.response.headers.location;
      if (settings.redirect === 'follow' && REDIRECTS.has(status) && location) {
        hop.response.resume();
        if (redirects.length >= settings.maxRedirects) {
          throw new OutboundError(
            'too_many_redirects',
            `More than ${settings.maxRedirects} redirects.`,
            url.href,
            redirects,
          );
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new OutboundError(
            'bad_redirect',
            `${url.href} redirects to "${location}".`,
            url.href,
            redirects,
          );
        }
        redirects.push({ url: url.href, status, location: next.href });
        url = parseTarget(next.href, redirects);
        if (status === 303 || ((status === 301 || status === 302) && settings.method === 'POST')) {
          settings.method = 'GET';
          delete settings.body;
        }
        continue;
      }
      const { body, truncated } = await readBody(hop, url, settings, deadline);
      return {
        url: url.href,
        status,
        headers: hop.response.headers,
        body,
        truncated,
        redirects,
        address,
        firstByteMs: hop.firstByteMs,
        totalMs: performance.now() - started,
      };
    }
  } catch (error) {
    withChain(error, redirects);
  }
}
