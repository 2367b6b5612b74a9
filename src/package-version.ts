import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

let version: string | undefined;

/**
 * Penumbra's version, from its package.json: one source for `penumbra --version` and the OpenAPI
 * document (which took `npm_package_version`, set only under npm, or else a hard-coded 0.1.0).
 */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}
