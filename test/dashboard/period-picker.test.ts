import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { waitUntil } from '../tracker/browser.js';
import { type DashboardPage, type Harness, screenshot, sendEvent, startHarness } from './harness.js';

/**
 * Issue 16 in Chromium: the period picker (Today and yesterday-and-today, no picker where no figure
 * follows it, a reversed custom range refused in words in English and French, no future day drawn
 * as a zero), a share card whose previous period had no data ("new this period", not "+50 pts"),
 * and a new site's Sources table without "0 visitors, 1 visit" rows.
 */
const harness: Harness = await startHarness();
const { backendReady } = harness;
const base = harness.server.url;
const SITE = 'fresh.example.org';
const ORIGIN = `https://${SITE}`;
const OWNER = { name: 'Paula Period', email: 'paula@example.org', password: 'a period of one’s own 2026' };

/** Days in UTC, the site's zone here. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let owner: DashboardPage;
afterAll(() => harness.close());

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 10_000 });
}

function chartOf(page: Page, title: string) {
  return page
    .locator('section.panel', { has: page.getByRole('heading', { name: title, exact: true }) })
    .locator('.chart-area');
}

describe('the period picker and the key numbers of a new site', () => {
  it.skipIf(!backendReady)('sets up, and a new site gets its first visits today', async () => {
    owner = await harness.open();
    const { page } = owner;
    await page.goto(`${base}/setup?token=${harness.server.setupToken}`);
    await heading(page, 'Welcome to Penumbra');
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Repeat the password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await heading(page, 'Overview');
    await harness.server.services.sites.create({ domain: SITE, name: 'Fresh', timezone: 'UTC' });
    // One person opens the home page, then comes back from WhatsApp: one visitor, two visits.
    const home = await sendEvent(
      base,
      ORIGIN,
      { s: SITE, t: 'pageview', u: `${ORIGIN}/` },
      AGENTS.chromeDesktop,
    );
    const shared = await sendEvent(
      base,
      ORIGIN,
      { s: SITE, t: 'pageview', u: `${ORIGIN}/2026/storm`, r: 'android-app://com.whatsapp/' },
      AGENTS.chromeDesktop,
    );
    expect([home.status, shared.status]).toEqual([200, 200]);
    await harness.server.services.sink.flush();
  });

  it.skipIf(!backendReady)(
    'says "new this period" for a share whose previous period had no data',
    async () => {
      const { page } = owner;
      await page.goto(`${base}/app?site=${SITE}`);
      await heading(page, 'Overview');
      const index = page.locator('.key-number.lead');
      await waitUntil(
        async () => (await index.locator('.key-value').textContent()) === '50%' || undefined,
        'the index',
      );
      expect(await index.locator('.key-trend').textContent()).toContain('new this period');
      expect(await page.locator('.key-numbers').textContent()).not.toContain('pts');
      // The Sources table asks for visits: each row has one, none reads "0 visitors, 1 visit".
      const sources = page.locator('section.panel', {
        has: page.getByRole('heading', { name: 'Sources', exact: true }),
      });
      await sources.locator('tbody tr').nth(1).waitFor();
      expect(await sources.locator('thead th').allTextContents()).toEqual(['Channel', 'Source', 'Visits']);
      expect(await sources.locator('tbody td.num').allTextContents()).toEqual(['1', '1']);
      await screenshot(page, 'period-new-this-period');

      await page.getByLabel('Language').selectOption('fr');
      await heading(page, 'Vue d’ensemble');
      await waitUntil(
        async () =>
          (await index.locator('.key-trend').textContent())?.includes('nouveau sur cette période') ||
          undefined,
        'the French trend',
      );
      expect(await page.locator('.key-numbers').textContent()).not.toContain('pts');
      await page.getByLabel('Langue').selectOption('en');
      await heading(page, 'Overview');
    },
  );

  it.skipIf(!backendReady)('offers Today and yesterday-and-today, drawn by the hour up to now', async () => {
    const { page } = owner;
    const period = page.getByLabel('Period');
    const options = await period.locator('option').allTextContents();
    expect(options.slice(0, 2)).toEqual(['Today', 'Last 24 hours (yesterday and today)']);
    await period.selectOption('day');
    await waitUntil(() => new URL(page.url()).searchParams.get('range') === 'day' || undefined, 'range=day');
    const chart = chartOf(page, 'Visits by channel');
    await waitUntil(
      async () => (await chart.getAttribute('data-first')) === `${day(0)} 00:00` || undefined,
      'hours',
    );
    // The last hour drawn is this hour, not 23:00: later hours have no data yet.
    const hourNow = `${new Date().toISOString().slice(0, 13).replace('T', ' ')}:00`;
    expect([hourNow, `${day(1)} 00:00`]).toContain(await chart.getAttribute('data-last'));
    expect(await page.locator('.key-number.lead .key-value').textContent()).toBe('50%');
    await period.selectOption('24h');
    await waitUntil(
      async () => (await chart.getAttribute('data-first')) === `${day(-1)} 00:00` || undefined,
      'yesterday and today',
    );
  });

  it.skipIf(!backendReady)('stops a chart at today when a custom range reaches into the future', async () => {
    const { page } = owner;
    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill(day(-2));
    await page.getByLabel('To', { exact: true }).fill(day(5));
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitUntil(
      () => new URL(page.url()).searchParams.get('to') === day(5) || undefined,
      'the custom range',
    );
    const chart = chartOf(page, 'Visits by channel');
    await waitUntil(async () => (await chart.getAttribute('data-first')) === day(-2) || undefined, 'days');
    expect(await chart.getAttribute('data-last')).toBe(day(0));
  });

  it.skipIf(!backendReady)('refuses a reversed custom range in words, in English and in French', async () => {
    const { page } = owner;
    // While typing: the message, and no Apply.
    await page.getByLabel('From', { exact: true }).fill(day(0));
    await page.getByLabel('To', { exact: true }).fill(day(-3));
    const typed = page.locator('form.custom-range').getByTestId('range-reversed');
    await typed.waitFor();
    expect(await typed.textContent()).toMatch(
      /^The start date \(.+\) is after the end date \(.+\)\. Choose an end date/,
    );
    expect(await page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    // A reversed range in the URL is not swapped: the page says why it shows no figure.
    await page.goto(`${base}/app?site=${SITE}&range=custom&from=${day(0)}&to=${day(-3)}`);
    const refused = page.locator('main').getByTestId('range-reversed');
    await refused.waitFor();
    expect(await page.locator('.key-numbers').count()).toBe(0);
    await page.getByLabel('Language').selectOption('fr');
    await waitUntil(
      async () => (await refused.textContent())?.startsWith('La date de début') || undefined,
      'the French message',
    );
    await screenshot(page, 'period-reversed-fr');
    await page.getByLabel('Langue').selectOption('en');
  });

  it.skipIf(!backendReady)('hides the picker where no figure follows it, Realtime first', async () => {
    const { page } = owner;
    await page.goto(`${base}/app?site=${SITE}`);
    await heading(page, 'Overview');
    await page.getByLabel('Period').waitFor();
    for (const [nav, title] of [
      ['Realtime', 'Realtime'],
      ['Sites', 'Sites'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: nav, exact: true }).click();
      await heading(page, title);
      expect(await page.getByLabel('Period').count(), nav).toBe(0);
    }
    await page.getByRole('navigation').getByRole('link', { name: 'Links', exact: true }).click();
    await heading(page, 'Links');
    await page.getByLabel('Period').waitFor();
    expect(owner.problems).toEqual([]);
  });
});
