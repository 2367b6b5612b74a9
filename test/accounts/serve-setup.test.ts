import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServeProcess } from '../helpers/serve-process.js';
import { OWNER_PASSWORD } from './account-app.js';

const SETUP_LINE = /^Set up Penumbra: (http:\/\/localhost:\d+)\/setup\?token=([A-Za-z0-9_-]{43})$/m;

describe('penumbra serve on a fresh data directory (a real process)', () => {
  it('prints the one-time setup URL once listening; the token creates the owner once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-setup-'));
    const first = await startServeProcess({ PENUMBRA_DATA_DIR: dataDir });
    const deadline = Date.now() + 10_000;
    while (!SETUP_LINE.test(first.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const output = first.output();
    const match = SETUP_LINE.exec(output);
    expect(match, output).not.toBeNull();
    expect(output.indexOf('listening on')).toBeLessThan(output.indexOf('Set up Penumbra:'));
    expect(output.match(/Set up Penumbra:/g)).toHaveLength(1);
    const [, origin, token] = match ?? [];
    expect(origin).toBe(`http://localhost:${new URL(first.url).port}`);

    const setup = (email: string) =>
      fetch(`${first.url}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email, name: 'Owner', password: OWNER_PASSWORD }),
      });
    expect((await setup('owner@example.org')).status).toBe(201);
    expect((await setup('again@example.org')).status).toBe(409);
    expect(await first.stop()).toBe(0);

    // Once an owner exists, a restart prints no setup URL.
    const second = await startServeProcess({
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_BASE_URL: 'https://stats.example.org',
    });
    const state = await fetch(`${second.url}/api/auth/state`);
    expect(await state.json()).toMatchObject({ setupRequired: false });
    expect(await second.stop()).toBe(0);
    expect(second.output()).not.toContain('Set up Penumbra');
  }, 60_000);

  it('prints PENUMBRA_BASE_URL in the setup URL when it is set', async () => {
    const server = await startServeProcess({
      PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-setup-')),
      PENUMBRA_BASE_URL: 'https://stats.example.org',
    });
    expect(await server.stop()).toBe(0);
    expect(server.output()).toMatch(
      /^Set up Penumbra: https:\/\/stats\.example\.org\/setup\?token=[\w-]{43}$/m,
    );
  }, 60_000);
});
