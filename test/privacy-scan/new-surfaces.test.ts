import { type Dirent, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makePng } from '../helpers/preview-site.js';
import { runCli } from '../helpers/run-cli.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { WebhookReceiver } from '../outbox/webhook-receiver.js';
import { ADDRESSES, AGENTS, NEEDLES } from './needles.js';

/*
 * DESIGN.md §4 for the surfaces issues 14 to 16 added, tested the way no-ip-no-agent.test.ts
 * tests the older ones: the same addresses and user agents go through the install check (events
 * from a listed and an unlisted origin), the preview lab and kit auto-fill (viewers' requests that
 * make the server fetch a page), a variant's own preview, bulk kits, webhook endpoints and their
 * signed deliveries (link.shared and link.clicked batched from those very previews and clicks,
 * alert.triggered fired by them, goal.converted and a goal's alert from the page views),
 * digest recipients, the unsubscribe page, and import-log's preview fetches. Then every table
 * (install_sightings, variant_previews, preview_fetches, webhook_endpoints, outbox,
 * outbox_attempts, report_recipients, audit_log… dumped generically), the database files, the
 * server's and the CLI's output, every webhook delivery and every request the server sent to the
 * page it fetched are searched for them. Webhook deliveries must not carry a visitor hash either.
 */

const SITE = 'news.example.org';
const WINDOW_MS = 1_000;

