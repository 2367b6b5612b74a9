import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { checkAccessibility, type Harness, screenshot, sendEvent, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 14 in Chromium: a kit's page shows the conversions of the visits its variants brought,
 * per goal, with the rule behind a "What is this?" disclosure, in English and French; a kit of a
 * site without goals shows a link to Goals instead.
 */
const OWNER = { name: 'Conv Owner', email: 'conv@example.org', password: 'correct horse battery staple' };
const SITE = 'kit-conv.example';
const BARE = 'kit-bare.example';

let harness: Harness;
let kitId = '';
let bareId = '';

beforeAll(async () => {
  harness = await startHarness();
  const { services } = harness.server;
  const site = await services.sites.create({ domain: SITE, timezone: 'UTC' });
  await services.sites.create({ domain: BARE, timezone: 'UTC' });
  await services.goals.create(site.id, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
  await services.goals.create(site.id, { name: 'Newsletter', kind: 'event', eventName: 'newsletter' });
  const kit = await services.links.create({
    site: SITE,
    url: `https://${SITE}/article`,
    title: 'The article',
    channels: ['whatsapp', 'email'],
  });
  const bare = await services.links.create({
    site: BARE,
    url: `https://${BARE}/article`,
    channels: ['whatsapp'],
  });
  kitId = kit.id;
  bareId = bare.id;
  // Where a tap on the WhatsApp link lands (its redirect's Location), then a sign-up; a search
  // visit to the same page that signs up too is not the kit's.
  const whatsapp = kit.variants.find((variant) => variant.channel === 'whatsapp');
  const tap = await fetch(`${harness.server.url}/${whatsapp?.slug}`, {
    redirect: 'manual',
    headers: { 'user-agent': AGENTS.safariIphone },
  });
  const landing = String(tap.headers.get('location'));
  const origin = `https://${SITE}`;
  const visit = async (address: string, url: string, referrer?: string) => {
    const agent = `${AGENTS.chromeDesktop} ${address}`;
    await sendEvent(
      harness.server.url,
      origin,
      { s: SITE, t: 'pageview', u: url, ...(referrer ? { r: referrer } : {}) },
      agent,
    );
    await sendEvent(harness.server.url, origin, { s: SITE, t: 'event', n: 'signup', u: url }, agent);
  };
  await visit('a', landing);
  await visit('b', landing);
  await visit('c', `${origin}/article`, 'https://www.google.com/');
  await services.sink.flush();
  await services.store.foldRollups();
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

let state: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

/** A page of the owner's, signed in (the owner is made on the first call, in English). */
async function signedIn(locale: string): Promise<{ page: Page; problems: string[] }> {
  if (!state) {
    const first = await harness.open();
    await setUpOwner(first.page, harness.server.url, harness.server.setupToken, OWNER);
    state = await first.context.storageState();
    await first.context.close();
  }
  const context = await harness.browser.newContext({ locale, storageState: state });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

describe('a kit’s conversions on its page', () => {
  for (const [locale, texts] of [
    [
      'en-GB',
      {
        card: 'Conversions',
        table: 'Conversions per goal, in this period',
        help: 'What is this?',
        rule: /landed on its target page/,
        noGoals: 'Set up goals',
      },
    ],
    [
      'fr-FR',
      {
        card: 'Conversions',
        table: 'Conversions par objectif, sur cette période',
        help: 'Qu’est-ce que c’est ?',
        rule: /arrivées sur sa page cible/,
        noGoals: 'Définir des objectifs',
      },
    ],
  ] as const) {
    it(`shows the conversions its variants brought, per goal (${locale})`, async () => {
      const { page, problems } = await signedIn(locale);
      await page.goto(`${harness.server.url}/app/links/${kitId}?site=${SITE}`);
      const card = page.locator('.key-number', { has: page.getByText(texts.card, { exact: true }) });
      await card.locator('.key-value').getByText('2', { exact: true }).waitFor();
      const table = page.getByRole('region', { name: texts.table });
      const row = table.getByRole('row', { name: /Sign-up/ });
      await row.waitFor();
      expect((await row.locator('td').allTextContents()).map((text) => text.trim())).toEqual([
        'Sign-up',
        '2',
        '2',
      ]);
      await card.getByText(texts.help).click();
      await card.getByText(texts.rule).waitFor();
      await screenshot(page, `kit-conversions-${locale.slice(0, 2)}`);
      expect(await checkAccessibility(page, `kit conversions (${locale})`)).toEqual([]);
      // A kit of a site without goals: no card, a way to set goals up.
      await page.goto(`${harness.server.url}/app/links/${bareId}?site=${BARE}`);
      await page.getByTestId('link-no-goals').getByRole('link', { name: texts.noGoals }).waitFor();
      expect(
        await page.locator('.key-number', { has: page.getByText(texts.card, { exact: true }) }).count(),
      ).toBe(0);
      expect(problems).toEqual([]);
    });
  }
});
