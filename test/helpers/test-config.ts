import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';

/** A config for in-process tests: a fresh data directory, a free port, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-test-')),
    ...overrides,
  });
}
