/**
 * Child process of bench/redirect: the floor. A bare `node:http` server that holds the same
 * slugs and Locations as the real one in a Map and answers 302 with Location (404 for an
 * unknown slug) — no framework, no classification, no recording, no other header but an empty
 * Content-Length.
 *
 *   node --import tsx bench/redirect-bare-server.ts LINKS_JSON
 *
 * Prints one JSON line `{"url"}` when it listens; SIGTERM stops it.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SeededLink } from './redirect-links.js';

async function loadLocations(file: string): Promise<Map<string, string>> {
  const seeded = JSON.parse(await readFile(file, 'utf8')) as SeededLink[];
  return new Map(seeded.map((link) => [link.slug, link.location]));
}

/** `/slug?query` → `slug`: what a router would match on, and nothing more. */
function slugOf(url: string): string {
  const query = url.indexOf('?');
  return url.slice(1, query < 0 ? url.length : query);
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: redirect-bare-server.ts LINKS_JSON');
  const locations = await loadLocations(file);
  const server = createServer((request, response) => {
    const location = locations.get(slugOf(request.url ?? '/'));
    // An explicit empty length, as Fastify sends: without it Node would answer chunked.
    if (location === undefined) response.writeHead(404, { 'content-length': 0 }).end();
    else response.writeHead(302, { location, 'content-length': 0 }).end();
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
