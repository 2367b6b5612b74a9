import { afterAll, describe, expect, it } from 'vitest';
import { DEMO, type DemoSeeding, startDemo } from '../../src/seed/start-demo.js';
import { evaluate, waitUntil } from '../tracker/browser.js';
import { checkAccessibility, type DashboardPage, type Harness, screenshot, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Issue 16, "while loading": a fresh install's first half-minute showed "No data yet" while the
 * demo filled in the background. The server now says how far it has got
 * (`GET /api/sites/:id/demo-progress`) and the Overview shows a progress bar, in English and in
 * French, then the complete figures. The demo is seeded as `penumbra serve` seeds it (startDemo),
 * on a fresh server with no site.
 */
const harness: Harness = await startHarness();
const { backendReady } = harness;
const base = harness.server.url;
const OWNER = { name: 'Fanny First', email: 'fanny@example.org', password: 'a first hour with penumbra' };

let demo: DemoSeeding | undefined;
const errors: unknown[] = [];

afterAll(async () => {
  await demo?.stop();
  await harness.close();
});

async function signIn(opened: DashboardPage, lang: 'en' | 'fr'): Promise<void> {
  const { page } = opened;
  await page.goto(`${base}/app?site=${DEMO.domain}`);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel(lang === 'en' ? 'Password' : 'Mot de passe').fill(OWNER.password);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Se connecter' }).click();
}

describe.skipIf(!backendReady)('the demo being filled, in Chromium', () => {
  it('shows its progress instead of "No data yet", then the figures', async () => {
    const setup = await harness.open();
    await setUpOwner(setup.page, base, harness.server.setupToken, OWNER);

    const started = Date.now();
    demo = startDemo(harness.server.services, {
      info: () => undefined,
      error: (error) => errors.push(error),
    });
    const en = await harness.open({ locale: 'en-GB' });
    const fr = await harness.open({ locale: 'fr-FR' });
    await signIn(en, 'en');
    await signIn(fr, 'fr');

    // English: a progress bar with the count, and no "No data yet".
    const bar = en.page.getByTestId('demo-progress');
    await bar.waitFor({ timeout: 15_000 });
    await en.page
      .getByRole('heading', { level: 2, name: 'Filling the demo site with 90 days of traffic' })
      .waitFor();
    const progress = en.page.locator('[data-testid="demo-progress"] progress');
    expect(Number(await progress.getAttribute('max'))).toBe(DEMO.events);
    expect(await bar.textContent()).toMatch(/[\d,]+ of 200,000 events written \(\d+%\)/);
    expect(await en.page.getByText(/No data yet/).count()).toBe(0);
    await screenshot(en.page, 'demo-progress-en');
    expect(await checkAccessibility(en.page, 'demo progress (en)')).toEqual([]);

    // French, at the same time.
    const barFr = fr.page.getByTestId('demo-progress');
    await barFr.waitFor({ timeout: 15_000 });
    expect(await barFr.textContent()).toMatch(/Remplissage du site de démonstration/);
    expect(await barFr.textContent()).toMatch(/[\d\s\u202f]+ événements écrits sur 200\s000 \(\d+\s?%\)/);
    await screenshot(fr.page, 'demo-progress-fr');
    expect(await checkAccessibility(fr.page, 'demo progress (fr)')).toEqual([]);

    // It moves: the bar's value grows while the page polls.
    const first = Number(await progress.getAttribute('value'));
    await waitUntil(
      () =>
        evaluate<boolean>(
          en.page,
          `(() => {
            const bar = document.querySelector('[data-testid="demo-progress"] progress');
            return bar === null || Number(bar.getAttribute('value')) > ${first};
          })()`,
        ),
      'the progress bar to move',
      30_000,
    );

    // Done: the bar goes and the figures are there, complete.
    await bar.waitFor({ state: 'detached', timeout: 240_000 });
    await demo.finished;
    console.log(
      `demo of ${DEMO.events} events seeded and shown in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const status = await evaluate<{ state: string; stored: number; total: number }>(
      en.page,
      `fetch('/api/sites/${DEMO.domain}/demo-progress').then((r) => r.json())`,
    );
    expect(status).toMatchObject({ state: 'done', stored: DEMO.events, total: DEMO.events });
    const visits = en.page.locator('.key-number', { hasText: /^Visits/ }).locator('.key-value');
    await visits.waitFor();
    expect(Number((await visits.textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await en.page.getByText(/No data yet/).count()).toBe(0);
    expect(errors).toEqual([]);
    expect([...en.problems, ...fr.problems]).toEqual([]);
  }, 300_000);
});
