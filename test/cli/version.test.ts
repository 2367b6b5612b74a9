import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('penumbra --version (as a process)', () => {
  it('prints the package version with --version, -v and version, exit status 0', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const result = await runCli([flag]);
      expect(result.code, flag).toBe(0);
      expect(result.stdout).toBe(`penumbra ${version}\n`);
    }
  });
});
