import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

describe('the CLI and the server share one store', () => {
  it('makes a kit with the CLI while the server runs; every request is stored once after SIGTERM', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-shared-')), LOG_LEVEL: 'silent' };
    const server = await startServeProcess(env);
    const added = await runCli(['sites', 'add', 'news.example.org', '--timezone', 'Europe/Paris'], { env });
    expect(added.code).toBe(0);
    const created = await runCli(
      [
        'links',
        'create',
        'https://news.example.org/a/story',
        '--site',
        'news.example.org',
        '--channels',
        'whatsapp,sms',
        '--title',
        'A story',
        '--json',
      ],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
    const kit = JSON.parse(created.stdout);
    const whatsapp = kit.variants.find((variant: { channel: string }) => variant.channel === 'whatsapp');

    const people = 120;
    const previews = 30;
    const bots = 10;
    const hit = (userAgent: string) =>
      fetch(`${server.url}/${whatsapp.slug}`, { headers: { 'user-agent': userAgent }, redirect: 'manual' });
    const responses = await Promise.all([
      ...Array.from({ length: people }, () => hit(AGENTS.safariIphone)),
      ...Array.from({ length: previews }, () => hit(AGENTS.whatsappPreview)),
      ...Array.from({ length: bots }, () => hit(AGENTS.curl)),
    ]);
    expect(responses.filter((response) => response.status === 302)).toHaveLength(people + bots);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(previews);
    expect(await server.stop()).toBe(0);

    const stats = await runCli(['links', 'stats', kit.slug, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    const result = JSON.parse(stats.stdout);
    expect(result.totals).toEqual({ clicks: people, previews, bots });
    const table = await runCli(['links', 'stats', whatsapp.slug], { env });
    // The WhatsApp link: 120 clicks for its 30 previews, all drawn by WhatsApp (issue 16).
    expect(table.stdout).toMatch(/whatsapp\s+\S+\s+120\s+30\s+10\s+4\s+whatsapp 30/);
  }, 60_000);

  it('creates API tokens that the API accepts, printed alone on the last line', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-token-')), LOG_LEVEL: 'silent' };
    const created = await runCli(['token', 'create', '--name', 'ci'], { env });
    expect(created.code).toBe(0);
    const secret = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(secret).toMatch(/^pn_[\w-]{40,}$/);
    const duplicate = await runCli(['token', 'create', '--name', 'ci'], { env });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('name_taken');
    const server = await startServeProcess(env);
    const ok = await fetch(`${server.url}/api/links`, { headers: { authorization: `Bearer ${secret}` } });
    const refused = await fetch(`${server.url}/api/links`);
    expect(ok.status).toBe(200);
    expect(refused.status).toBe(401);
    expect(await server.stop()).toBe(0);
    expect((await runCli(['token', 'list'], { env })).stdout).toContain('ci');
    expect((await runCli(['token', 'revoke', 'ci'], { env })).code).toBe(0);
  }, 60_000);

  it('reports bad input with its code and exit status 1, and usage errors with 2', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-bad-')), LOG_LEVEL: 'silent' };
    const bad = await runCli(['links', 'create', 'ftp://example.org/file'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('target_scheme');
    const usage = await runCli(['links', 'create'], { env });
    expect(usage.code).toBe(2);
    const unknownSub = await runCli(['links', 'explode'], { env });
    expect(unknownSub.code).toBe(2);
  }, 30_000);
});
