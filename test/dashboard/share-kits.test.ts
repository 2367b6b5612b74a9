import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { importAccessLog } from '../../src/import-log/import-access-log.js';
import { AGENTS } from '../helpers/agents.js';
import { testConfig } from '../helpers/test-config.js';
import { launchBrowser } from '../tracker/browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { checkAccessibility, screenshot } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 15 in Chromium against the real server: the new-kit form filled in from the page and
 * given a custom slug, expiry, click limit, UTM template and tags; a custom preview for the
 * WhatsApp link, served to WhatsApp's fetcher; kits from a CSV upload with a report per row; the
 * preview-health panel flagging Slack's refused fetches. English and French, axe on each view.
 */
const OWNER = { name: 'Kit Owner', email: 'kits@example.org', password: 'correct horse battery staple' };
const DOMAIN = 'news.example.org';
/** A loopback site: a page with Open Graph tags, and one with a <title> only. */
interface FixtureSite {
  url(path: string): string;
  close(): Promise<void>;
}

async function startFixtureSite(): Promise<FixtureSite> {
  let origin = '';
  const pages: Record<string, () => string> = {
    '/good': () =>
      `<!doctype html><html lang="en"><head><title>Rivers | Example News</title>
      <meta property="og:title" content="Rivers of the Alps: a summer on the water">
      <meta property="og:description" content="Six rivers, one summer, by canoe.">
      <meta property="og:image" content="${origin}/img/card.png"></head><body><h1>Rivers</h1></body></html>`,
    '/missing': () => '<!doctype html><title>A page with no preview tags</title>',
  };
  const server: Server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    if (!page) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let site: FixtureSite;
let server: RunningServer;
let browser: Browser;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

beforeAll(async () => {
  await ensureDashboardBuilt();
  site = await startFixtureSite();
  server = await startServer(
    testConfig({
      PENUMBRA_DEMO: '0',
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: 'true',
      PENUMBRA_ALLOW_PRIVATE_TARGETS: 'true',
    }),
    { logger: false },
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

async function open(locale: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 900 },
    ...(signedIn ? { storageState: signedIn } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

/** The og:title a preview fetcher gets from a short link. */
async function ogTitle(shortUrl: string, userAgent: string): Promise<string | undefined> {
  const response = await fetch(shortUrl, { headers: { 'user-agent': userAgent }, redirect: 'manual' });
  const html = await response.text();
  return /<meta property="og:title" content="([^"]*)">/.exec(html)?.[1];
}

describe('share kits in the dashboard', () => {
  it('fills a new kit in from its page, with the fields the API has, and sets the WhatsApp preview (en)', async () => {
    const { context, page, problems } = await open('en-GB');
    await setUpOwner(page, server.url, server.setupToken, OWNER);
    signedIn = await context.storageState();
    await page.evaluate(async (domain) => {
      const state = (await (await fetch('/api/auth/state')).json()) as { csrfToken: string };
      await fetch('/api/sites', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
        body: JSON.stringify({ domain }),
      });
    }, DOMAIN);

    await page.goto(`${server.url}/app/links/new?site=${DOMAIN}`);
    await page.getByRole('heading', { level: 1, name: 'New share kit' }).waitFor();
    await page.getByLabel('Address to share').fill(site.url('/good'));
    await page.getByRole('button', { name: 'Fill in from the page' }).click();
    await page.getByText('Filled in from the page: title, description, image.').waitFor();
    const title = page.getByLabel('Title (shown in chat previews)');
    await expect(title.inputValue()).resolves.toBe('Rivers of the Alps: a summer on the water');
    await expect(page.getByLabel('Image address').inputValue()).resolves.toBe(site.url('/img/card.png'));
    await title.fill('Rivers of the Alps');
    await page.getByLabel('Custom short link').fill('alps-summer');
    await page.getByLabel('Expires on').fill('2099-06-30T12:00');
    await page.getByLabel('Click limit').fill('500');
    await page.getByLabel('utm_campaign').fill('summer');
    await page.getByLabel('Tags').fill('travel, alps');
    await screenshot(page, 'new-kit-filled-en');
    expect(await checkAccessibility(page, 'new kit form (en)')).toEqual([]);
    await page.getByRole('button', { name: 'Create the share kit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rivers of the Alps' }).waitFor();

    const kit = await page.evaluate(async () => {
      const id =
        (globalThis as unknown as { location: { pathname: string } }).location.pathname.split('/').pop() ??
        '';
      return (await (await fetch(`/api/links/${id}`)).json()) as {
        slug: string;
        maxClicks: number;
        expiresAt: string;
        tags: string[];
        utm: Record<string, string>;
        description: string;
        variants: { channel: string; slug: string }[];
      };
    });
    expect(kit).toMatchObject({
      slug: 'alps-summer',
      maxClicks: 500,
      tags: ['travel', 'alps'],
      utm: { utm_campaign: 'summer' },
    });
    expect(kit.expiresAt.startsWith('2099-06-30')).toBe(true);
    expect(kit.description).toMatch(/\S/);

    const whatsapp = page.getByRole('form', { name: 'Preview of the WhatsApp link' });
    await whatsapp.getByLabel('Title').fill('Alps: a summer on the water');
    await whatsapp.getByRole('button', { name: 'Save the WhatsApp preview' }).click();
    await whatsapp.getByText('Saved. Chat apps get it from the next share on.').waitFor();
    await whatsapp.getByText('(its own preview)').waitFor();
    // The kit's shortUrl is on the configured base URL; the test server listens elsewhere.
    const shortOf = (channel: string) =>
      `${server.url}/${kit.variants.find((variant) => variant.channel === channel)?.slug}`;
    expect(await ogTitle(shortOf('whatsapp'), AGENTS.whatsappPreview)).toBe('Alps: a summer on the water');
    expect(await ogTitle(shortOf('telegram'), AGENTS.telegramPreview)).toBe('Rivers of the Alps');
    await screenshot(page, 'kit-variant-previews-en');
    expect(await checkAccessibility(page, 'kit page with previews per channel (en)')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates kits from an uploaded CSV and reports each row, in English and French', async () => {
    for (const [locale, texts] of [
      [
        'en-GB',
        {
          heading: 'Many share kits from a CSV file',
          file: 'CSV file',
          upload: 'Create the kits',
          summary: '2 kit(s) created, 1 row(s) not made',
          error: 'Only http:// and https:// addresses can be link targets.',
        },
      ],
      [
        'fr-FR',
        {
          heading: 'Plusieurs kits de partage depuis un fichier CSV',
          file: 'Fichier CSV',
          upload: 'Créer les kits',
          summary: '2 kit(s) créé(s), 1 ligne(s) non créée(s)',
          error: 'http://',
        },
      ],
    ] as const) {
      const { context, page, problems } = await open(locale);
      const lang = locale.slice(0, 2);
      await page.goto(`${server.url}/app/links/new?site=${DOMAIN}`);
      await page.getByRole('heading', { level: 2, name: texts.heading }).waitFor();
      const csv = `url,title,tags\n${site.url('/good')},,${lang}\nftp://example.org/file,Nope,\n${site.url('/missing')},Own title,${lang}\n`;
      await page.getByLabel(texts.file, { exact: true }).setInputFiles({
        name: 'kits.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.getByRole('button', { name: texts.upload }).click();
      await page.getByRole('heading', { level: 3, name: texts.summary }).waitFor();
      const rows = page.locator('.bulk-report tbody tr');
      await expect(rows.count()).resolves.toBe(3);
      await expect(rows.nth(0).textContent()).resolves.toMatch(/2.*(Created|Créé)/);
      await expect(rows.nth(1).textContent()).resolves.toContain(texts.error);
      await screenshot(page, `bulk-upload-${lang}`);
      expect(await checkAccessibility(page, `CSV upload report (${lang})`)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
    const titles = await (async () => {
      const { context, page } = await open('en-GB');
      await page.goto(`${server.url}/app/links?site=${DOMAIN}`);
      const listed = await page.evaluate(async (domain) => {
        const answer = (await (await fetch(`/api/links?site=${domain}&tag=en`)).json()) as {
          items: { title: string }[];
        };
        return answer.items.map((item) => item.title).sort();
      }, DOMAIN);
      await context.close();
      return listed;
    })();
    // Filled from the page where the row left the title out; the row's own title where it gave one.
    expect(titles).toEqual(['Own title', 'Rivers of the Alps: a summer on the water']);
  });

  it('flags the app whose fetches fail in the preview-health panel, in English and French', async () => {
    const found = await server.services.sites.find(DOMAIN);
    if (!found) throw new Error('no site');
    const now = Date.now();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const stamp = (time: number) => {
      const d = new Date(time);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
    };
    const lines = [
      ...Array.from(
        { length: 12 },
        (_, n) =>
          `54.209.1.${n} - - [${stamp(now - (n + 1) * 3_600_000)}] "GET /travel/story-${n} HTTP/1.1" 403 512 "-" "${AGENTS.slackPreview}"`,
      ),
      `57.141.0.5 - - [${stamp(now - 7_200_000)}] "GET /travel/story-1 HTTP/1.1" 200 9000 "-" "${AGENTS.whatsappPreview}"`,
    ];
    const dir = mkdtempSync(join(tmpdir(), 'penumbra-health-ui-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    await importAccessLog(server.services.store, { site: found, format: 'combined', sources: [log] });

    for (const [locale, texts] of [
      [
        'en-GB',
        {
          heading: 'Preview health',
          alert: 'Slack’s fetcher got 403 from your site on 12 page(s) this week',
          failing: 'Failing',
        },
      ],
      [
        'fr-FR',
        {
          heading: 'Santé des aperçus',
          alert: 'Le robot de Slack a reçu 403 de votre site sur 12 page(s) cette semaine',
          failing: 'En échec',
        },
      ],
    ] as const) {
      const { context, page, problems } = await open(locale);
      await page.goto(`${server.url}/app/links?site=${DOMAIN}`);
      const panel = page.getByRole('region', { name: texts.heading });
      await panel.getByRole('table').waitFor();
      await expect(panel.locator('.health-alerts').textContent()).resolves.toContain(texts.alert);
      const slack = panel.getByRole('row', { name: /Slack/ });
      await expect(slack.textContent()).resolves.toContain('403');
      await expect(slack.textContent()).resolves.toContain(texts.failing);
      await expect(panel.getByRole('row', { name: /WhatsApp/ }).textContent()).resolves.toContain('200');
      await screenshot(page, `preview-health-${locale.slice(0, 2)}`);
      expect(await checkAccessibility(page, `preview health (${locale})`)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
