import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createServices } from '../../src/services.js';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';
import { testConfig } from '../helpers/test-config.js';

const SITE = 'local.example';

/*
 * `penumbra sites check` and `sites update` as processes (issue 16): a page served from
 * localhost is refused, the check says so and names the fix, `sites update --add-origin` applies
 * it, and the check then sees the snippet. The events go through a server on the same store.
 */
describe('penumbra sites check and sites update (as processes)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-sites-check-'));
  const env = { PENUMBRA_DATA_DIR: dataDir };

  /** One event from `origin` through a server opened on the data directory, closed after (its counts written). */
  async function sendEvent(origin: string): Promise<number> {
    const services = await createServices(testConfig({ PENUMBRA_DATA_DIR: dataDir }), { warmCache: true });
    const app = buildApp({ services, logger: false });
    try {
      await app.fastify.ready();
      const response = await app.fastify.inject({
        method: 'POST',
        url: '/api/event',
        headers: { 'content-type': 'text/plain', origin, 'user-agent': AGENTS.chromeDesktop },
        payload: JSON.stringify({ s: SITE, t: 'pageview', u: `${origin}/article` }),
      });
      return response.statusCode;
    } finally {
      await app.fastify.close();
      await services.close();
    }
  }

  it('waits, shows the refused local origin with its fix, then sees the snippet once the origin is added', async () => {
    const added = await runCli(['sites', 'add', SITE], { env });
    expect(added.code).toBe(0);
    // The first steps, on the public URL (no server yet: the default one).
    expect(added.stdout).toContain(
      `<script defer src="http://localhost:8080/p.js" data-site="${SITE}"></script>`,
    );
    expect(added.stdout).toContain(`penumbra sites check ${SITE}`);

    const waiting = await runCli(['sites', 'check', SITE], { env });
    expect(waiting.code).toBe(1);
    expect(waiting.stdout).toContain(`${SITE}: waiting for the first event`);

    expect(await sendEvent('http://localhost:5173')).toBe(403);
    const refused = await runCli(['sites', 'check', SITE], { env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('every one was refused');
    expect(refused.stdout).toContain('refused  http://localhost:5173: 1 attempt(s)');
    expect(refused.stdout).toContain(`penumbra sites update ${SITE} --add-origin localhost`);

    const updated = await runCli(
      ['sites', 'update', SITE, '--add-origin', 'localhost', '--timezone', 'Europe/Paris', '--json'],
      { env },
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      extraOrigins: ['localhost'],
      timezone: 'Europe/Paris',
    });

    expect(await sendEvent('http://localhost:5173')).toBe(200);
    const seen = await runCli(['sites', 'check', SITE, '--json'], { env });
    expect(seen.code).toBe(0);
    expect(JSON.parse(seen.stdout)).toMatchObject({
      status: 'seen',
      lastSeenOrigin: 'http://localhost:5173',
      refused: [expect.objectContaining({ origin: 'http://localhost:5173', allowedNow: true })],
    });
    const text = await runCli(['sites', 'check', SITE], { env });
    expect(text.stdout).toContain(`${SITE}: snippet seen, last event at`);
    expect(text.stdout).toContain('(allowed now)');
  }, 60_000);

  it('edits origins one by one, refuses bad values and unknown sites', async () => {
    const added = await runCli(['sites', 'update', SITE, '--add-origin', 'staging.local.example', '--json'], {
      env,
    });
    expect(JSON.parse(added.stdout).extraOrigins).toEqual(['localhost', 'staging.local.example']);
    const removed = await runCli(['sites', 'update', SITE, '--remove-origin', 'localhost', '--json'], {
      env,
    });
    expect(JSON.parse(removed.stdout).extraOrigins).toEqual(['staging.local.example']);

    const zone = await runCli(['sites', 'update', SITE, '--timezone', 'Mars/Olympus'], { env });
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('timezone_invalid');
    const nothing = await runCli(['sites', 'update', SITE], { env });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('say what to change');

    for (const args of [
      ['sites', 'check', 'lcoal.example'],
      ['sites', 'update', 'lcoal.example', '--timezone', 'UTC'],
    ]) {
      const unknown = await runCli(args, { env });
      expect(unknown.code, args.join(' ')).toBe(2);
      expect(unknown.stderr).toContain(`there is no site "lcoal.example". Known sites: ${SITE}.`);
    }
    const listed = await runCli(['sites', 'list'], { env });
    expect(listed.stdout).toMatch(/EXTRA ORIGINS[\s\S]*staging\.local\.example/);
  }, 60_000);
});
