import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { testConfig } from '../helpers/test-config.js';
import { WebhookReceiver } from '../outbox/webhook-receiver.js';
import { launchBrowser } from '../tracker/browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { checkAccessibility, screenshot } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Settings → Webhooks and Reports in Chromium against a real server (issue 14): an owner adds an
 * endpoint (secret shown once), a test delivery to a receiver that answers 503 runs out of retries
 * and the page says the endpoint is failing, a replay from the log lands and clears it; the page
 * says mail is not configured (no PENUMBRA_SMTP_URL) and takes a recipient. axe in both languages.
 */
const OWNER = { name: 'Olivia Owner', email: 'owner@example.org', password: 'correct horse battery staple' };

describe('Settings: webhooks and reports', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startServer(
      testConfig({
        PENUMBRA_DEMO: '0',
        PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
        PENUMBRA_DELIVERY_TICK_MS: '50',
        PENUMBRA_DELIVERY_RETRY_BASE_MS: '100',
        PENUMBRA_DELIVERY_RETRY_WINDOW_MS: '1500',
      }),
      { logger: false },
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver.close();
  });

  async function signUp(page: Page): Promise<void> {
    await setUpOwner(page, server.url, server.setupToken, OWNER);
    await page.evaluate(async () => {
      const state = (await (await fetch('/api/auth/state')).json()) as { csrfToken: string };
      await fetch('/api/sites', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
        body: JSON.stringify({ domain: 'news.example.org' }),
      });
    });
  }

  it('manages endpoints, shows a failing one, replays from the log, takes recipients; axe finds nothing', async () => {
    const url = await receiver.start();
    receiver.fallback = 503;
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signUp(page);

    await page.goto(`${server.url}/app/settings`);
    await page.getByRole('heading', { name: 'Webhooks and reports of news.example.org' }).waitFor();
    await page.getByTestId('mail-not-configured').waitFor();
    const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add an endpoint' }) });
    await add.getByLabel('Endpoint URL').fill(url);
    await add.getByRole('button', { name: 'Add the endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await page.locator('#webhooks-title').waitFor();
    await page.getByRole('button', { name: `Send a test delivery to ${url}` }).click();
    await receiver.waitFor(1);
    // Out of retries (1.5 s window here): the page, reloaded, says so.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await page.reload();
    await page
      .getByRole('alert')
      .filter({ hasText: `The endpoint ${url} is failing` })
      .waitFor();
    await page.getByRole('cell', { name: 'Failed' }).first().waitFor();

    const recipient = page.locator('form', { has: page.getByRole('heading', { name: 'Add a recipient' }) });
    await recipient.getByLabel('E-mail address or Slack incoming-webhook URL').fill('editor@example.org');
    await recipient.getByLabel('Language').selectOption('fr');
    await recipient.getByLabel('Schedule').selectOption('both');
    await recipient.getByRole('button', { name: 'Add the recipient' }).click();
    await page.getByRole('cell', { name: 'E-mail: editor@example.org' }).waitFor();
    await screenshot(page, 'delivery-settings-en');
    expect(await checkAccessibility(page, 'settings/webhooks (en)')).toStrictEqual([]);

    receiver.fallback = 200;
    await page
      .getByRole('button', { name: /^Replay the test delivery of / })
      .first()
      .click();
    await receiver.waitFor(1, (d) => d.verified && receiver.received.indexOf(d) > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.reload();
    await page.getByRole('cell', { name: 'Delivered' }).first().waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'is failing' }).count()).toBe(0);

    // The saved language choice (src/dashboard/lib/storage.ts), as the language switch writes it.
    await page.evaluate("localStorage.setItem('penumbra.lang', 'fr')");
    await page.reload();
    await page.getByRole('heading', { name: 'Webhooks et rapports de news.example.org' }).waitFor();
    await page.getByText('L’e-mail n’est pas configuré').waitFor();
    await page.getByRole('cell', { name: 'Livré' }).first().waitFor();
    await screenshot(page, 'delivery-settings-fr');
    expect(await checkAccessibility(page, 'settings/webhooks (fr)')).toStrictEqual([]);
    expect(problems).toStrictEqual([]);
    await context.close();
  }, 60_000);
});
