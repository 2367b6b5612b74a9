import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';

/*
 * Freshness (issue 12): an event is in the stats API within 2 s of being answered, through a
 * real server process on a real socket. Reads add the events not folded yet, so this holds
 * between folds; the server's background fold then moves the watermark past the event.
 */

const SITE = 'fresh.example';
const ORIGIN = `https://${SITE}`;

describe('freshness of the stats API', () => {
  it('counts a page view within 2 s of its answer, and folds it in the background', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-fresh-'));
    const env = { PENUMBRA_DATA_DIR: dataDir };
    expect((await runCli(['sites', 'add', SITE], { env })).code).toBe(0);
    const token = await runCli(['token', 'create', '--name', 'fresh'], { env });
    const auth = `Bearer ${token.stdout.trim().split('\n').at(-1)}`;
    const server = await startServeProcess(env);
    try {
      const pageviews = async (): Promise<number> => {
        const today = new Date().toISOString().slice(0, 10);
        const response = await fetch(`${server.url}/api/stats/query`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            site: SITE,
            metrics: ['pageviews'],
            date_range: [today, today],
            // Today in UTC: the site's zone is UTC by default.
          }),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { results: { metrics: number[] }[] };
        return body.results[0]?.metrics[0] ?? 0;
      };
      expect(await pageviews()).toBe(0);
      const sent = Date.now();
      const answer = await fetch(`${server.url}/api/event`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin: ORIGIN,
          'user-agent': AGENTS.safariIphone,
        },
        body: JSON.stringify({ s: SITE, t: 'pageview', u: `${ORIGIN}/fresh`, r: 'https://t.co/' }),
      });
      expect(answer.status).toBeLessThan(300);
      const answered = Date.now();
      let seen = 0;
      while (seen === 0 && Date.now() - answered < 5_000) {
        seen = await pageviews();
        if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const latency = Date.now() - answered;
      expect(seen).toBe(1);
      expect(
        latency,
        `counted ${latency} ms after its answer (${answered - sent} ms to answer)`,
      ).toBeLessThan(2_000);
      // The background fold (about once a second) moves the watermark past it.
      const deadline = Date.now() + 5_000;
      let watermark = 0;
      while (watermark === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const db = new Database(join(dataDir, 'penumbra.db'), { readonly: true });
        watermark = (db.prepare('SELECT folded_id FROM rollup_watermark').get() as { folded_id: number })
          .folded_id;
        db.close();
      }
      expect(watermark).toBeGreaterThan(0);
      expect(await pageviews()).toBe(1);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 30_000);
});
