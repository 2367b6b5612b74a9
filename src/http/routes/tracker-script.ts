import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from '../../package-root.js';
import { ProblemError } from '../errors.js';

interface TrackerManifest {
  file: string;
  hash: string;
}

export interface TrackerScript {
  hash: string;
  body: string;
}

/** The built snippet (`npm run build` writes dist/tracker/); undefined when it was not built. */
export function loadTrackerScript(root = packageRoot()): TrackerScript | undefined {
  const dir = join(root, 'dist', 'tracker');
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TrackerManifest;
  return { hash: manifest.hash, body: readFileSync(join(dir, manifest.file), 'utf8') };
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/**
 * `/p.js` (revalidated hourly, so a new version reaches every site within the hour) and
 * `/p/<hash>.js` (content-addressed, cached for a year and immutable — RFC 8246).
 */
export function registerTrackerScriptRoutes(app: FastifyInstance, script: TrackerScript | undefined): void {
  const available = () => {
    if (!script) throw new ProblemError('not_found', 'The tracker was not built: run "npm run build".');
    return script;
  };
  app.get('/p.js', { schema: { hide: true } }, async (request, reply) => {
    const { hash, body } = available();
    const etag = `"${hash}"`;
    reply.header('cache-control', 'public, max-age=3600').header('etag', etag);
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(JAVASCRIPT).send(body);
  });
  app.get<{ Params: { hash: string } }>('/p/:hash', { schema: { hide: true } }, async (request, reply) => {
    const { hash, body } = available();
    if (request.params.hash !== `${hash}.js`)
      throw new ProblemError('not_found', 'No tracker with that version.');
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('access-control-allow-origin', '*');
    // Sites that isolate themselves with COEP can load the script only if it says so (Fetch, CORP).
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return reply.type(JAVASCRIPT).send(body);
  });
}
