import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

const SITE = 'news.example.org';

/**
 * Issue 14: `penumbra links stats` prints the kit's conversions per goal — the visits its variants
 * brought that met a goal — and not those of a search visit to the same page.
 */
describe('penumbra links stats with goals', () => {
  it('prints the conversions of the visits the kit brought, per goal, over the period', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-kitconv-')), LOG_LEVEL: 'silent' };
    const server = await startServeProcess(env);
    expect((await runCli(['sites', 'add', SITE, '--timezone', 'UTC'], { env })).code).toBe(0);
    const goal = await runCli(['goals', 'add', '--site', SITE, '--name', 'Sign-up', '--event', 'signup'], {
      env,
    });
    expect(goal.code, goal.stderr).toBe(0);
    const created = await runCli(
      [
        'links',
        'create',
        `https://${SITE}/article`,
        '--site',
        SITE,
        '--channels',
        'whatsapp,email',
        '--json',
      ],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
    const kit = JSON.parse(created.stdout);
    const whatsapp = kit.variants.find((variant: { channel: string }) => variant.channel === 'whatsapp');
    const tap = await fetch(`${server.url}/${whatsapp.slug}`, {
      headers: { 'user-agent': AGENTS.safariIphone },
      redirect: 'manual',
    });
    const landing = String(tap.headers.get('location'));
    expect(new URL(landing).searchParams.get('utm_source')).toBe('whatsapp');
    const send = (agent: string, body: Record<string, unknown>) =>
      fetch(`${server.url}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: `https://${SITE}`, 'user-agent': agent },
        body: JSON.stringify({ s: SITE, ...body }),
      });
    for (const [person, url, referrer] of [
      ['a', landing, undefined],
      ['b', landing, undefined],
      ['c', `https://${SITE}/article`, 'https://www.google.com/'],
    ] as const) {
      const agent = `${AGENTS.chromeDesktop} ${person}`;
      expect(
        (await send(agent, { t: 'pageview', u: url, ...(referrer ? { r: referrer } : {}) })).status,
      ).toBeLessThan(300);
      expect((await send(agent, { t: 'event', n: 'signup', u: url })).status).toBeLessThan(300);
    }
    // The server writes events every 100 ms and folds them about once a second; kit conversions
    // are read from the folded claims.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await server.stop()).toBe(0);

    const json = await runCli(['links', 'stats', kit.slug, '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).conversions).toMatchObject({
      total: 2,
      converters: 2,
      byGoal: [{ goal: 'Sign-up', conversions: 2, converters: 2 }],
    });
    const table = await runCli(['links', 'stats', kit.slug], { env });
    expect(table.stdout).toMatch(
      /Conversions from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} .*: 2 {3}converters 2/,
    );
    expect(table.stdout).toMatch(/Sign-up\s+2\s+2/);
    const before = await runCli(['links', 'stats', kit.slug, '--from', '2020-01-01', '--to', '2020-01-31'], {
      env,
    });
    expect(before.stdout).toMatch(/Sign-up\s+0\s+0/);
    const wrong = await runCli(['links', 'stats', kit.slug, '--from', '2020-02-31', '--to', '2020-03-01'], {
      env,
    });
    expect(wrong.code).toBe(1);
  }, 60_000);
});
