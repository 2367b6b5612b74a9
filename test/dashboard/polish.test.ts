import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemsEn } from '../../src/dashboard/i18n/problems-en.js';
import { problemsFr } from '../../src/dashboard/i18n/problems-fr.js';
import { CLI_ACTOR } from '../../src/privacy/audit-log.js';
import { seedSite } from '../../src/seed/seed-site.js';
import { evaluate } from '../tracker/browser.js';
import { checkAccessibility, type DashboardPage, type Harness, screenshot, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 16's dashboard polish in Chromium against the real server, in English and in French:
 * server errors worded by their code in the reader's language, the audit log in sentences,
 * definitions of dark social and of each key number (reachable by keyboard, axe clean), the share
 * funnel naming kits by title, and every table fitting its panel at 1366 px and usable at 390 px.
 */
// Nine views at two widths in a browser on a shared 2-core machine: more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

const harness: Harness = await startHarness();
const { backendReady } = harness;
const base = harness.server.url;

const SITE = 'polish.example.org';
const OWNER = { name: 'Odile Owner', email: 'odile@example.org', password: 'a long and quiet passphrase' };
type Lang = 'en' | 'fr';
const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };
const PROBLEMS = { en: problemsEn, fr: problemsFr };

const pages: Partial<Record<Lang, DashboardPage>> = {};
const accessibility: string[] = [];

afterAll(() => harness.close());

