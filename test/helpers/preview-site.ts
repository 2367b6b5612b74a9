/**
 * A local test site for the link-preview lab: real pages and real PNG images on a loopback
 * socket, one path per case the issue names (good page, missing tags, heavy image, redirect
 * chain, 403 for bots, slow server, image redirecting to a private address …). Used by the lab's
 * tests, the CLI process test, the dashboard screenshot test and bench/previews.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG (RFC 2083): a two-colour diagonal, or noise (incompressible, so heavy). */
export function makePng(width: number, height: number, kind: 'plain' | 'noise' = 'plain'): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y += 1) {
    const start = y * row;
    // Filter byte 0 ("None") starts each row; random pixels do not deflate, so the file is heavy.
    if (kind === 'noise') randomFillSync(raw, start + 1, row - 1);
    else {
      for (let x = 0; x < width; x += 1) {
        const light = x * height > y * width;
        raw.set(light ? [37, 99, 235] : [250, 204, 21], start + 1 + x * 3);
      }
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BOT = /facebookexternalhit|WhatsApp|Twitterbot|TelegramBot|Slackbot|Discordbot|LinkedInBot/i;

function page(origin: string, head: string, body = '<p>Article body.</p>'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head.replaceAll('{origin}', origin)}</head><body>${body}</body></html>`;
}

const GOOD_HEAD = `
<title>Good page – Example News</title>
<meta property="og:title" content="Rivers of the Alps: a summer on the water">
<meta property="og:description" content="Six weeks of canoeing from Lake Geneva to the Rhine delta, with maps.">
<meta property="og:image" content="{origin}/img/card.png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:url" content="{origin}/good">
<meta property="og:site_name" content="Example News">
<meta name="twitter:card" content="summary_large_image">
<meta name="description" content="Six weeks on alpine rivers.">
<link rel="canonical" href="{origin}/good">`;

/** `origin` is the serving site's own (http or https); `httpOrigin` the plain-http twin's. */
type Route = (request: IncomingMessage, response: ServerResponse, origin: string, httpOrigin: string) => void;

function html(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function png(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length }).end(body);
}

function routes(images: Record<string, Buffer>): Record<string, Route> {
  return {
    '/good': (_q, s, o) => html(s, page(o, GOOD_HEAD)),
    '/missing': (_q, s, o) => html(s, page(o, '<title>A page with no preview tags</title>')),
    '/heavy': (_q, s, o) =>
      html(s, page(o, GOOD_HEAD.replace('/img/card.png', '/img/heavy.png').replaceAll('/good', '/heavy'))),
    '/redirect': (_q, s) => s.writeHead(301, { location: '/redirect-2' }).end(),
    '/redirect-2': (_q, s) => s.writeHead(302, { location: '/good' }).end(),
    '/redirect-home': (_q, s) => s.writeHead(301, { location: '/redirect-home-2' }).end(),
    '/redirect-home-2': (_q, s) => s.writeHead(302, { location: '/home' }).end(),
    '/home': (_q, s, o) => html(s, page(o, '<title>Example News – home</title>')),
    '/bots-403': (q, s, o) => {
      if (BOT.test(q.headers['user-agent'] ?? '')) html(s, '<h1>Access denied</h1>', 403);
      else html(s, page(o, GOOD_HEAD.replaceAll('/good', '/bots-403')));
    },
    '/slow': (_q, s, o) => {
      const timer = setTimeout(() => html(s, page(o, GOOD_HEAD.replaceAll('/good', '/slow'))), 1_100);
      s.on('close', () => clearTimeout(timer));
    },
    '/image-to-private': (_q, s, o) =>
      html(
        s,
        page(
          o,
          GOOD_HEAD.replace('/img/card.png', '/img/to-private').replaceAll('/good', '/image-to-private'),
        ),
      ),
    '/long': (_q, s, o) =>
      html(
        s,
        page(
          o,
          `<title>Long</title>
<meta property="og:title" content="${'A headline that goes on and on about rivers, lakes, mountains and the people who paddle them '.repeat(2).trim()}">
<meta property="og:description" content="${'Paddling notes. '.repeat(30).trim()}">
<meta property="og:image" content="{origin}/img/small.png">
<meta property="og:url" content="{origin}/elsewhere">
<meta name="twitter:card" content="summary_large_image">`,
        ),
      ),
    '/deep-tags': (_q, s, o) =>
      html(
        s,
        page(
          o,
          `<style>${'/* padding */ .x { color: red; }\n'.repeat(1_500)}</style>${GOOD_HEAD.replaceAll('/good', '/deep-tags')}`,
        ),
      ),
    '/private/page': (_q, s, o) => html(s, page(o, GOOD_HEAD.replaceAll('/good', '/private/page'))),
    '/robots.txt': (_q, s) =>
      s
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('User-agent: Twitterbot\nDisallow: /private/\n\nUser-agent: *\nAllow: /\n'),
    '/img/card.png': (_q, s) => png(s, images.card as Buffer),
    '/img/small.png': (_q, s) => png(s, images.small as Buffer),
    '/img/heavy.png': (_q, s) => png(s, images.heavy as Buffer),
    '/insecure-image': (_q, s, o, plain) =>
      html(
        s,
        page(
          o,
          GOOD_HEAD.replace('{origin}/img/card.png', `${plain}/img/card.png`).replaceAll(
            '/good',
            '/insecure-image',
          ),
        ),
      ),
    '/latin1': (_q, s) =>
      s
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          Buffer.from(
            '<!doctype html><html><head><meta name="x"><meta charset="windows-1252"><title>Café crème</title></head></html>',
            'latin1',
          ),
        ),
    '/redirect-loop': (_q, s) => s.writeHead(302, { location: '/redirect-loop' }).end(),
    '/refresh': (_q, s, o) =>
      html(s, page(o, '<title>Moved</title><meta http-equiv="refresh" content="0; url=/good">')),
    '/wrong-type': (_q, s, o) =>
      html(
        s,
        page(o, GOOD_HEAD.replace('/img/card.png', '/img/not-an-image').replaceAll('/good', '/wrong-type')),
      ),
    '/img/not-an-image': (_q, s) => html(s, '<h1>This is a page, not an image</h1>'),
    '/img/to-private': (_q, s) =>
      s.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/card.png' }).end(),
  };
}

export interface PreviewSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path: string): string;
  /** The same pages over https (a self-signed certificate for 127.0.0.1): `httpsUrl(path)`. */
  httpsOrigin: string;
  httpsUrl(path: string): string;
  /** The certificate to trust (PEM), as outboundFetch's and the lab's `ca`. */
  ca: string;
  close(): Promise<void>;
}

/** A throw-away self-signed certificate for 127.0.0.1, made with the system's openssl. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-preview-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
      .concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
      .concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
    { stdio: 'ignore' },
  );
  const pair = {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

async function listenOn(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Starts the site on 127.0.0.1, over http and https (ephemeral ports). */
export async function startPreviewSite(): Promise<PreviewSite> {
  const images = {
    card: makePng(1200, 630),
    small: makePng(400, 210),
    heavy: makePng(1200, 630, 'noise'),
  };
  const table = routes(images);
  const origins = { http: '', https: '' };
  const handler = (scheme: 'http' | 'https') => (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    const route = table[path];
    if (route) route(request, response, origins[scheme], origins.http);
    else html(response, '<h1>Not found</h1>', 404);
  };
  const tls = selfSignedCertificate();
  const servers: Server[] = [createServer(handler('http')), createHttpsServer(tls, handler('https'))];
  const [httpPort, httpsPort] = await Promise.all(servers.map(listenOn));
  origins.http = `http://127.0.0.1:${httpPort}`;
  origins.https = `https://127.0.0.1:${httpsPort}`;
  return {
    origin: origins.http,
    url: (path) => `${origins.http}${path}`,
    httpsOrigin: origins.https,
    httpsUrl: (path) => `${origins.https}${path}`,
    ca: tls.cert,
    close: async () => {
      await Promise.all(
        servers.map(async (server) => {
          server.closeAllConnections();
          server.close();
          await once(server, 'close');
        }),
      );
    },
  };
}
