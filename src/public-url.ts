import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where `penumbra serve` leaves the URL it serves on, for the CLI commands run beside it. */
function serverUrlFile(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'server-url');
}

/**
 * The public URL short links, the snippet tag and setup/share URLs are built on — the one answer
 * for the server and every CLI command (issue 16: `links stats` printed `localhost:8080` links
 * while the server ran on another port). PENUMBRA_BASE_URL when set; else the URL the server on
 * this data directory announced when it started (`recordServerUrl`); else `http://localhost:$PORT`.
 */
export function publicUrl(env: Env, config: Pick<Config, 'baseUrl' | 'dataDir'>): string {
  if (env.PENUMBRA_BASE_URL?.trim()) return config.baseUrl;
  try {
    const recorded = readFileSync(serverUrlFile(config), 'utf8').trim();
    const url = new URL(recorded);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // No server started on this data directory yet (or the file is unreadable): the default.
  }
  return config.baseUrl;
}

/**
 * Called by `penumbra serve` once it listens, without PENUMBRA_BASE_URL: the URL it serves on
 * (`http://localhost:<port actually bound>`), for `publicUrl` in the CLI. With PENUMBRA_BASE_URL
 * set, any older record is removed: the variable is the answer everywhere.
 */
export function recordServerUrl(env: Env, config: Pick<Config, 'dataDir'>, url: string): void {
  const file = serverUrlFile(config);
  try {
    if (env.PENUMBRA_BASE_URL?.trim()) rmSync(file, { force: true });
    else writeFileSync(file, `${url}\n`);
  } catch {
    // A read-only data directory: the CLI falls back to the default, as before.
  }
}
