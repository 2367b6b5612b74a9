/**
 * A real-browser harness for the page snippet: Debian's Chromium driven by playwright-core, a tiny
 * test site, and a fake collector that implements the server side of docs/tracking-protocol.md.
 * The site and the collector listen on different ports of 127.0.0.1, so the snippet and its events
 * are cross-origin, as in production. Nothing here reaches beyond the loopback interface.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildTracker } from '../../scripts/build-tracker.mjs';

/** Debian's package (`apt-get install chromium`); `npx playwright install` is never used. */
export const CHROMIUM_PATH = process.env.PENUMBRA_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Headless Chromium; each test then opens its own `browser.newContext()`. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    // Playwright turns the back-forward cache off by default; the `pageshow` test needs it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}

/** `page.evaluate` of an expression, typed by the caller (the tests' tsconfig has no DOM types). */
export function evaluate<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** Resolves when `check` returns something truthy; rejects with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The UTC day as `yyyymmdd`, the last part of an anonymous token. */
export function utcDay(date = new Date()): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

// ---------------------------------------------------------------------------------------------
// The fake collector

export interface EventBody {
  s: string;
  t: string;
  u: string;
  r?: string;
  k?: string;
  n?: string;
  p?: Record<string, unknown>;
  v?: number;
  g?: string[];
  c?: number;
}

export interface CollectedEvent {
  body: EventBody;
  /** The request body exactly as received. */
  raw: string;
  headers: IncomingHttpHeaders;
  /** The answer's status and, for page views, its JSON. */
  status: number;
  answer?: { k?: string };
}

