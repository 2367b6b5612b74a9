import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

/*
 * Issue 16: `penumbra links stats` printed short URLs on localhost:8080 while the server ran
 * elsewhere. Every command takes the server's public URL: PENUMBRA_BASE_URL, else the URL the
 * server on the same data directory serves on; the snippet tag is built on the same one.
 */
describe('the public URL, one answer for the server and the CLI (as processes)', () => {
  it('prints short links and the snippet on the running server, not on a default port', async () => {
    const env = {
      PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-public-url-')),
      LOG_LEVEL: 'silent',
    };
    const server = await startServeProcess(env);
    try {
      const port = new URL(server.url).port;
      const base = `http://localhost:${port}`;
      expect(port).not.toBe('8080');
      // Printed right after "listening", which is all startServeProcess waits for.
      const said = `Short links and the snippet use ${base}; set PENUMBRA_BASE_URL`;
      for (let wait = 0; wait < 100 && !server.output().includes(said); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(server.output()).toContain(said);
      expect((await runCli(['sites', 'add', 'news.example.org'], { env })).code).toBe(0);
      const created = await runCli(
        ['links', 'create', 'https://news.example.org/a', '--site', 'news.example.org', '--json'],
        { env },
      );
      expect(created.code, created.stderr).toBe(0);
      const kit = JSON.parse(created.stdout);
      expect(kit.shortUrl).toBe(`${base}/${kit.slug}`);
      const stats = await runCli(['links', 'stats', kit.slug], { env });
      expect(stats.stdout).toContain(`${base}/${kit.slug}`);
      expect(stats.stdout).not.toContain('localhost:8080');
      // The short link works where it says.
      expect((await fetch(kit.shortUrl, { redirect: 'manual' })).status).toBe(302);
      const check = await runCli(['sites', 'check', 'news.example.org', '--json'], { env });
      expect(JSON.parse(check.stdout).snippet).toBe(
        `<script defer src="${base}/p.js" data-site="news.example.org"></script>`,
      );

      const configured = { ...env, PENUMBRA_BASE_URL: 'https://go.example.org' };
      const listed = await runCli(['links', 'list', '--json'], { env: configured });
      expect(JSON.parse(listed.stdout).items[0].shortUrl).toBe(`https://go.example.org/${kit.slug}`);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
