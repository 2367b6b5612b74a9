import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps a message a test received (a webhook body, a digest e-mail…) in PENUMBRA_SAMPLES_DIR when
 * it is set, for an issue's closing note; does nothing otherwise.
 */
export function keepSample(name: string, content: string): void {
  const dir = process.env.PENUMBRA_SAMPLES_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), content);
}
