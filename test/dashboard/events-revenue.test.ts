import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { waitUntil } from '../tracker/browser.js';
import { checkAccessibility, type Harness, sendEvent, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 14 in Chromium: the Events view shows the revenue custom events carried, one sum per
 * currency in the reader's locale, never converted, and its CSV has a column per currency; with
 * no revenue in the period the column is not there. The events go through /api/event.
 */
const harness: Harness = await startHarness();
const { backendReady } = harness;
const base = harness.server.url;
const SITE = 'shop.example.org';
const ORIGIN = `https://${SITE}`;
const OWNER = { name: 'Rita Revenue', email: 'rita@example.org', password: 'sums per currency 2026' };
afterAll(() => harness.close());

const panel = (page: Page, title: string) =>
  page.locator('section.panel', { has: page.getByRole('heading', { name: title, exact: true }) });

async function rowsUntil(page: Page, title: string, count: number): Promise<string[][]> {
  return waitUntil(async () => {
    const found = await panel(page, title)
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      );
    return found.length === count ? found : undefined;
  }, `${count} rows in ${title}`);
}

const send = (agent: string, body: Record<string, unknown>) =>
  sendEvent(base, ORIGIN, { s: SITE, u: `${ORIGIN}/subscribe`, ...body }, agent);

describe('revenue in the Events view (issue 14)', () => {
  it.skipIf(!backendReady)(
    'shows revenue per currency once an event carries it, and exports it',
    async () => {
      const { page, problems } = await harness.open();
      await setUpOwner(page, base, harness.server.setupToken, OWNER);
      await harness.server.services.sites.create({ domain: SITE, name: 'Shop', timezone: 'UTC' });
      expect((await send(AGENTS.chromeDesktop, { t: 'event', n: 'signup' })).status).toBe(202);
      await harness.server.services.sink.flush();
      await page.goto(`${base}/app/events?site=${SITE}&range=day`);
      await page.getByRole('heading', { level: 1, name: 'Custom events' }).waitFor();
      await rowsUntil(page, 'Events by name', 1);
      const headers = () => panel(page, 'Events by name').locator('thead th').allTextContents();
      // No revenue in the period: no column for it.
      expect((await headers()).map((text) => text.trim())).toEqual(['Event', 'Events', 'Visitors']);

      const sale = (amount: number, currency: string) => ({
        t: 'event',
        n: 'subscribe',
        p: { revenue: { amount, currency }, plan: 'monthly' },
      });
      expect((await send(AGENTS.chromeDesktop, sale(9.99, 'EUR'))).status).toBe(202);
      expect((await send(AGENTS.safariIphone, sale(11.99, 'usd'))).status).toBe(202);
      expect((await send(AGENTS.safariIphone, sale(9.99, 'EUR'))).status).toBe(202);
      await harness.server.services.sink.flush();
      await page.reload();
      const found = await rowsUntil(page, 'Events by name', 2);
      expect((await headers()).map((text) => text.trim())).toEqual([
        'Event',
        'Events',
        'Visitors',
        'Revenue',
      ]);
      const subscribe = found.find((row) => row[0] === 'subscribe');
      expect(subscribe?.slice(0, 3)).toEqual(['subscribe', '3', '2']);
      // Each currency in the reader's locale (`$11.99` in en-US, `US$11.99` elsewhere), never added up.
      expect(subscribe?.[3]).toMatch(/^€19\.98 · (US)?\$11\.99$/);
      expect(found.find((row) => row[0] === 'signup')?.[3]).toBe('');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download “Events by name” as CSV' }).click(),
      ]);
      expect(readFileSync(await download.path(), 'utf8')).toBe(
        'event,events,visitors,revenue_EUR,revenue_USD\r\nsubscribe,3,2,19.98,11.99\r\nsignup,1,1,,\r\n',
      );
      // The revenue is no property of the event: only the plan is listed.
      await page.getByRole('button', { name: 'subscribe', exact: true }).click();
      expect(await rowsUntil(page, 'Properties of “subscribe”', 1)).toEqual([['plan', 'monthly', '3']]);
      expect(await checkAccessibility(page, 'events with revenue (en)')).toEqual([]);
      await page.getByLabel('Language').selectOption('fr');
      await page.getByRole('heading', { level: 1, name: 'Événements personnalisés' }).waitFor();
      expect(
        (await panel(page, 'Événements par nom').locator('thead th').allTextContents()).at(-1)?.trim(),
      ).toBe('Revenu');
      expect(await checkAccessibility(page, 'events with revenue (fr)')).toEqual([]);
      await page.getByLabel('Langue').selectOption('en');
      expect(problems).toEqual([]);
    },
  );
});
