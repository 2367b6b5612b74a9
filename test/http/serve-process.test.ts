import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

describe('penumbra serve (a real process on a real socket)', () => {
  it('serves /healthz and /api/classify, keeps addresses and agents out of its logs, and stops on SIGTERM', async () => {
    const server = await startServeProcess({
      PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-serve-')),
    });
    const { url, output } = server;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const secretAgent =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.4242.4242 Safari/537.36';
    const response = await fetch(`${url}/api/classify?token=abc`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': secretAgent,
        'x-forwarded-for': '203.0.113.77',
      },
      body: JSON.stringify({
        url: 'https://news.example.org/a',
        referrer: 'https://www.bing.com/',
        userAgent: secretAgent,
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { source: string }).source).toBe('bing');
    expect(await server.stop()).toBe(0);
    expect(output()).toContain('Stopped.');
    expect(output()).toContain('/api/classify');
    expect(output()).not.toContain('203.0.113.77');
    expect(output()).not.toContain('remoteAddress');
    expect(output()).not.toContain('remotePort');
    expect(output()).not.toContain('4242.4242');
    expect(output()).not.toContain('token=abc');
  });

  it('refuses a bad configuration with a clear message and exit status 2', async () => {
    const child = spawnCli(['serve'], { env: { PENUMBRA_REDIRECT_STATUS: '303' } });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(2);
    expect(stderr).toContain('PENUMBRA_REDIRECT_STATUS');
  });
});
