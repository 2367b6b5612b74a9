import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../../package-root.js';
import { ProblemError } from '../errors.js';
import { HTML_CONTENT_SECURITY_POLICY } from '../security-headers.js';

interface Asset {
  type: string;
  body: Buffer;
  /** Present when gzip saves bytes (text assets). */
  gzip?: Buffer;
}

export interface DashboardFiles {
  /** `index.html`: the same page for every path of the app, which reads `location` itself. */
  html: Buffer;
  etag: string;
  /** Hashed files by name (`index-3f9c….js`). */
  assets: ReadonlyMap<string, Asset>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The built dashboard (`npm run build` writes dist/dashboard/), read once into memory with a gzip
 * copy of each text asset: a few hundred kilobytes. Undefined when it was not built.
 */
export function loadDashboard(root = packageRoot()): DashboardFiles | undefined {
  const dir = join(root, 'dist', 'dashboard');
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const html = readFileSync(indexPath);
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, 'assets');
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const body = readFileSync(join(assetDir, name));
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    const asset: Asset = { type, body };
    if (/^(text|image\/svg|application\/json)/.test(type)) {
      const gzip = gzipSync(body, { level: 9 });
      if (gzip.length < body.length) asset.gzip = gzip;
    }
    assets.set(name, asset);
  }
  const etag = `"${createHash('sha256').update(html).digest('hex').slice(0, 16)}"`;
  return { html, etag, assets };
}

function acceptsGzip(request: FastifyRequest): boolean {
  return /\bgzip\b/i.test(request.headers['accept-encoding'] ?? '');
}

/**
 * The dashboard (issue #6): `/app`, `/app/*`, `/login`, `/setup` and `/share/:token` answer the
 * one page (revalidated on every load: `no-cache` with an ETag), which routes on `location`;
 * `/app/assets/*` are content-hashed files, cached for a year and immutable (RFC 8246).
 */
export function registerDashboardRoutes(app: FastifyInstance, files: DashboardFiles | undefined): void {
  const built = () => {
    if (!files) throw new ProblemError('not_found', 'The dashboard was not built: run "npm run build".');
    return files;
  };
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const { html, etag } = built();
    reply
      .header('cache-control', 'no-cache')
      .header('etag', etag)
      // The build emits no inline script or style, so the strict policy of every HTML page holds.
      .header('content-security-policy', HTML_CONTENT_SECURITY_POLICY)
      .header('cross-origin-opener-policy', 'same-origin');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(html);
  };
  const hidden = { schema: { hide: true } };
  for (const path of ['/app', '/login', '/setup', '/share/:token']) app.get(path, hidden, page);
  app.get<{ Params: { '*': string } }>('/app/*', hidden, async (request, reply) => {
    // A missing hashed file is a 404, never the page: a stale tab must not run HTML as a script.
    if (request.params['*'].startsWith('assets/'))
      throw new ProblemError('not_found', 'No such dashboard file.');
    return page(request, reply);
  });
  app.get<{ Params: { file: string } }>('/app/assets/:file', hidden, async (request, reply) => {
    const asset = built().assets.get(request.params.file);
    if (!asset) throw new ProblemError('not_found', 'No such dashboard file.');
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding')
      .type(asset.type);
    if (asset.gzip && acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
