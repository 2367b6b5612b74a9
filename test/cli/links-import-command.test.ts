import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkReport } from '../../src/links/bulk-kits.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { runCli } from '../helpers/run-cli.js';

for (const engine of ENGINES) {
  describe(`penumbra links import (as a process, ${engine})`, () => {
    let env: EngineEnv;
    let cliEnv: Record<string, string>;
    let site: Server;
    let base: string;
    let dir: string;

    beforeAll(async () => {
      site = createServer((request, response) => {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<title>Page ${request.url?.slice(1)}</title><meta name="description" content="Read it.">`);
      });
      site.listen(0, '127.0.0.1');
      await once(site, 'listening');
      base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      env = await engineEnv(engine, 'links_import');
      dir = mkdtempSync(join(tmpdir(), 'penumbra-links-import-'));
      cliEnv = {
        ...env.env,
        PENUMBRA_DATA_DIR: dir,
        PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
        PENUMBRA_ALLOW_PRIVATE_TARGETS: '1',
      };
      const added = await runCli(['sites', 'add', 'news.example.org'], { env: cliEnv });
      expect(added.code, added.stderr).toBe(0);
    });
    afterAll(async () => {
      await env?.drop();
      site?.close();
    });

    it('creates the good rows, prints each bad row with its line and why, and exits 1', async () => {
      const file = join(dir, 'kits.csv');
      writeFileSync(
        file,
        `url,channels,tags\n${base}/storm,whatsapp sms,weather\nmailto:someone@example.org,,\n${base}/heat,,heat;summer\n`,
      );
      const result = await runCli(
        ['links', 'import', file, '--site', 'news.example.org', '--channels', 'copy', '--autofill'],
        { env: cliEnv },
      );
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toMatch(/^LINE\s+RESULT/m);
      expect(result.stdout).toMatch(/^\s*2\s+created\s+https?:\/\/\S+/m);
      expect(result.stdout).toMatch(/^\s*3\s+target_scheme\s/m);
      expect(result.stdout).toMatch(/^\s*4\s+created\s/m);
      expect(result.stdout).toContain('2 kit(s) created, 1 row(s) failed');
      const listed = await runCli(['links', 'list', '--json'], { env: cliEnv });
      const titles = JSON.parse(listed.stdout).items.map((item: { title: string }) => item.title);
      expect(titles.sort()).toEqual(['Page heat', 'Page storm']);
    });

    it('reads a plain list from stdin, answers JSON, and exits 0 when every row is made', async () => {
      const result = await runCli(['links', 'import', '-', '--json'], {
        env: cliEnv,
        input: 'https://news.example.org/one\nhttps://news.example.org/two\n',
      });
      expect(result.code, result.stderr).toBe(0);
      const report: BulkReport = JSON.parse(result.stdout);
      expect(report).toMatchObject({ created: 2, failed: 0 });
      expect(report.rows.map((row) => row.url)).toEqual([
        'https://news.example.org/one',
        'https://news.example.org/two',
      ]);
    });

    it('refuses an empty file with a reason, and a missing file argument as a usage error', async () => {
      const empty = join(dir, 'empty.csv');
      writeFileSync(empty, '\n');
      const refused = await runCli(['links', 'import', empty], { env: cliEnv });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('csv_empty');
      const usage = await runCli(['links', 'import'], { env: cliEnv });
      expect(usage.code).toBe(2);
    });
  });
}