/** A page with a card's tags and its image, which records every request it gets, headers and all. */
async function startRecordingPage() {
  const seen: string[] = [];
  const image = makePng(1200, 630);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`);
    if (request.url?.startsWith('/card.png')) {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length }).end(image);
      return;
    }
    const origin = `http://${request.headers.host}`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html><head><title>Rivers</title>
      <meta property="og:title" content="Rivers of the Alps">
      <meta property="og:description" content="A summer on the water, from source to lake.">
      <meta property="og:image" content="${origin}/card.png">
      <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
      <meta property="og:url" content="${origin}${request.url}"></head><body>Rivers</body></html>`,
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    url: (path: string) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A combined-format access log of the site, a line per address and agent (import-log's input). */
function accessLog(): string {
  const stamp = new Date()
    .toUTCString()
    .replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  return ADDRESSES.flatMap((ip, index) =>
    AGENTS.map(
      (agent) => `${ip} - - [${stamp}] "GET /story/${index}?ref=imported HTTP/1.1" 200 5120 "-" "${agent}"`,
    ),
  ).join('\n');
}

describe("privacy: issues 14 to 16's surfaces keep raw IPs and user agents out of storage, logs and deliveries", () => {
  it('finds none of them in any table, file, log, webhook delivery or fetch, and no visitor hash in a delivery', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-privacy-new-'));
    const env = {
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_TRUST_PROXY: 'true',
      LOG_LEVEL: 'trace',
      // The page the lab and auto-fill fetch is on 127.0.0.1.
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
      PENUMBRA_ALLOW_PRIVATE_TARGETS: '1',
      PENUMBRA_DELIVERY_TICK_MS: '50',
      PENUMBRA_WEBHOOK_BATCH_MS: String(WINDOW_MS),
    };
    const cliOutput: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli(args, { env });
      cliOutput.push(result.stdout, result.stderr);
      expect([args[0], result.code]).toEqual([args[0], 0]);
      return result.stdout;
    };
    await cli(['sites', 'add', SITE]);
    const kit = JSON.parse(
      await cli(['links', 'create', `https://${SITE}/a`, '--site', SITE, '--channels', 'whatsapp', '--json']),
    ) as { variants: { id: string; slug: string }[] };
    const variant = kit.variants[0];
    if (!variant) throw new Error('a WhatsApp variant expected');
    const secret = (await cli(['token', 'create', '--name', 'privacy-scan'])).trim();

    /** Secrets that must not be logged either: the endpoint's signing key, an unsubscribe token. */
    const secrets = [secret, 'not-a-recipient.forged'];
    const page = await startRecordingPage();
    const receiver = new WebhookReceiver();
    const hookUrl = await receiver.start();
    const server = await startServeProcess(env);
    try {
      const api = async (ip: string, agent: string, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${secret}`,
            'user-agent': agent,
            'x-forwarded-for': ip,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, text };
      };
      const [firstIp = '', firstAgent = ''] = [ADDRESSES[0], AGENTS[2]];
      const hook = await api(firstIp, firstAgent, 'POST', `/api/sites/${SITE}/webhooks`, { url: hookUrl });
      expect(hook.status).toBe(201);
      const endpoint = JSON.parse(hook.text) as { endpoint: { id: string }; secret: string };
      receiver.secret = endpoint.secret;
      secrets.push(endpoint.secret);
      const recipient = await api(firstIp, firstAgent, 'POST', `/api/sites/${SITE}/reports/recipients`, {
        kind: 'email',
        address: `desk@${SITE}`,
      });
      expect(recipient.status).toBe(201);
      // Alerts that fire at once on this traffic: no usual level yet, no quiet hours.
      for (const kind of ['kit-previews', 'page-spike']) {
        const rule = await api(firstIp, firstAgent, 'POST', `/api/sites/${SITE}/alerts`, {
          kind,
          windowMinutes: 15,
          minCount: 1,
          factor: 1,
          quietStart: null,
          quietEnd: null,
        });
        expect([kind, rule.status]).toEqual([kind, 201]);
      }
      // A goal every story view converts (they arrive without a referrer: dark social), its
      // alert rule and its goal.converted batches.
      const goal = await api(firstIp, firstAgent, 'POST', `/api/sites/${SITE}/goals`, {
        name: 'Read a story',
        kind: 'page',
        pathPattern: '/story/*',
      });
      expect(goal.status).toBe(201);
      const goalRule = await api(firstIp, firstAgent, 'POST', `/api/sites/${SITE}/alerts`, {
        kind: 'goal-dark-social',
        goalId: (JSON.parse(goal.text) as { id: string }).id,
        windowMinutes: 15,
        minCount: 1,
        factor: 1,
        quietStart: null,
        quietEnd: null,
      });
      expect(goalRule.status).toBe(201);
      // The server's upkeep sets the site's batch cursor on its first run: the traffic comes after.
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 1.5));

      for (const [index, ip] of ADDRESSES.entries()) {
        for (const agent of AGENTS) {
          for (const origin of [`https://${SITE}`, 'https://mirror.example.net']) {
            // The install check remembers both: taken from the site, refused from the mirror.
            await fetch(`${server.url}/api/event`, {
              method: 'POST',
              headers: { 'user-agent': agent, 'x-forwarded-for': ip, origin, 'content-type': 'text/plain' },
              body: JSON.stringify({ s: SITE, t: 'pageview', u: `${origin}/story/${index}`, r: '' }),
            });
          }
          // WhatsApp's agent draws a preview, the browsers click: link.shared and link.clicked.
          await fetch(`${server.url}/${variant.slug}`, {
            headers: { 'user-agent': agent, 'x-forwarded-for': ip },
            redirect: 'manual',
          });
          const calls: [string, string, unknown?][] = [
            ['GET', `/api/sites/${SITE}/install`],
            ['PUT', `/api/links/${variant.id}/preview`, { title: `Shorter, ${index}` }],
            ['POST', '/api/previews/check', { url: page.url(`/rivers?n=${index}`), apps: ['whatsapp', 'x'] }],
            ['POST', '/api/links/autofill', { url: page.url(`/autofill?n=${index}`) }],
          ];
          for (const [method, path, body] of calls) {
            const answer = await api(ip, agent, method, path, body);
            expect([method, path, answer.status]).toEqual([method, path, 200]);
          }
        }
        const bulk = await api(ip, AGENTS[3] ?? '', 'POST', '/api/links/bulk', {
          csv: `url\nhttps://${SITE}/bulk/${index}`,
          site: SITE,
          autofill: false,
        });
        expect([bulk.status, JSON.parse(bulk.text).created]).toEqual([200, 1]);
        const ping = await api(
          ip,
          AGENTS[2] ?? '',
          'POST',
          `/api/sites/${SITE}/webhooks/${endpoint.endpoint.id}/test`,
        );
        expect(ping.status).toBe(202);
        const forged = await fetch(`${server.url}/unsubscribe/not-a-recipient.forged`, {
          headers: { 'user-agent': AGENTS[2] ?? '', 'x-forwarded-for': ip },
        });
        expect(forged.status).toBe(404);
      }
      const install = JSON.parse((await api(firstIp, firstAgent, 'GET', `/api/sites/${SITE}/install`)).text);
      expect(JSON.stringify(install)).toContain('mirror.example.net');

      // The window of the traffic closes; the upkeep queues its batches and the dispatcher sends them.
      const byType = (type: string) => (d: { json: { type: string } }) => d.json.type === type;
      await receiver.waitFor(1, byType('link.shared'), 20_000);
      await receiver.waitFor(1, byType('link.clicked'), 20_000);
      await receiver.waitFor(ADDRESSES.length, byType('test'), 20_000);
      await receiver.waitFor(1, byType('alert.triggered'), 20_000);
      await receiver.waitFor(1, byType('goal.converted'), 20_000);
      await receiver.waitFor(
        1,
        (d) =>
          d.json.type === 'alert.triggered' && (d.json.data as { rule?: string }).rule === 'goal-dark-social',
        20_000,
      );
    } finally {
      expect(await server.stop()).toBe(0);
      await page.close();
      await receiver.close();
    }

    const log = join(dataDir, 'access.log');
    writeFileSync(log, `${accessLog()}\n`);
    await cli(['import-log', '--site', SITE, log]);

    const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
    const dump = await store.dumpRows();
    await store.close();
    const rows = JSON.stringify(dump);
    // Each new table holds what this traffic left, so that searching it proves something.
    const count = (table: string) => dump[table]?.length ?? 0;
    for (const table of [
      'install_sightings',
      'variant_previews',
      'preview_fetches',
      'webhook_endpoints',
      'outbox',
      'outbox_attempts',
      'report_recipients',
      'alert_rules',
      'alert_firings',
      'audit_log',
      'goals',
      'goal_visitor_days',
    ]) {
      expect([table, count(table) > 0]).toEqual([table, true]);
    }
    const outcomes = (dump.install_sightings as { outcome: string }[]).map(({ outcome }) => outcome);
    expect(new Set(outcomes).size).toBeGreaterThanOrEqual(2);

    const deliveries = receiver.received.map((d) => `${JSON.stringify(d.headers)}\n${d.body}`).join('\n');
    expect(receiver.received.every((d) => d.verified)).toBe(true);
    const fetched = page.seen.join('\n');
    // The viewer's credentials and forwarding headers stay with Penumbra: the page gets the app's own request.
    expect(fetched).not.toContain(secret);
    expect(fetched).not.toMatch(/"(x-forwarded-for|forwarded|cookie|authorization)"/i);
    expect(page.seen.length).toBeGreaterThanOrEqual(ADDRESSES.length * 2);
    const files = (readdirSync(dataDir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile() && entry.name !== 'access.log')
      .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'));
    const logs = server.output();
    expect(logs.length).toBeGreaterThan(1000);
    const printed = cliOutput.join('\n');
    for (const needle of NEEDLES) {
      expect(rows, `table rows contain ${needle}`).not.toContain(needle);
      for (const file of files)
        expect(file.includes(needle), `a database file contains ${needle}`).toBe(false);
      expect(logs, `logs contain ${needle}`).not.toContain(needle);
      expect(printed, `the CLI printed ${needle}`).not.toContain(needle);
      expect(deliveries, `a webhook delivery carries ${needle}`).not.toContain(needle);
      expect(fetched, `a fetched page was sent ${needle}`).not.toContain(needle);
    }
    // The unsubscribe requests were logged, with the token left out (app.ts SECRET_PATH).
    expect(logs).toContain('/unsubscribe/:token');
    for (const value of secrets) expect(logs, 'logs contain a secret').not.toContain(value);
    // No visitor hash of any stored event (nor the word) in what the endpoint received.
    const hashes = (dump.events as { visitor_hash: string | null }[])
      .map((row) => row.visitor_hash)
      .filter((hash): hash is string => typeof hash === 'string' && hash.length > 0);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of new Set(hashes)) expect(deliveries).not.toContain(hash);
    expect(receiver.received.map((d) => d.body).join('\n')).not.toMatch(/visitor|user.?agent|"ip"/i);
  }, 90_000);
});
