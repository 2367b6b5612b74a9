/**
 * The built dashboard (dist/dashboard/), as `npm run build` makes it. A test run alone
 * (`npx vitest run test/dashboard`) rebuilds it first when src/dashboard/ is newer than the build;
 * a lock directory keeps two test files from building at once.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist', 'dashboard');
const SOURCES = join(ROOT, 'src', 'dashboard');
const MANIFEST = join(DIST, '.vite', 'manifest.json');
const LOCK = join(ROOT, 'dist', '.dashboard-build.lock');

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

function newestSource(dir = SOURCES): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  return existsSync(MANIFEST) && statSync(MANIFEST).mtimeMs >= newestSource();
}

async function build(): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(ROOT, 'scripts', 'vite.dashboard.config.mjs'), logLevel: 'error' });
}

export async function ensureDashboardBuilt(): Promise<void> {
  if (isFresh()) return;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK, { recursive: false });
      break;
    } catch {
      // Another test file is building; a lock older than a minute was left by a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 60_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the dashboard build lock');
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (isFresh()) return;
    }
  }
  try {
    if (!isFresh()) await build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}

/** The scripts the first view loads: the entry and what it imports statically, not lazy chunks. */
export function firstViewScripts(manifest: Manifest): string[] {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('the dashboard manifest has no entry');
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  return [...files].filter((file) => file.endsWith('.js'));
}
