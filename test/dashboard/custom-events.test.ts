import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { evaluate, waitUntil } from '../tracker/browser.js';
import { checkAccessibility, type DashboardPage, type Harness, screenshot, startHarness } from './harness.js';

/**
 * Issue 14 in Chromium: the Events view (custom events by name, a chosen event's property values,
 * following the period picker) and the Overview's Countries, Devices and Browsers panels, in English and
 * French, with axe finding nothing serious. The events go through the real ingestion endpoint;
 * the server trusts a proxy here, so a CDN country header gives each person a country.
 */
const harness: Harness = await startHarness({ PENUMBRA_TRUST_PROXY: 'true' });
const { backendReady } = harness;
const base = harness.server.url;
const SITE = 'events.example.org';
const ORIGIN = `https://${SITE}`;
/** A real WhatsApp in-app browser on Android (inapp-spy 2025, test/fixtures/classifier-third.jsonl). */
const WHATSAPP_IN_APP =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.124 Mobile Safari/537.36 [WA4A/2.25.32.75;]';
const OWNER = { name: 'Eve Events', email: 'eve@example.org', password: 'events of one’s own 2026' };

let owner: DashboardPage;
const accessibility: string[] = [];
afterAll(() => harness.close());

async function send(agent: string, country: string, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${base}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': agent, 'cf-ipcountry': country },
    body: JSON.stringify({ s: SITE, u: `${ORIGIN}/pricing`, ...body }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 10_000 });
}

const panel = (page: Page, title: string) =>
  page.locator('section.panel', { has: page.getByRole('heading', { name: title, exact: true }) });

