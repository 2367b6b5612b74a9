import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { type PreviewSite, startPreviewSite } from '../helpers/preview-site.js';
import { testConfig } from '../helpers/test-config.js';
import { launchBrowser } from '../tracker/browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { checkAccessibility, screenshot, sendEvent } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * The Preview lab in Chromium against the real server (issue 15): the cards of the local test
 * site's pages drawn per app, in English and French, light and dark, with axe on each; and a
 * kit's "Check previews" opening the lab compared with the kit's own preview.
 */
await ensureDashboardBuilt();
const site: PreviewSite = await startPreviewSite();
const server: RunningServer = await startServer(
  testConfig({
    PENUMBRA_DEMO: '0',
    PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: 'true',
    PENUMBRA_ALLOW_PRIVATE_TARGETS: 'true',
  }),
  { logger: false },
);
const browser: Browser = await launchBrowser();
const base = server.url;
const OWNER = { name: 'Lab Owner', email: 'lab@example.org', password: 'correct horse battery staple' };
/** The owner's signed-in session (cookies), made by the first test. */
let signedIn: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | undefined;

afterAll(async () => {
  await browser.close();
  await server.close();
  await site.close();
});

async function openSignedIn(locale: string) {
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

describe('Preview lab page', () => {
  it('draws a card per app for a page, in English and French, light and dark, without axe violations', async () => {
    const { context, page, problems } = await openSignedIn('en-GB');
    await setUpOwner(page, base, server.setupToken, OWNER);
    const state = await context.storageState();
    signedIn = state;

    await page.getByRole('link', { name: 'Preview lab' }).click();
    await page.getByRole('heading', { level: 1, name: 'Preview lab' }).waitFor();
    await page.getByLabel('Page URL').fill(site.url('/heavy'));
    await page.getByRole('button', { name: 'Check previews' }).click();
    await page.getByRole('heading', { level: 2, name: 'WhatsApp' }).waitFor();
    expect(await page.locator('.plab-app').count()).toBe(10);
    // WhatsApp drops the 2.2 MB image (text card); Facebook draws it large, shown as a box of its shape.
    await expect(page.locator('.pcard-whatsapp').getAttribute('class')).resolves.toContain('pcard-text');
    await expect(page.locator('.pcard-facebook').getAttribute('class')).resolves.toContain('pcard-large');
    const whatsapp = page.getByRole('list', { name: 'What to fix for WhatsApp' });
    await expect(whatsapp.textContent()).resolves.toContain(
      'The image weighs 2.2 MB, over WhatsApp’s 300 KB',
    );
    await screenshot(page, 'preview-lab-heavy-en');
    expect(await checkAccessibility(page, 'preview lab (en, light)')).toEqual([]);

    await page.goto(`${base}/app/previews?url=${encodeURIComponent(site.url('/good'))}`);
    await page.getByRole('heading', { level: 2, name: 'Telegram' }).waitFor();
    const image = page.locator('.pcard-telegram img');
    await expect(image.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    expect(
      await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1200);
    await expect(page.locator('.pcard-x .pcard-title').textContent()).resolves.toBe(
      'Rivers of the Alps: a summer on the water',
    );
    await page.getByLabel('Dark').check();
    expect(await page.locator('.pcard-dark').count()).toBe(10);
    await screenshot(page, 'preview-lab-good-dark-en');
    expect(await checkAccessibility(page, 'preview lab (en, dark)')).toEqual([]);
    expect(problems).toEqual([]);

    const fr = await browser.newContext({
      locale: 'fr-FR',
      storageState: state,
      viewport: { width: 1280, height: 900 },
    });
    const frPage = await fr.newPage();
    frPage.setDefaultTimeout(15_000);
    await frPage.goto(`${base}/app/previews?url=${encodeURIComponent(site.url('/bots-403'))}`);
    await frPage.getByRole('heading', { level: 1, name: 'Labo d’aperçus' }).waitFor();
    await frPage.getByRole('heading', { level: 2, name: 'Slack' }).waitFor();
    await expect(
      frPage.getByRole('list', { name: 'À corriger pour Slack' }).textContent(),
    ).resolves.toContain('une règle de WAF ou de CDN le bloque');
    await expect(frPage.locator('.plab-summary').textContent()).resolves.toMatch(/^9 erreur\(s\)/);
    await screenshot(frPage, 'preview-lab-bots-403-fr');
    expect(await checkAccessibility(frPage, 'labo d’aperçus (fr)')).toEqual([]);
    await fr.close();
    await context.close();
  });

  it('opens from a share kit’s "Check previews", compared with the kit’s own preview', async () => {
    const { context, page, problems } = await openSignedIn('en-GB');
    expect(signedIn).toBeDefined();
    await page.goto(`${base}/app`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const linkId = await page.evaluate(
      async ([target]) => {
        const state = (await (await fetch('/api/auth/state')).json()) as { csrfToken: string };
        const headers = { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken };
        await fetch('/api/sites', {
          method: 'POST',
          headers,
          body: JSON.stringify({ domain: 'news.example.org' }),
        });
        const link = await fetch('/api/links', {
          method: 'POST',
          headers,
          body: JSON.stringify({
            site: 'news.example.org',
            url: target,
            title: 'Rivers of the Alps',
            channels: ['whatsapp', 'telegram'],
          }),
        });
        const answer = (await link.json()) as { id?: string; variants?: { id: string; channel: string }[] };
        const whatsapp = answer.variants?.find((variant) => variant.channel === 'whatsapp');
        // The WhatsApp link's own, shorter title (issue 15, a custom preview per channel).
        await fetch(`/api/links/${whatsapp?.id}/preview`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ title: 'Alps rivers' }),
        });
        return answer.id ?? JSON.stringify(answer);
      },
      [site.url('/good')],
    );
    expect(linkId).toMatch(/^[\w-]+$/);
    await page.goto(`${base}/app/links/${linkId}?site=news.example.org`);
    await page.getByRole('heading', { level: 1, name: 'Rivers of the Alps' }).waitFor();
    await page.getByRole('link', { name: 'Check previews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Preview lab' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'WhatsApp' }).waitFor();
    await expect(page.locator('.plab-summary').textContent()).resolves.toContain(
      'Compared with the share kit “Rivers of the Alps”.',
    );
    // Each app is compared with its own channel's link: WhatsApp's has its own title, Telegram's the kit's.
    const fixes = async (app: string) =>
      page.getByRole('list', { name: `What to fix for ${app}` }).textContent();
    await expect(fixes('WhatsApp')).resolves.toContain('differs from the share kit’s (“Alps rivers”)');
    await expect(fixes('Telegram')).resolves.toContain('differs from the share kit’s (“Rivers of the Alps”)');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('puts a "Check previews" link on each of the overview’s top pages', async () => {
    const { context, page, problems } = await openSignedIn('en-GB');
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    const origin = 'https://news.example.org';
    const sent = await sendEvent(
      base,
      origin,
      { s: 'news.example.org', t: 'pageview', u: `${origin}/rivers` },
      chrome,
    );
    expect(sent.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the sink writes every 100 ms
    await page.goto(`${base}/app?site=news.example.org`);
    const check = page.getByRole('link', { name: 'Check previews: /rivers' });
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await check.waitFor();
    await screenshot(page, 'preview-lab-top-pages-en');
    const href = new URL((await check.getAttribute('href')) ?? '', base);
    expect(href.pathname).toBe('/app/previews');
    expect(href.searchParams.get('url')).toBe('https://news.example.org/rivers');
    expect(problems).toEqual([]);
    await context.close();
  });
});
