import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const SITE = 'news.example.org';
const GOOD =
  '203.0.113.10 - - [15/Oct/2024:08:00:01 +0200] "GET /world/story HTTP/1.1" 200 18231 "android-app://com.whatsapp/" "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Mobile Safari/537.36"';

/*
 * Commands that reported success on failure (issue 16): `import-log` of a file that is not an
 * access log exited 0, and `--site` with a typo silently created a new site (import-log, seed).
 */
describe('--site names an existing site; import-log fails on unreadable input (as processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-site-option-'));
  const env = { PENUMBRA_DATA_DIR: join(dir, 'data') };
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const sites = async () =>
    (JSON.parse((await runCli(['sites', 'list', '--json'], { env })).stdout) as { domain: string }[]).map(
      (site) => site.domain,
    );

  beforeAll(async () => {
    expect((await runCli(['sites', 'add', SITE], { env })).code).toBe(0);
  });

  it('stops at a mistyped --site with exit status 2 and the known sites, creating nothing', async () => {
    const log = file('one.log', `${GOOD}\n`);
    for (const args of [
      ['import-log', '--site', 'news.exmaple.org', log],
      ['seed', '--site', 'news.exmaple.org', '--events', '10'],
      ['links', 'create', 'https://news.example.org/a', '--site', 'news.exmaple.org'],
      ['privacy', 'status', '--site', 'news.exmaple.org'],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`there is no site "news.exmaple.org". Known sites: ${SITE}.`);
    }
    const imported = await runCli(['import-log', '--site', 'news.exmaple.org', log], { env });
    expect(imported.stderr).toContain('or pass --create-site to create it');
    expect(await sites()).toEqual([SITE]);
  }, 60_000);

  it('creates the site only with --create-site', async () => {
    const log = file('new.log', `${GOOD}\n`);
    const imported = await runCli(['import-log', '--site', 'blog.example.org', '--create-site', log], {
      env,
    });
    expect(imported.code, imported.stderr).toBe(0);
    const seeded = await runCli(['seed', '--site', 'demo.example.org', '--create-site', '--events', '50'], {
      env,
    });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect((await sites()).sort()).toEqual(['blog.example.org', 'demo.example.org', SITE]);
  }, 60_000);

  it('fails a file with no valid line (a README) with a clear message', async () => {
    const result = await runCli(['import-log', '--site', SITE, README], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /penumbra import-log: none of the [\d,]+ lines could be read: nothing was imported\./,
    );
    expect(result.stderr).toContain('--format');
  }, 60_000);

  it('fails when bad lines pass --max-bad-ratio (default 0.5), and takes a higher one', async () => {
    const log = file('mixed.log', `${GOOD}\nnot a log line\nnor this one\n`);
    const strict = await runCli(['import-log', '--site', SITE, log], { env });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('67 % of the lines were bad (2 of 3), over --max-bad-ratio 0.5');
    expect(strict.stderr).toContain('The 1 good line was imported.');
    const lenient = await runCli(['import-log', '--site', SITE, '--max-bad-ratio', '0.7', log], { env });
    expect(lenient.code, lenient.stderr).toBe(0);
    const wrong = await runCli(['import-log', '--site', SITE, '--max-bad-ratio', '2', log], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--max-bad-ratio is a number from 0 to 1');
  }, 60_000);

  it('says "1 line" and "1 event", without a rate for a tiny file', async () => {
    const log = file('single.log', `${GOOD.replace('/world/story', '/world/other')}\n`);
    const result = await runCli(['import-log', '--site', SITE, log], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 line: 1 event stored');
    expect(result.stderr).toMatch(/penumbra import-log: 1 line \([\d.]+ [kB]+\) in \d+\.\d s\n/);
    expect(result.stderr).not.toContain('lines/s');
  }, 60_000);
});