async function signIn(lang: Lang): Promise<DashboardPage> {
  const opened = await harness.open({ locale: LOCALES[lang] });
  const { page } = opened;
  await page.goto(`${base}/app?site=${SITE}`);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel(lang === 'en' ? 'Password' : 'Mot de passe').fill(OWNER.password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Se connecter' }).click();
  await page
    .getByRole('heading', { level: 1, name: lang === 'en' ? 'Overview' : 'Vue d’ensemble' })
    .waitFor();
  return opened;
}

/** A state-changing API call from the signed-in page, with its CSRF token, as the dashboard makes it. */
function call(page: Page, method: string, path: string, body: unknown): Promise<number> {
  return evaluate<number>(
    page,
    `fetch('/api/auth/state').then((r) => r.json()).then((state) => fetch(${JSON.stringify(path)}, {
       method: ${JSON.stringify(method)},
       headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
       body: ${JSON.stringify(JSON.stringify(body))},
     })).then((r) => r.status)`,
  );
}

async function settle(page: Page): Promise<void> {
  await page.waitForSelector('.loading', { state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

async function open(page: Page, path: string, title: string | RegExp): Promise<void> {
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}site=${SITE}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settle(page);
}

beforeAll(async () => {
  if (!backendReady) return;
  const setup = await harness.open();
  await setUpOwner(setup.page, base, harness.server.setupToken, OWNER);
  // Through the API, as the Sites page does: each change is in the audit log.
  expect(await call(setup.page, 'POST', '/api/sites', { domain: SITE, name: 'Polish' })).toBe(201);
  expect(await call(setup.page, 'PATCH', `/api/sites/${SITE}`, { privacyMode: 'strict' })).toBe(200);
  expect(await call(setup.page, 'PATCH', `/api/sites/${SITE}`, { privacyMode: 'anonymous' })).toBe(200);
  // A month of a news site's traffic with its share kits (the demo's generator).
  await seedSite(harness.server.services, {
    domain: SITE,
    actor: CLI_ACTOR,
    events: 4_000,
    days: 30,
    seed: 16,
  });
  // Goals on two of the generator's custom events, so the Goals view has its tables (issue 14).
  for (const [name, eventName] of [
    ['Newsletter sign-up', 'newsletter_signup'],
    ['Subscription', 'subscribe'],
  ]) {
    expect(
      await call(setup.page, 'POST', `/api/sites/${SITE}/goals`, { name, kind: 'event', eventName }),
    ).toBe(201);
  }
  pages.en = await signIn('en');
  pages.fr = await signIn('fr');
}, 120_000);

describe.skipIf(!backendReady)('dashboard polish (issue 16) in Chromium, in English and in French', () => {
  it.each(['en', 'fr'] as const)(
    'words a refused sign-in by its code, in the reader’s language (%s)',
    async (lang) => {
      const { page } = await harness.open({ locale: LOCALES[lang] });
      await page.goto(`${base}/app`);
      await page.getByLabel('E-mail').fill(OWNER.email);
      await page.getByLabel(lang === 'en' ? 'Password' : 'Mot de passe').fill('not the passphrase at all');
      await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Se connecter' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('invalid_credentials');
      expect((await alert.textContent())?.trim()).toBe(PROBLEMS[lang].invalid_credentials);
      await screenshot(page, `polish-login-error-${lang}`);
      accessibility.push(...(await checkAccessibility(page, `login error (${lang})`)));
    },
  );

  it.each(['en', 'fr'] as const)('words a refused share kit by its code (%s)', async (lang) => {
    const { page } = pages[lang] as DashboardPage;
    await open(page, '/app/links/new', lang === 'en' ? 'New share kit' : /kit de partage/i);
    // A valid URL for the browser, refused by the server: only http(s) targets.
    await page
      .getByLabel(lang === 'en' ? 'Address to share' : 'Adresse à partager')
      .fill('ftp://files.example.org/a');
    await page
      .getByRole('button', { name: lang === 'en' ? 'Create the share kit' : 'Créer le kit de partage' })
      .click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('target_scheme');
    expect(await alert.locator('p').first().textContent()).toBe(PROBLEMS[lang].target_scheme);
    // No English sentence of the server in the French page.
    if (lang === 'fr') expect(await alert.textContent()).not.toMatch(/Only http/);
  });

  it.each(['en', 'fr'] as const)('writes the audit log in sentences (%s)', async (lang) => {
    const { page } = pages[lang] as DashboardPage;
    await open(page, '/app/privacy', lang === 'en' ? 'Privacy and GDPR' : /Confidentialité/);
    const audit = page.locator('section.panel', {
      has: page.getByRole('heading', { name: lang === 'en' ? 'Audit log' : 'Journal d’audit', exact: true }),
    });
    const text = (await audit.locator('tbody').textContent()) ?? '';
    if (lang === 'en') {
      expect(text).toContain(`Site ${SITE} created in anonymous mode, raw events kept`);
      expect(text).toContain('Privacy mode: anonymous → strict.');
      expect(text).toContain('Privacy mode: strict → anonymous.');
    } else {
      expect(text).toContain(`Site ${SITE} créé en mode anonyme, événements bruts conservés`);
      expect(text).toContain('Mode de confidentialité : anonyme → strict.');
      expect(text).toContain('Mode de confidentialité : strict → anonyme.');
    }
    // No raw key of the stored details.
    expect(text).not.toMatch(/privacyMode|retentionMonths|respectDnt|domain:/);
  });

  it.each(['en', 'fr'] as const)(
    'defines dark social and each key number, by keyboard too (%s)',
    async (lang) => {
      const { page } = pages[lang] as DashboardPage;
      await open(page, '/app', lang === 'en' ? 'Overview' : 'Vue d’ensemble');
      const definition = page.getByTestId('dark-social-definition');
      const words = (await definition.textContent()) ?? '';
      expect(words).toMatch(
        lang === 'en' ? /^Dark social: .*WhatsApp.*“Direct”/ : /^Dark social : .*WhatsApp.*« Direct »/,
      );
      expect(words).toMatch(
        lang === 'en' ? /Dark social index: the share of visits/ : /Indice dark social : la part des visites/,
      );
      const helps = page.locator('.key-number details.metric-help');
      expect(await helps.count()).toBe(5);
      // Opened from the keyboard: focus the disclosure and press Enter.
      const visitors = page.locator('.key-number details[data-help="visitors"]');
      await visitors.locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await visitors.getAttribute('open')).not.toBeNull();
      expect(await visitors.locator('p').isVisible()).toBe(true);
      expect(await visitors.locator('p').textContent()).toMatch(
        lang === 'en' ? /once per day/ : /une fois par jour/,
      );
      // The glossary lists the page's figures with their definitions.
      await page.getByTestId('glossary').locator('summary').click();
      expect(await page.getByTestId('glossary').locator('dt').count()).toBeGreaterThanOrEqual(9);
      await screenshot(page, `polish-definitions-${lang}`);
      accessibility.push(...(await checkAccessibility(page, `overview definitions (${lang})`)));
      // The Dark social page defines it too, where its index is.
      await open(page, '/app/dark-social', 'Dark social');
      expect(await page.getByTestId('dark-social-definition').count()).toBe(1);
      expect(await page.locator('.key-number details.metric-help').count()).toBe(3);
    },
  );

  it.each(['en', 'fr'] as const)(
    'names the share funnel’s kits by title, with the slug under it (%s)',
    async (lang) => {
      const { page } = pages[lang] as DashboardPage;
      await open(page, '/app', lang === 'en' ? 'Overview' : 'Vue d’ensemble');
      const kits = (
        await harness.server.services.store.listLinks({ siteId: (await site()).id, limit: 500, offset: 0 })
      ).items;
      const titled = new Map(kits.filter((kit) => kit.title).map((kit) => [kit.slug, kit.title as string]));
      expect(titled.size).toBeGreaterThan(0);
      const cells = page
        .locator('#share-funnel-title')
        .locator('xpath=ancestor::section[1]')
        .locator('tbody tr td:first-child');
      await cells.first().waitFor();
      const rows = await cells.evaluateAll((tds) =>
        tds.map((td) => ({
          text: td.textContent ?? '',
          slug: td.querySelector('.secondary-text')?.textContent ?? null,
        })),
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        // Every kit of the funnel is one of the site's, shown by its title with its slug beneath.
        expect(row.slug, JSON.stringify(row)).not.toBeNull();
        const title = titled.get(row.slug as string);
        expect(title, `${row.slug} has a title`).toBeTruthy();
        expect(row.text.startsWith(title as string)).toBe(true);
      }
    },
  );

  it.each([
    ['en', 1366],
    ['fr', 1366],
    ['en', 390],
    ['fr', 390],
  ] as const)(
    'fits every table at its width, or scrolls it on its own (%s, %i px)',
    async (lang, width) => {
      const opened = pages[lang] as DashboardPage;
      const { page } = opened;
      await page.setViewportSize({ width, height: 900 });
      const kit = (
        await harness.server.services.store.listLinks({
          siteId: (await site()).id,
          mainOnly: true,
          limit: 1,
          offset: 0,
        })
      ).items[0];
      const views = [
        '/app',
        '/app/dark-social',
        '/app/links',
        `/app/links/${kit?.id}`,
        '/app/goals',
        '/app/realtime',
        '/app/privacy',
        '/app/sites',
        '/app/settings',
      ];
      const report: string[] = [];
      for (const path of views) {
        await page.goto(`${base}${path}?site=${SITE}`);
        await page.locator('main h1').waitFor();
        await settle(page);
        await page
          .locator('main table')
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => undefined);
        const measured = await evaluate<Layout>(page, MEASURE);
        await screenshot(page, `polish${path.replace(/\/app|\W+/g, '-')}-${lang}-${width}`);
        // The Sites page has no table here, nor Realtime with nobody on the site; every other view has some.
        if (path !== '/app/sites' && path !== '/app/realtime')
          expect(measured.tables.length, `${path} has tables`).toBeGreaterThan(0);
        // The page itself never scrolls sideways.
        expect(
          measured.pageOverflow,
          `${path}: the page is wider than the window: ${measured.wide.join('; ')}`,
        ).toBeLessThanOrEqual(1);
        for (const table of measured.tables) {
          const where = `${path} “${table.name}” (${lang}, ${width} px)`;
          report.push(`${where}: ${table.overflow > 1 ? `scrolls ${table.overflow} px` : 'fits'}`);
          expect(table.clipped, `${where}: cells whose text is cut`).toEqual([]);
          if (width >= 1366 || table.mustFit)
            expect(table.overflow, `${where} is wider than its panel`).toBeLessThanOrEqual(1);
          else if (table.overflow > 1)
            expect(table.scrollable, `${where} overflows without a scroller of its own`).toBe(true);
        }
        if (path === '/app/privacy') {
          accessibility.push(...(await checkAccessibility(page, `privacy (${lang}, ${width} px)`)));
        }
      }
      console.log(report.join('\n'));
      expect(opened.problems).toEqual([]);
    },
    120_000,
  );

  afterAll(() => {
    expect(accessibility).toEqual([]);
    for (const lang of ['en', 'fr'] as const) expect(pages[lang]?.problems ?? []).toEqual([]);
  });
});

interface Layout {
  pageOverflow: number;
  wide: string[];
  tables: { name: string; overflow: number; clipped: string[]; scrollable: boolean; mustFit: boolean }[];
}

/**
 * Each table of the page: how far it is wider than the box it sits in, the cells whose text is cut
 * (wider content than the cell shows), and whether it sits in a keyboard-reachable scroller. The
 * privacy page's mode comparison must fit even on a phone: it is the one table read across.
 */
const MEASURE = `(() => {
  const tables = [...document.querySelectorAll('main table')].map((table) => {
    const scroller = table.closest('.table-scroll');
    const box = scroller ?? table.parentElement;
    const caption = table.querySelector('caption')?.textContent;
    const heading = table.closest('section')?.querySelector('h2, h3')?.textContent;
    const clipped = [...table.querySelectorAll('th, td')]
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => cell.textContent.trim().slice(0, 40));
    return {
      name: caption ?? heading ?? '?',
      overflow: Math.round(table.getBoundingClientRect().width - box.clientWidth),
      clipped,
      scrollable: scroller !== null && scroller.tabIndex === 0 && getComputedStyle(scroller).overflowX === 'auto',
      mustFit: table.querySelector('#mode-comparison-caption') !== null,
    };
  });
  // What sticks out of the window (not counting what scrolls inside a table's scroller).
  const wide = [...document.querySelectorAll('body *')]
    .filter((element) => !element.closest('.table-scroll') && element.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-3)
    .map((element) => element.tagName.toLowerCase() + '.' + element.className + ' ' + (element.textContent ?? '').trim().slice(0, 30));
  return { pageOverflow: document.documentElement.scrollWidth - window.innerWidth, wide, tables };
})()`;

async function site() {
  const found = await harness.server.services.sites.find(SITE);
  if (!found) throw new Error(`${SITE} is missing`);
  return found;
}
