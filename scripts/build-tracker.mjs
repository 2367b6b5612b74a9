#!/usr/bin/env node
// Builds the page snippet src/tracker/p.ts into dist/tracker/:
//   p.js               the latest build, for `/p.js` (short cache)
//   p.<hash8>.js       the same bytes under a content hash, for immutable caching
//   manifest.json      { file, hash, bytes, gzipBytes }: what the server reads to serve it
// Run by `npm run build`; test/tracker/*.test.ts import `buildTracker` to build in memory.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'tracker', 'p.ts');
const outDir = join(root, 'dist', 'tracker');

/**
 * Bundles and minifies the snippet in memory. ES2017 keeps it working in every browser that has
 * `fetch` keepalive and `sendBeacon`; an IIFE keeps every name out of the page's global scope.
 */
export async function buildTracker() {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // Not the repository's tsconfig: its `strict` would add a "use strict" prologue the IIFE does
    // not need (the snippet never relies on strict-mode semantics).
    tsconfigRaw: {},
  });
  const code = result.outputFiles[0].text;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 8);
  return {
    code,
    hash,
    file: `p.${hash}.js`,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

/** Writes p.js, p.<hash>.js and manifest.json, removing hashed files of earlier builds. */
export async function writeTracker() {
  const built = await buildTracker();
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir)) {
    if (/^p\.[0-9a-f]{8}\.js$/.test(name) && name !== built.file) await rm(join(outDir, name));
  }
  await writeFile(join(outDir, 'p.js'), built.code);
  await writeFile(join(outDir, built.file), built.code);
  const manifest = { file: built.file, hash: built.hash, bytes: built.bytes, gzipBytes: built.gzipBytes };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = await writeTracker();
  console.log(`dist/tracker/${manifest.file}: ${manifest.bytes} bytes, ${manifest.gzipBytes} gzipped`);
}
