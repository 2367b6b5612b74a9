import { type Dirent, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { ADDRESSES, AGENTS, BOT_TOKEN, COMPATIBLE_TOKEN, NEEDLES } from './needles.js';

/**
 * DESIGN.md §4, tested: traffic from known addresses and user agents goes through every entry
 * point (tracker events, short-link clicks, previews, bots), then every table, the database
 * files themselves and the server's log output are searched for those strings
 * (test/privacy-scan/needles.ts). The surfaces of issues 14 to 16 are scanned in
 * new-surfaces.test.ts.
 */
describe('privacy: raw IPs and user agents never reach storage or logs', () => {
  it('finds none of them in any table, in the database files, or in the log output', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-privacy-'));
    const env = { PENUMBRA_DATA_DIR: dataDir, PENUMBRA_TRUST_PROXY: 'true', LOG_LEVEL: 'trace' };
    await runCli(['sites', 'add', 'news.example.org'], { env });
    const kit = JSON.parse(
      (
        await runCli(
          [
            'links',
            'create',
            'https://news.example.org/a',
            '--site',
            'news.example.org',
            '--channels',
            'whatsapp',
            '--json',
          ],
          { env },
        )
      ).stdout,
    );
    const server = await startServeProcess(env);
    for (const [index, ip] of ADDRESSES.entries()) {
      for (const userAgent of AGENTS) {
        const headers = {
          'user-agent': userAgent,
          'x-forwarded-for': ip,
          origin: 'https://news.example.org',
        };
        const body = JSON.stringify({
          s: 'news.example.org',
          t: 'pageview',
          u: `https://news.example.org/story/${index}`,
          r: '',
        });
        await fetch(`${server.url}/api/event`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/plain' },
          body,
        });
        await fetch(`${server.url}/api/event`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/plain' },
          body: JSON.stringify({
            s: 'news.example.org',
            t: 'copy',
            u: 'https://news.example.org/story/1',
            v: 1,
          }),
        });
        await fetch(`${server.url}/${kit.variants[0].slug}`, { headers, redirect: 'manual' });
        await fetch(`${server.url}/no-such-link`, { headers, redirect: 'manual' });
      }
    }
    expect(await server.stop()).toBe(0);

    const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
    const dump = await store.dumpRows();
    const rows = JSON.stringify(dump);
    const botSources = (dump.events as { kind: string; source: string }[])
      .filter((row) => row.kind === 'bot')
      .map((row) => row.source);
    expect(new Set(botSources)).toEqual(new Set([BOT_TOKEN.slice(0, 40), COMPATIBLE_TOKEN.slice(0, 40)]));
    const events = await store.countEvents();
    await store.close();
    expect(events).toBeGreaterThanOrEqual(ADDRESSES.length * AGENTS.length * 2);
    // Every file under the data directory, the event spool's included.
    const files = (readdirSync(dataDir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'));
    const logs = server.output();
    expect(logs.length).toBeGreaterThan(1000);
    for (const needle of NEEDLES) {
      expect(rows, `table rows contain ${needle}`).not.toContain(needle);
      for (const file of files)
        expect(file.includes(needle), `a database file contains ${needle}`).toBe(false);
      expect(logs, `logs contain ${needle}`).not.toContain(needle);
    }
  }, 60_000);
});
