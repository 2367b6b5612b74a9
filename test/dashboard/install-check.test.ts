import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, waitUntil } from '../tracker/browser.js';
import { checkAccessibility, type DashboardPage, type Harness, screenshot, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 16, "the snippet seems to work but records nothing": the Sites page of a new site says
 * "Waiting for the first event" with a checklist; a real page served from http://127.0.0.1 with
 * the snippet is refused, and the page shows that origin, why, and a button that adds it; after
 * the click the same page's next view is taken and the page says the snippet works, from where.
 * The local-tests switch edits the extra origins. English and French, axe on each state.
 */
const harness: Harness = await startHarness();
const { backendReady } = harness;
const base = harness.server.url;
const SITE = 'fresh.example.org';
const OWNER = { name: 'Inès Install', email: 'ines@example.org', password: 'a snippet on a local page' };

let local: Server | undefined;
let localUrl = '';
const accessibility: string[] = [];

afterAll(async () => {
  await harness.close();
  await new Promise((resolve) => local?.close(resolve));
});

/** A developer's page on their own machine, with the snippet the Sites page gives. */
async function startLocalPage(snippet: string): Promise<void> {
  local = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><title>Local</title>${snippet}</head><body><p>Hello</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => local?.listen(0, '127.0.0.1', resolve));
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
}

/**
 * Holds the page's next `GET /api/sites` (the site list's refresh) until `release`, which resolves
 * once the page has its answer; `asked` resolves when the page asks. (The route stays until then:
 * removing the last one turns interception off, and Chromium lets a held request go.)
 */
