import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `npm run check:redos` on a folder: its exit code and output. */
async function checkRedos(folder: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/check-redos.mjs', folder]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** The CI check of issue 13, finding 8, run on files written for the purpose. */
describe('scripts/check-redos.mjs', () => {
  it('fails on a super-linear literal and an unexplained dynamic RegExp, naming file:line and an attack', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'penumbra-redos-'));
    writeFileSync(
      join(folder, 'bad.ts'),
      [
        'const fine = /^[a-z]+$/;',
        'const slow = /([A-Za-z][\\w-]*(?:bot|spider)[\\w-]*)/i;',
        "const built = new RegExp(['a', 'b'].join('|'));",
        'const divided = 4 / 2 / 1;',
      ].join('\n'),
    );
    const { code, output } = await checkRedos(folder);
    expect(code).toBe(1);
    expect(output).toMatch(/bad\.ts:2 .*polynomial.*attack: /);
    expect(output).toContain('bad.ts:3  new RegExp(<expression>)');
    expect(output).not.toContain('bad.ts:1');
    expect(output).not.toContain('bad.ts:4');
  }, 60_000);

  it('passes linear patterns, constant templates and explained dynamic ones', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'penumbra-redos-'));
    writeFileSync(
      join(folder, 'good.tsx'),
      [
        "const WORD = '[a-z0-9-]{1,40}';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a file under test
        'const TOKEN = new RegExp(`^a\\\\.(${WORD})$`);',
        '// redos-safe: joined from the checked literals above',
        "const any = new RegExp([TOKEN.source].join('|'));",
        'const el = <p class="x">{/(?<!\\/)\\/+$/.test("a//") ? 1 : 2}</p>;',
      ].join('\n'),
    );
    const { code, output } = await checkRedos(folder);
    expect(output).toMatch(/check:redos: 2 regular expressions are linear/);
    expect(code).toBe(0);
  }, 60_000);
});
