import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewHealthReport } from '../../src/stats/preview-health.js';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SLACK = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const FACEBOOK = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `%t` of the combined log format, in UTC. */
function logTime(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function line(time: number, path: string, status: number, agent: string, ip = '203.0.113.7'): string {
  return `${ip} - - [${logTime(time)}] "GET ${path} HTTP/1.1" ${status} 5120 "-" "${agent}"`;
}

/**
 * A CDN answering 403 to Slack's fetcher on 12 articles over the last days (and to its image
 * proxy once); WhatsApp and Facebook fetched fine, Facebook's last fetch refused; an old 403 of
 * WhatsApp's, from before the report's week, left out.
 */
function accessLog(now: number): string {
  const hour = 3_600_000;
  const lines: string[] = [];
  for (let page = 1; page <= 12; page++) {
    lines.push(line(now - page * 5 * hour, `/news/2026/story-${page}`, 403, SLACK, `54.209.1.${page}`));
  }
  lines.push(line(now - 2 * hour, '/news/2026/story-1', 403, SLACK, '54.209.1.99'));
  lines.push(line(now - 30 * hour, '/news/2026/story-3', 200, AGENTS.whatsappPreview, '57.141.0.5'));
  lines.push(line(now - 29 * hour, '/news/2026/story-4', 200, AGENTS.whatsappPreview, '57.141.0.6'));
  lines.push(line(now - 20 * 24 * hour, '/news/2026/old', 403, AGENTS.whatsappPreview, '57.141.0.7'));
  lines.push(line(now - 40 * hour, '/news/2026/story-5', 206, FACEBOOK, '2a03:2880:f800:1::1'));
  lines.push(line(now - 3 * hour, '/news/2026/story-6', 503, FACEBOOK, '2a03:2880:f800:1::2'));
  // People's visits are no preview fetches: never in the report.
  lines.push(line(now - hour, '/news/2026/story-1', 403, AGENTS.chromeDesktop, '198.51.100.4'));
  return `${lines.join('\n')}\n`;
}

for (const engine of ENGINES) {
  describe(`preview health from real fetches (${engine})`, () => {
    let t: TestApp;
    let env: EngineEnv;
    let report: PreviewHealthReport;
    const now = Date.now();

    beforeAll(async () => {
      env = await engineEnv(engine, 'preview_health');
      const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-health-'));
      const log = join(dataDir, 'access.log');
      writeFileSync(log, accessLog(now));
      const cliEnv = { ...env.env, PENUMBRA_DATA_DIR: dataDir };
      const added = await runCli(['sites', 'add', 'news.example.org'], { env: cliEnv });
      expect(added.code, added.stderr).toBe(0);
      for (let run = 0; run < 2; run++) {
        // Twice: a log imported again records no fetch twice.
        const imported = await runCli(['import-log', '--site', 'news.example.org', '--json', log], {
          env: cliEnv,
        });
        expect(imported.code, imported.stderr).toBe(0);
      }
      t = await startTestApp({ ...env.env, PENUMBRA_DATA_DIR: dataDir });
      const kit = await t.app.fastify.inject({
        method: 'POST',
        url: '/api/links',
        headers: { authorization: t.auth, 'content-type': 'application/json' },
        payload: JSON.stringify({
          url: 'https://news.example.org/news/2026/story-9',
          site: 'news.example.org',
        }),
      });
      expect(kit.statusCode).toBe(201);
      // A short link fetched by WhatsApp now: a share, answered 200 by the preview page.
      await t.app.fastify.inject({
        url: `/${kit.json().slug}`,
        headers: { 'user-agent': AGENTS.whatsappPreview },
      });
      await t.services.sink.flush();
      const response = await t.app.fastify.inject({
        url: '/api/previews/health?site=news.example.org&days=7',
        headers: { authorization: t.auth },
      });
      expect(response.statusCode).toBe(200);
      report = response.json();
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await env?.drop();
    });

    const app = (source: string) => {
      const found = report.apps.find((item) => item.source === source);
      if (!found) throw new Error(`no ${source} in ${JSON.stringify(report.apps)}`);
      return found;
    };

    it("flags Slack's fetcher: 403 on 12 pages this week, failing apps first", () => {
      expect(report.apps[0]?.source).toBe('slack');
      expect(app('slack')).toMatchObject({
        failing: true,
        lastStatus: 403,
        loggedFetches: 13,
        shares: 0,
        failures: [{ status: 403, fetches: 13, pages: 12 }],
      });
      expect(Date.parse(app('slack').lastFetchedAt)).toBeGreaterThan(now - 3 * 3_600_000);
    });

    it("counts WhatsApp's shares from the log and the short link, its last fetch a 200", () => {
      expect(app('whatsapp')).toMatchObject({
        failing: false,
        lastStatus: 200,
        loggedFetches: 2,
        shares: 3,
        shortLinkShares: 1,
        failures: [],
      });
    });

    it('flags an app whose newest fetch failed, and leaves out people and older days', () => {
      expect(app('facebook')).toMatchObject({
        failing: true,
        lastStatus: 503,
        loggedFetches: 2,
        shares: 1,
        failures: [{ status: 503, fetches: 1, pages: 1 }],
      });
      expect(report.apps.map((item) => item.source).sort()).toEqual(['facebook', 'slack', 'whatsapp']);
    });

    it("rounds a strict site's counts to 10, judging failing on the exact ones", async () => {
      const patch = (privacyMode: string) =>
        t.app.fastify.inject({
          method: 'PATCH',
          url: '/api/sites/news.example.org',
          headers: { authorization: t.auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ privacyMode }),
        });
      const before = await t.services.sites.find('news.example.org');
      expect((await patch('strict')).statusCode).toBe(200);
      try {
        const response = await t.app.fastify.inject({
          url: '/api/previews/health?site=news.example.org&days=7',
          headers: { authorization: t.auth },
        });
        const strict: PreviewHealthReport = response.json();
        expect(strict.roundedTo).toBe(10);
        const byApp = Object.fromEntries(strict.apps.map((item) => [item.source, item]));
        expect(byApp.slack).toMatchObject({
          failing: true,
          loggedFetches: 10,
          failures: [{ status: 403, fetches: 10, pages: 10 }],
        });
        expect(byApp.whatsapp).toMatchObject({ shares: 0, shortLinkShares: 0, loggedFetches: 0 });
        expect(byApp.facebook).toMatchObject({
          failing: true,
          shares: 0,
          failures: [{ fetches: 0, pages: 0 }],
        });
      } finally {
        expect((await patch(before?.privacyMode ?? 'anonymous')).statusCode).toBe(200);
      }
    });

    it('refuses an unknown site and bad days with problem details', async () => {
      const unknown = await t.app.fastify.inject({
        url: '/api/previews/health?site=nowhere.example&days=7',
        headers: { authorization: t.auth },
      });
      expect(unknown.statusCode).toBe(404);
      const days = await t.app.fastify.inject({
        url: '/api/previews/health?site=news.example.org&days=0',
        headers: { authorization: t.auth },
      });
      expect(days.statusCode).toBe(400);
      expect(days.headers['content-type']).toContain('application/problem+json');
    });
  });
}