export interface FakeCollector {
  origin: string;
  /** Where test pages load the snippet from (`/p.js` on the collector's origin). */
  snippetUrl: string;
  events: CollectedEvent[];
  /** Every CORS preflight (OPTIONS) received: the snippet must never cause one. */
  preflights: IncomingHttpHeaders[];
  /** POSTs whose Content-Type was not text/plain (answered 415). */
  rejected: string[];
  /** Events of type `t`, in arrival order. */
  ofType(t: string): CollectedEvent[];
  /** Waits until `count` events match `predicate` and returns them. */
  waitFor(
    predicate: (event: CollectedEvent) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<CollectedEvent[]>;
  close(): Promise<void>;
}

export interface FakeCollectorOptions {
  /** Answer page views with a token (default); false answers `{}` as the server does in strict mode. */
  tokens?: boolean;
}

let snippetCode: Promise<string> | undefined;

/** The snippet as `npm run build` makes it, built once per test process. */
export function snippet(): Promise<string> {
  snippetCode ??= buildTracker().then((built) => built.code);
  return snippetCode;
}

/**
 * The token the protocol's server would answer a page view with: generation = the incoming
 * token's + 1 (or 0 without one), origin carried (or `direct`); `c.` tokens for consented visitors.
 */
export function answerToken(body: EventBody): string {
  const incoming = typeof body.k === 'string' ? body.k.split('.') : undefined;
  if (incoming?.[0] === 'b') incoming.splice(2, 1); // b.<gen>.<channel>.<origin>.<…>
  const generation = incoming ? Number(incoming[1]) + 1 : 0;
  const origin = incoming?.[2] ?? 'direct';
  if (body.c === 1) return `c.${generation}.${origin}.${randomId()}`;
  return `a.${generation}.${origin}.${utcDay()}`;
}

function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export async function startFakeCollector(options: FakeCollectorOptions = {}): Promise<FakeCollector> {
  const code = await snippet();
  const events: CollectedEvent[] = [];
  const preflights: IncomingHttpHeaders[] = [];
  const rejected: string[] = [];

  const server = createServer(async (request, response) => {
    const allowOrigin = { 'Access-Control-Allow-Origin': request.headers.origin ?? '*', Vary: 'Origin' };
    if (request.method === 'GET' && request.url === '/p.js') {
      response.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      response.end(code);
      return;
    }
    if (request.method === 'OPTIONS') {
      preflights.push(request.headers);
      response.writeHead(204, { ...allowOrigin, 'Access-Control-Allow-Headers': 'content-type' });
      response.end();
      return;
    }
    if (request.method !== 'POST' || request.url !== '/api/event') return notFound(response);
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    if (!/^text\/plain(;|$)/.test(contentType)) {
      rejected.push(contentType);
      response.writeHead(415, allowOrigin).end();
      return;
    }
    const body = JSON.parse(raw) as EventBody;
    const event: CollectedEvent = { body, raw, headers: request.headers, status: 202 };
    if (body.t === 'pageview') {
      event.status = 200;
      event.answer = options.tokens === false ? {} : { k: answerToken(body) };
      response.writeHead(200, { ...allowOrigin, 'Content-Type': 'application/json' });
      response.end(JSON.stringify(event.answer));
    } else {
      response.writeHead(202, allowOrigin).end();
    }
    events.push(event);
  });
  const origin = await listen(server);

  return {
    origin,
    snippetUrl: `${origin}/p.js`,
    events,
    preflights,
    rejected,
    ofType: (t) => events.filter((event) => event.body.t === t),
    waitFor: (predicate, count = 1, timeoutMs = 5_000) =>
      waitUntil(
        () => {
          const matching = events.filter(predicate);
          return matching.length >= count ? matching : undefined;
        },
        `${count} matching event(s); got ${JSON.stringify(events.map((event) => event.body))}`,
        timeoutMs,
      ),
    close: () => close(server),
  };
}

// ---------------------------------------------------------------------------------------------
// The test site

export interface TestSiteOptions {
  snippetUrl: string;
  /** data-* attributes of the snippet's tag, without the `data-` prefix. `site` defaults to `test.example`. */
  data?: Record<string, string>;
  /** Inline script run after the queue stub and before the snippet loads (queued calls). */
  beforeSnippet?: string;
}

export interface TestSite {
  origin: string;
  /** An absolute URL on the site. */
  url(path: string): string;
  /** The same site under `localhost`: another host, for outbound links. */
  outsideOrigin: string;
  close(): Promise<void>;
}

/** The stub from the protocol doc: calls made before the snippet loads are queued. */
const STUB =
  'window.penumbra = window.penumbra || function () { (penumbra.q = penumbra.q || []).push(arguments) };';

const SPA_ROUTER = `
document.addEventListener('click', function (event) {
  var link = event.target.closest('a[data-route]');
  if (!link) return;
  event.preventDefault();
  history.pushState({ route: link.getAttribute('href') }, '', link.getAttribute('href'));
  document.querySelector('h1').textContent = 'SPA ' + location.pathname;
});`;

const SHARE_CHANNELS = [
  'whatsapp',
  'telegram',
  'messenger',
  'signal',
  'sms',
  'email',
  'linkedin',
  'x',
  'facebook',
  'copy',
  'native',
];

/**
 * Pages: `/` and any other path (a plain article), `/spa…` (pushState routes), `/anchors` (an
 * element with id `section`), `/share` (one button per channel), `/links` (a link to another host
 * and one to this site), `/copy` (text to select).
 */
function pageBody(path: string, outsideOrigin: string): { title: string; body: string } {
  if (path.startsWith('/spa')) {
    return {
      title: 'SPA',
      body: `<h1>SPA ${path}</h1><nav><a data-route href="/spa/one">one</a> <a data-route href="/spa/two">two</a></nav>
<script>${SPA_ROUTER}</script>`,
    };
  }
  if (path === '/anchors') {
    return {
      title: 'Anchors',
      body: `<h1>Anchors</h1><div style="height:3000px"></div><h2 id="section">Section</h2><p>Below the fold.</p>`,
    };
  }
  if (path === '/share') {
    const buttons = SHARE_CHANNELS.map(
      (channel) => `<button data-penumbra-share="${channel}">${channel}</button>`,
    );
    return { title: 'Share me', body: `<h1>Share</h1>${buttons.join('\n')}` };
  }
  if (path === '/links') {
    return {
      title: 'Links',
      body: `<h1>Links</h1><a id="outside" href="${outsideOrigin}/landing">elsewhere</a>
<a id="inside" href="/article">inside</a>`,
    };
  }
  if (path === '/copy') {
    return {
      title: 'Copy',
      body: `<h1>Copy</h1><p id="quote">A secret sentence of some length.</p><p id="short">Hi</p>`,
    };
  }
  return {
    title: `Page ${path}`,
    body: `<h1>Page ${path}</h1><p>Text.</p><a id="next" href="/links">links</a>`,
  };
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export async function startTestSite(options: TestSiteOptions): Promise<TestSite> {
  const data = { site: 'test.example', ...options.data };
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${escapeAttribute(value)}"`)
    .join('');
  let outsideOrigin = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site.invalid').pathname;
    if (path === '/favicon.ico') return notFound(response);
    const { title, body } = pageBody(path, outsideOrigin);
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<script>${STUB}${options.beforeSnippet ?? ''}</script>
<script defer src="${options.snippetUrl}"${attributes}></script>
</head><body>${body}</body></html>`;
    // No `Cache-Control: no-store`: it would keep pages out of the back-forward cache.
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  const origin = await listen(server);
  outsideOrigin = origin.replace('127.0.0.1', 'localhost');
  return { origin, outsideOrigin, url: (path) => `${origin}${path}`, close: () => close(server) };
}

// ---------------------------------------------------------------------------------------------

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function notFound(response: ServerResponse): void {
  response.writeHead(404).end();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
