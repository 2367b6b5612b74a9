import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { SAMPLE_AGENTS } from '../../src/seed/sample-agents.js';
import { testConfig } from '../helpers/test-config.js';
import { launchBrowser } from '../tracker/browser.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { checkAccessibility, screenshot } from './harness.js';

/**
 * Settings → Alerts in Chromium against a real server (issue 14): an owner adds a rule, tests
 * the rules on a quiet site (nothing would fire), then on a WhatsApp spike (it would, naming the
 * page and WhatsApp), and removes the rule; then a goal's rule: the form asks for one of the
 * site's goals (and says there is none yet), and a burst of sign-ups from WhatsApp would fire it.
 * axe in English and French, with the goal's field shown too.
 */
const OWNER = { name: 'Olivia Owner', email: 'owner@example.org', password: 'correct horse battery staple' };
const ARTICLE = '/world/storm-hits-the-coast';

describe('Settings: alerts', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startServer(testConfig({ PENUMBRA_DEMO: '0' }), { logger: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signUp(page: Page): Promise<void> {
    await page.goto(`${server.url}/setup?token=${server.setupToken}`);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Repeat the password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.evaluate(async () => {
      const state = (await (await fetch('/api/auth/state')).json()) as { csrfToken: string };
      await fetch('/api/sites', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
        body: JSON.stringify({ domain: 'news.example.org' }),
      });
    });
  }

  async function whatsappSpike(): Promise<void> {
    const siteId = (await server.services.store.getSiteByDomain('news.example.org'))?.id;
    if (!siteId) throw new Error('site expected');
    const c = classify({
      url: `https://news.example.org${ARTICLE}`,
      referrer: 'android-app://com.whatsapp/',
      userAgent: SAMPLE_AGENTS.iphoneSafari,
    });
    const now = Date.now();
    await server.services.store.insertEvents(
      Array.from({ length: 24 }, (_, n) => ({
        siteId,
        linkId: null,
        type: 'pageview' as const,
        kind: c.kind,
        channel: c.channel,
        medium: c.medium,
        source: c.source,
        evidence: c.evidence,
        confidence: c.confidence,
        occurredAt: now - 10 * 60_000 + n * 20_000,
        path: ARTICLE,
      })),
    );
  }

  /** 24 readers from WhatsApp in the last 10 minutes, each signing up a minute after arriving. */
  async function signUpBurst(): Promise<void> {
    const siteId = (await server.services.store.getSiteByDomain('news.example.org'))?.id;
    if (!siteId) throw new Error('site expected');
    const c = classify({
      url: `https://news.example.org${ARTICLE}`,
      referrer: 'android-app://com.whatsapp/',
      userAgent: SAMPLE_AGENTS.iphoneSafari,
    });
    const now = Date.now();
    await server.services.store.insertEvents(
      Array.from({ length: 24 }, (_, n) =>
        (['pageview', 'event'] as const).map((type) => ({
          siteId,
          linkId: null,
          type,
          kind: c.kind,
          channel: type === 'pageview' ? c.channel : 'internal',
          medium: type === 'pageview' ? c.medium : 'internal',
          source: type === 'pageview' ? c.source : 'direct',
          evidence: c.evidence,
          confidence: c.confidence,
          occurredAt: now - 10 * 60_000 + n * 20_000 + (type === 'event' ? 60_000 : 0),
          path: ARTICLE,
          visitorHash: `reader-${n}`,
          ...(type === 'event' ? { name: 'signup' } : {}),
        })),
      ).flat(),
    );
  }

  it("adds a rule, tests it on a quiet site and on a spike, removes it, then a goal's rule; axe finds nothing", async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signUp(page);

    await page.goto(`${server.url}/app/settings`);
    await page.locator('#alert-rules-title').waitFor();
    await page.getByText('No alert rule yet.').waitFor();
    const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add an alert rule' }) });
    await add.getByLabel('Rule').selectOption('page-spike');
    await add.getByLabel('Also at night').check();
    await add.getByRole('button', { name: 'Add the rule' }).click();
    await page.getByRole('cell', { name: 'A page spreading privately', exact: true }).waitFor();
    await page.getByRole('cell', { name: '20 in 30 min and 3× the usual level' }).waitFor();
    await page.getByRole('button', { name: 'Test now' }).click();
    await page.getByTestId('alert-test-results').getByText('Nothing would fire now.').waitFor();

    await whatsappSpike();
    await page.getByRole('button', { name: 'Test now' }).click();
    const result = page.getByTestId('alert-test-results').locator('li').first();
    await result.getByText('Would fire:').waitFor();
    expect(await result.textContent()).toMatch(
      /A page spreading privately — \/world\/storm-hits-the-coast: 24 against a usual 0; whatsapp 100 %/,
    );
    await screenshot(page, 'alert-settings-en');
    expect(await checkAccessibility(page, 'settings/alerts (en)')).toStrictEqual([]);

    await page.evaluate("localStorage.setItem('penumbra.lang', 'fr')");
    await page.reload();
    await page.getByRole('heading', { name: 'Alertes : diffusion privée' }).waitFor();
    await page.getByRole('cell', { name: 'Une page qui circule en privé', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tester maintenant' }).click();
    await page.getByTestId('alert-test-results').getByText('Se déclencherait :').waitFor();
    await screenshot(page, 'alert-settings-fr');
    expect(await checkAccessibility(page, 'settings/alerts (fr)')).toStrictEqual([]);

    await page.getByRole('button', { name: 'Retirer la règle « Une page qui circule en privé »' }).click();
    await page.getByText('Aucune règle d’alerte pour l’instant.').waitFor();

    // A goal's rule: none can be added before the site has a goal.
    const ajout = page.locator('form', {
      has: page.getByRole('heading', { name: 'Ajouter une règle d’alerte' }),
    });
    await ajout.getByLabel('Règle').selectOption('goal-dark-social');
    await ajout.getByText('Ce site n’a pas encore d’objectif').waitFor();
    expect(await ajout.getByRole('button', { name: 'Ajouter la règle' }).isDisabled()).toBe(true);
    const siteId = (await server.services.store.getSiteByDomain('news.example.org'))?.id ?? '';
    await server.services.store.goals.createGoal({
      id: 'goal-signup',
      siteId,
      name: 'Newsletter sign-up',
      kind: 'event',
      pathPattern: null,
      eventName: 'signup',
      propKey: null,
      propValue: null,
      shareWay: null,
    });
    await page.reload();
    await ajout.getByLabel('Règle').selectOption('goal-dark-social');
    await ajout.locator('select[name="goalId"]').selectOption({ label: 'Newsletter sign-up' });
    await ajout.locator('input[name="quietOff"]').check();
    await ajout.getByRole('button', { name: 'Ajouter la règle' }).click();
    await page
      .getByRole('cell', {
        name: 'Les conversions d’un objectif venues du dark social Objectif : Newsletter sign-up',
      })
      .waitFor();
    await page.getByRole('cell', { name: '5 en 30 min et 3× le niveau habituel' }).waitFor();
    await signUpBurst();
    await page.getByRole('button', { name: 'Tester maintenant' }).click();
    const goalResult = page.getByTestId('alert-test-results').locator('li').first();
    await goalResult.getByText('Se déclencherait :').waitFor();
    expect(await goalResult.textContent()).toMatch(
      /Les conversions d’un objectif venues du dark social — Newsletter sign-up: 24 .* whatsapp 100 %/,
    );
    expect(await goalResult.getByRole('link').getAttribute('href')).toMatch(
      /\/app\/goals\?site=.*&range=day&channel=dark-social&goal=Newsletter%20sign-up$/,
    );
    await ajout.getByLabel('Règle').selectOption('goal-dark-social');
    await screenshot(page, 'alert-settings-goal-fr');
    expect(await checkAccessibility(page, 'settings/alerts, a goal rule (fr)')).toStrictEqual([]);

    await page.evaluate("localStorage.setItem('penumbra.lang', 'en')");
    await page.reload();
    await page
      .getByRole('cell', { name: 'A goal’s conversions from dark social Goal: Newsletter sign-up' })
      .waitFor();
    await page.getByRole('button', { name: 'Test now' }).click();
    const english = page.getByTestId('alert-test-results').locator('li').first();
    await english.getByText('Would fire:').waitFor();
    expect(await english.textContent()).toMatch(
      /A goal’s conversions from dark social — Newsletter sign-up: 24 against a usual 0; whatsapp 100 %/,
    );
    await add.getByLabel('Rule').selectOption('goal-dark-social');
    await add.locator('select[name="goalId"]').waitFor();
    await screenshot(page, 'alert-settings-goal-en');
    expect(await checkAccessibility(page, 'settings/alerts, a goal rule (en)')).toStrictEqual([]);
    expect(problems).toStrictEqual([]);
    await context.close();
  }, 90_000);
});