async function holdSiteList(page: Page): Promise<{ asked: Promise<void>; release(): Promise<void> }> {
  let asked!: () => void;
  let open!: () => void;
  const askedPromise = new Promise<void>((resolve) => {
    asked = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const url = (value: URL) => value.pathname === '/api/sites';
  let held = false;
  const hold = async (route: Route) => {
    if (held || route.request().method() !== 'GET') return route.fallback();
    held = true;
    asked();
    await gate;
    await route.fallback();
  };
  await page.route(url, hold);
  return {
    asked: askedPromise,
    async release() {
      const answered = page.waitForResponse(
        (response) => url(new URL(response.url())) && response.request().method() === 'GET',
      );
      open();
      await answered;
      await page.unroute(url, hold);
    },
  };
}

async function status(page: Page): Promise<string | null> {
  return page.getByTestId('install-check').locator('[data-status]').getAttribute('data-status');
}

async function waitForStatus(page: Page, wanted: string): Promise<void> {
  await waitUntil(async () => (await status(page)) === wanted, `install status ${wanted}`, 15_000);
}

describe.skipIf(!backendReady)('the install check on the Sites page, in Chromium', () => {
  let owner: DashboardPage;
  let french: DashboardPage;

  it('says it waits for the first event and lists what a new site needs', async () => {
    owner = await harness.open();
    const { page } = owner;
    await setUpOwner(page, base, harness.server.setupToken, OWNER);
    await page.getByRole('navigation').getByRole('link', { name: 'Sites', exact: true }).click();
    await page.getByLabel('Domain').fill(SITE);
    await page.getByRole('button', { name: 'Add the site' }).click();
    await page.getByTestId('install-check').waitFor();
    await waitForStatus(page, 'waiting');
    expect(await page.getByTestId('install-check').textContent()).toContain('Waiting for the first event.');
    const checklist = page.getByTestId('new-site-checklist');
    expect(await checklist.locator('li').allTextContents()).toEqual([
      'Add the snippet to the <head> of every page',
      'Verify it: this page says “The snippet works” (to do)',
      'Make a share kit (to do)',
      'Invite a colleague (to do)',
    ]);
    await screenshot(page, 'install-waiting-en');
    accessibility.push(...(await checkAccessibility(page, 'install check waiting (en)')));
  });

  it('shows a refused local page with the reason and a one-click fix, then the snippet seen', async () => {
    const { page } = owner;
    const snippet = (await page.locator('pre.snippet').textContent()) ?? '';
    expect(snippet).toBe(`<script defer src="${base}/p.js" data-site="${SITE}"></script>`);
    await startLocalPage(snippet);
    // The developer opens the page: its events are refused (403 origin_forbidden).
    const developer = await harness.open();
    await developer.page.goto(localUrl);
    await waitForStatus(page, 'refused');
    const refused = page.locator('section.panel', {
      has: page.getByRole('heading', { name: 'Origins refused' }),
    });
    const row = refused.locator('tbody tr', { hasText: localUrl });
    await row.waitFor();
    expect(await row.textContent()).toContain('This host is not one of the site’s origins.');
    expect(await row.textContent()).toContain('Add 127.0.0.1 to the extra origins.');
    await screenshot(page, 'install-refused-en');
    accessibility.push(...(await checkAccessibility(page, 'install check refused (en)')));

    // French: the same row, in French.
    french = await harness.open({ locale: 'fr-FR' });
    await french.page.goto(`${base}/app/sites?site=${SITE}`);
    await french.page.getByLabel('E-mail').fill(OWNER.email);
    await french.page.getByLabel('Mot de passe').fill(OWNER.password);
    await french.page.getByRole('button', { name: 'Se connecter' }).click();
    await french.page.getByTestId('install-check').waitFor();
    await waitForStatus(french.page, 'refused');
    const frenchCheck = (await french.page.getByTestId('install-check').textContent()) ?? '';
    expect(frenchCheck).toContain('Des événements sont arrivés, et tous ont été refusés.');
    expect(frenchCheck).toContain('Cet hôte ne fait pas partie des origines du site.');
    expect(frenchCheck).toContain('Ajoutez 127.0.0.1 aux origines supplémentaires.');
    accessibility.push(...(await checkAccessibility(french.page, 'install check refused (fr)')));

    // One click adds the host; the page's next view is taken.
    await row.getByRole('button', { name: 'Add 127.0.0.1' }).click();
    await row.getByText('Added: the next event from it is taken.').waitFor();
    expect((await harness.server.services.sites.find(SITE))?.extraOrigins).toEqual(['127.0.0.1']);
    await developer.page.reload();
    await waitForStatus(page, 'seen');
    const seen = (await page.getByTestId('install-check').locator('[data-status]').textContent()) ?? '';
    expect(seen).toMatch(/^The snippet works: last event .+, from http:\/\/127\.0\.0\.1:\d+\.$/);
    expect(seen).toContain(localUrl);
    // The checklist ticks the first two steps.
    const checklist = page.getByTestId('new-site-checklist');
    expect(await checklist.locator('li.done').count()).toBe(2);
    await screenshot(page, 'install-seen-en');
    accessibility.push(...(await checkAccessibility(page, 'install check seen (en)')));

    await french.page.reload();
    await waitForStatus(french.page, 'seen');
    expect(await french.page.getByTestId('install-check').textContent()).toMatch(
      /Le script fonctionne : dernier événement .+, depuis http:\/\/127\.0\.0\.1:\d+\./,
    );
    await screenshot(french.page, 'install-seen-fr');
    expect(developer.problems).toEqual([]);
  });

  it('edits the extra origins and the local-tests switch', async () => {
    const { page } = owner;
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Origins', exact: true }) });
    // The host added by the install check's button is shown by the form (not edited yet).
    await waitUntil(
      async () => (await form.getByLabel('Extra origins').inputValue()) === '127.0.0.1',
      'the added host in the origins form',
    );
    await form.getByLabel('Extra origins').fill('127.0.0.1\nstaging.fresh.example.org');
    await form.getByRole('checkbox', { name: 'Allow local tests (localhost and 127.0.0.1)' }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    expect((await harness.server.services.sites.find(SITE))?.extraOrigins?.sort()).toEqual([
      '127.0.0.1',
      'localhost',
      'staging.fresh.example.org',
    ]);
    // The check lists what is allowed now.
    await page
      .getByTestId('install-check')
      .getByText(/localhost/)
      .first()
      .waitFor();
    // Unchecked: the local hosts go, the staging host stays. The site list's refresh that follows
    // the save is held until the next edit is typed: on a loaded machine it lands then, and it used
    // to remount the form, so the typed text was lost and the old origins saved instead (no alert).
    const refresh = await holdSiteList(page);
    const again = page.locator('form', { has: page.getByRole('heading', { name: 'Origins', exact: true }) });
    await again.getByRole('checkbox', { name: 'Allow local tests (localhost and 127.0.0.1)' }).uncheck();
    await again.getByRole('button', { name: 'Save' }).click();
    await again.getByText('Saved.').waitFor();
    expect((await harness.server.services.sites.find(SITE))?.extraOrigins).toEqual([
      'staging.fresh.example.org',
    ]);
    // The form shows what the server kept, from the save's own answer.
    expect(await again.getByLabel('Extra origins').inputValue()).toBe('staging.fresh.example.org');
    expect(await again.getByRole('checkbox', { name: /^Allow local tests/ }).isChecked()).toBe(false);
    await refresh.asked;
    // A host name that is not one is refused in the reader's words, though the refresh lands
    // between the typing and the click.
    const third = page.locator('form', { has: page.getByRole('heading', { name: 'Origins', exact: true }) });
    await third.getByLabel('Extra origins').fill('not a host!');
    await refresh.release();
    await waitUntil(
      async () => {
        const allowed = await page
          .getByTestId('install-check')
          .getByText(/^Events are taken from:/)
          .textContent();
        return allowed?.includes('staging.fresh.example.org') && !allowed.includes('localhost');
      },
      'the refreshed site shown by the install check',
      10_000,
    );
    expect(await third.getByLabel('Extra origins').inputValue()).toBe('not a host!');
    await third.getByRole('button', { name: 'Save' }).click();
    const alert = third.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('origins_invalid');
    await screenshot(page, 'install-origins-en');
    accessibility.push(...(await checkAccessibility(page, 'origins form (en)')));
    expect(
      await evaluate<number>(page, 'document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(1);
    expect(accessibility).toEqual([]);
    expect([...owner.problems, ...french.problems]).toEqual([]);
  });
});
