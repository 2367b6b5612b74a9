import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Permissive licences only in what we ship (issue #2; no AGPL/GPL/LGPL in production). */
const ALLOWED = new Set([
  'MIT',
  'MIT-0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'ISC',
  'Unlicense',
  '0BSD',
  'CC0-1.0',
]);

interface Manifest {
  name: string;
  version: string;
  license?: string | { type: string };
  licenses?: { type: string }[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent directory's. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function licenceOf(manifest: Manifest): string {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license?.type) return manifest.license.type;
  return manifest.licenses?.map((entry) => entry.type).join(' OR ') ?? 'UNKNOWN';
}

/** SPDX expressions: every term of an AND, any term of an OR, must be allowed. */
function isPermissive(expression: string): boolean {
  const clean = expression.replace(/[()]/g, ' ').trim();
  return clean
    .split(/\s+OR\s+/)
    .some((alternative) => alternative.split(/\s+AND\s+/).every((term) => ALLOWED.has(term.trim())));
}

function productionPackages(): Map<string, string> {
  const found = new Map<string, string>();
  const queue: string[] = [ROOT];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    const manifest = readManifest(dir);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const packageDir = findPackage(name, dir);
      if (!packageDir || found.has(packageDir)) continue;
      const dependency = readManifest(packageDir);
      found.set(packageDir, `${dependency.name}@${dependency.version} ${licenceOf(dependency)}`);
      queue.push(packageDir);
    }
  }
  return found;
}

describe('production dependency licences', () => {
  it('are all permissive', () => {
    const packages = [...productionPackages().values()];
    const offending = packages.filter((entry) => !isPermissive(entry.split(' ').slice(1).join(' ')));
    console.log(`${packages.length} production packages checked`);
    expect(packages.length).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });

  it('rejects copyleft expressions', () => {
    expect(isPermissive('AGPL-3.0-or-later')).toBe(false);
    expect(isPermissive('LGPL-3.0')).toBe(false);
    expect(isPermissive('(MIT OR GPL-2.0)')).toBe(true);
    expect(isPermissive('MIT AND GPL-2.0')).toBe(false);
  });
});