async function rows(page: Page, title: string): Promise<string[][]> {
  return panel(page, title)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

async function rowsUntil(page: Page, title: string, count: number): Promise<string[][]> {
  return waitUntil(async () => {
    const found = await rows(page, title);
    return found.length === count ? found : undefined;
  }, `${count} rows in ${title}`);
}

describe('the Events view and the Overview’s countries and devices (issue 14)', () => {
  it.skipIf(!backendReady)('sets up, and two people visit and fire custom events', async () => {
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
    await harness.server.services.sites.create({ domain: SITE, name: 'Events', timezone: 'UTC' });
    const statuses = [
      await send(AGENTS.chromeDesktop, 'FR', { t: 'pageview' }),
      await send(AGENTS.safariIphone, 'DE', { t: 'pageview' }),
      await send(WHATSAPP_IN_APP, 'FR', { t: 'pageview' }),
      await send(AGENTS.chromeDesktop, 'FR', { t: 'event', n: 'signup', p: { plan: 'pro' } }),
      await send(AGENTS.safariIphone, 'DE', { t: 'event', n: 'signup', p: { plan: 'free' } }),
      await send(AGENTS.safariIphone, 'DE', { t: 'event', n: 'signup', p: { plan: 'free' } }),
      await send(AGENTS.chromeDesktop, 'FR', { t: 'event', n: 'download' }),
    ];
    expect(statuses).toEqual([200, 200, 200, 202, 202, 202, 202]);
    await harness.server.services.sink.flush();
  });

  it.skipIf(!backendReady)(
    'shows countries, devices and browsers on the Overview, with their help text',
    async () => {
      const { page } = owner;
      await page.goto(`${base}/app?site=${SITE}`);
      await heading(page, 'Overview');
      expect((await rowsUntil(page, 'Countries', 2)).map((row) => row[0]).sort()).toEqual([
        'France',
        'Germany',
      ]);
      const devices = await rowsUntil(page, 'Devices', 2);
      expect(devices.map((row) => row.slice(0, 2)).sort()).toEqual([
        ['Desktop', '1'],
        ['Mobile', '2'],
      ]);
      // Chrome on a desktop, Safari on an iPhone, WhatsApp's own web view: one family each.
      const browsers = await rowsUntil(page, 'Browsers', 3);
      expect(browsers.map((row) => row.slice(0, 2)).sort()).toEqual([
        ['Chrome', '1'],
        ['In-app browser', '1'],
        ['Safari', '1'],
      ]);
      // Dark social share per family: the WhatsApp visit is dark social, the other two are not.
      expect(browsers.find((row) => row[0] === 'In-app browser')?.[2]).toBe('100%');
      expect(await panel(page, 'Countries').locator('.panel-note').textContent()).toContain('never stored');
      expect(await panel(page, 'Browsers').locator('.panel-note').textContent()).toContain('Never a version');
      // The panels' figures are the stats API's.
      const question = { site: SITE, metrics: ['visitors'], dimensions: ['browser'], date_range: '30d' };
      const api = await evaluate<{ results: { dimensions: string[]; metrics: number[] }[] }>(
        page,
        `fetch('/api/auth/state').then((r) => r.json()).then((state) => fetch('/api/stats/query', {
         method: 'POST',
         headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
         body: ${JSON.stringify(JSON.stringify(question))},
       })).then((r) => r.json())`,
      );
      expect(api.results.map((row) => [row.dimensions[0], row.metrics[0]]).sort()).toEqual([
        ['chrome', 1],
        ['in-app', 1],
        ['safari', 1],
      ]);
      accessibility.push(...(await checkAccessibility(page, 'overview countries and devices (en)')));
      await screenshot(page, 'overview-countries-devices');
    },
  );

  it.skipIf(!backendReady)('lists events by name and a chosen event’s property values', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await heading(page, 'Custom events');
    expect(await rowsUntil(page, 'Events by name', 2)).toEqual([
      ['signup', '3', '2'],
      ['download', '1', '1'],
    ]);
    await page.getByRole('button', { name: 'signup', exact: true }).click();
    expect(await rowsUntil(page, 'Properties of “signup”', 2)).toEqual([
      ['plan', 'free', '2'],
      ['plan', 'pro', '1'],
    ]);
    expect(await page.getByRole('button', { name: 'signup', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // Both tables export what they show, as CSV.
    const [names] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download “Events by name” as CSV' }).click(),
    ]);
    expect(names.suggestedFilename()).toBe(`${SITE}_events_30d.csv`);
    expect(readFileSync(await names.path(), 'utf8')).toBe(
      'event,events,visitors\r\nsignup,3,2\r\ndownload,1,1\r\n',
    );
    const [values] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download “Properties of “signup”” as CSV' }).click(),
    ]);
    expect(readFileSync(await values.path(), 'utf8')).toBe(
      'property,value,events\r\nplan,free,2\r\nplan,pro,1\r\n',
    );
    accessibility.push(...(await checkAccessibility(page, 'events (en)')));
    await screenshot(page, 'custom-events');
  });

  it.skipIf(!backendReady)('follows the period picker', async () => {
    const { page } = owner;
    await page.goto(`${base}/app/events?site=${SITE}&range=custom&from=2020-01-01&to=2020-01-31`);
    await heading(page, 'Custom events');
    await panel(page, 'Events by name').locator('.panel-empty').waitFor();
    expect(await panel(page, 'Events by name').locator('.panel-empty').textContent()).toContain(
      'No custom event in this period',
    );
    await page.getByLabel('Period').selectOption('day');
    expect(await rowsUntil(page, 'Events by name', 2)).toHaveLength(2);
  });

  it.skipIf(!backendReady)('speaks French, and axe finds nothing serious', async () => {
    const { page } = owner;
    await page.getByLabel('Language').selectOption('fr');
    await heading(page, 'Événements personnalisés');
    await rowsUntil(page, 'Événements par nom', 2);
    await page.getByRole('button', { name: 'download', exact: true }).click();
    await panel(page, 'Propriétés de « download »').locator('.panel-empty').waitFor();
    expect(await panel(page, 'Propriétés de « download »').textContent()).toContain('aucune propriété');
    accessibility.push(...(await checkAccessibility(page, 'events (fr)')));
    await page.getByRole('link', { name: 'Vue d’ensemble', exact: true }).click();
    await heading(page, 'Vue d’ensemble');
    expect((await rowsUntil(page, 'Pays', 2)).map((row) => row[0]).sort()).toEqual(['Allemagne', 'France']);
    expect((await rowsUntil(page, 'Appareils', 2)).map((row) => row[0]).sort()).toEqual([
      'Mobile',
      'Ordinateur',
    ]);
    expect((await rowsUntil(page, 'Navigateurs', 3)).map((row) => row[0]).sort()).toEqual([
      'Chrome',
      'Navigateur intégré à une app',
      'Safari',
    ]);
    accessibility.push(...(await checkAccessibility(page, 'overview countries and devices (fr)')));
    await page.getByLabel('Langue').selectOption('en');
    expect(accessibility).toEqual([]);
    expect(owner.problems).toEqual([]);
  });

  it.skipIf(!backendReady)('reads the Overview’s browser panel on a 390 px phone', async () => {
    const phone = await harness.open({ viewport: { width: 390, height: 844 } });
    await phone.context.addCookies(await owner.context.cookies());
    const { page: on } = phone;
    await on.goto(`${base}/app?site=${SITE}`);
    await heading(on, 'Overview');
    await rowsUntil(on, 'Browsers', 3);
    expect(
      await evaluate<number>(on, 'document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    const box = await panel(on, 'Browsers').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await checkAccessibility(on, 'overview browsers (en, 390 px)')).toEqual([]);
    await screenshot(on, 'overview-browsers-phone');
    expect(phone.problems).toEqual([]);
  });
});
