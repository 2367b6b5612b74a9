import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { packageRoot } from '../../package-root.js';
import { ProblemError } from '../errors.js';
import type { PlainResponse } from '../hot-response.js';

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
 * `/p.js`, revalidated hourly (so a new version reaches every site within the hour), for
 * Fastify and the hot route (src/http/hot-routes.ts) alike.
 */
export function trackerScriptResponse(script: TrackerScript, ifNoneMatch: string | undefined): PlainResponse {
  const etag = `"${script.hash}"`;
  const headers: Record<string, string> = {
    'cache-control': 'public, max-age=3600',
    etag,
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (ifNoneMatch === etag) return { status: 304, headers, body: '' };
  return { status: 200, headers: { ...headers, 'content-type': JAVASCRIPT }, body: script.body };
}

/**
 * `/p.js` (see trackerScriptResponse) and `/p/<hash>.js` (content-addressed, cached for a year
 * and immutable — RFC 8246).
 */
export function registerTrackerScriptRoutes(
  app: FastifyInstance,
  script: TrackerScript | undefined,
  onRequest?: onRequestHookHandler,
): void {
  const available = () => {
    if (!script) throw new ProblemError('not_found', 'The tracker was not built: run "npm run build".');
    return script;
  };
  app.get(
    '/p.js',
    { schema: { hide: true }, ...(onRequest ? { onRequest } : {}) },
    async (request, reply) => {
      const response = trackerScriptResponse(available(), request.headers['if-none-match']);
      return reply
        .code(response.status)
        .headers(response.headers)
        .send(response.body || undefined);
    },
  );
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
