import { afterAll, describe, expect, it } from 'vitest';
import { type Harness, screenshot, startHarness } from './harness.js';
import { setUpOwner } from './set-up-owner.js';

/**
 * Settings, in Chromium against the real server (issue 13, finding 15): the owner invites someone
 * confined to one site, and makes a token that only reads stats of that site; the token, copied
 * from the page, then finds the other site nowhere.
 */
const harness: Harness = await startHarness();
const base = harness.server.url;
const OWNER = { name: 'Olivia Owner', email: 'owner@example.org', password: 'correct horse battery staple' };

afterAll(() => harness.close());

describe('Settings: roles on chosen sites and token scopes', () => {
  it.skipIf(!harness.backendReady)('confines a user and a token to one site', async () => {
    const { page, problems } = await harness.open();
    await setUpOwner(page, base, harness.server.setupToken, OWNER);
    const csrf = await page.evaluate(async () => {
      const state = (await (await fetch('/api/auth/state')).json()) as { csrfToken: string };
      for (const domain of ['mine.example.org', 'theirs.example.org']) {
        await fetch('/api/sites', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrfToken },
          body: JSON.stringify({ domain }),
        });
      }
      return state.csrfToken;
    });
    expect(csrf).toBeTruthy();

    await page.goto(`${base}/app/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const invite = page.locator('form', { has: page.getByRole('heading', { name: 'Invite someone' }) });
    await invite.getByLabel('Name').fill('Ed Itor');
    await invite.getByLabel('E-mail').fill('ed@example.org');
    await invite.getByLabel('On every site, with the role above').uncheck();
    await invite.getByLabel('Role on mine.example.org').selectOption('editor');
    await invite.getByLabel('First password').fill('plum orbit velvet cascade 91');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await invite.getByText('Done. They can sign in now.').waitFor();
    await page
      .locator('tbody tr', { hasText: 'ed@example.org' })
      .getByText('mine.example.org (Editor)')
      .waitFor();

    const tokenForm = page.locator('form', { has: page.getByRole('heading', { name: 'Create a token' }) });
    await tokenForm.getByLabel('Name').fill('stats-mine');
    await tokenForm.getByLabel('Admin (anything)').uncheck();
    await tokenForm.getByLabel('Read stats').check();
    await tokenForm.getByLabel('mine.example.org').check();
    await tokenForm.getByRole('button', { name: 'Create' }).click();
    const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
    expect(secret).toMatch(/^pn_/);
    const row = page.locator('tbody tr', { hasText: 'stats-mine' });
    await row.getByText('Read stats').waitFor();
    await row.getByText('mine.example.org').waitFor();
    await screenshot(page, 'settings-access');

    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((response) => response.status);
    expect(await call('GET', '/api/sites/mine.example.org')).toBe(200);
    expect(await call('GET', '/api/sites/theirs.example.org')).toBe(404);
    expect(
      await call('POST', '/api/links', { url: 'https://mine.example.org/', site: 'mine.example.org' }),
    ).toBe(403);
    const ed = await fetch(`${base}/api/users`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(ed.status).toBe(403);
    expect(problems).toEqual([]);

    // Ed, signed in: only their site to choose, and editing allowed there by their site role.
    const edPage = await harness.open();
    await edPage.page.goto(`${base}/login`);
    await edPage.page.getByLabel('E-mail').fill('ed@example.org');
    await edPage.page.getByLabel('Password').fill('plum orbit velvet cascade 91');
    await edPage.page.getByRole('button', { name: 'Sign in' }).click();
    await edPage.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const options = await edPage.page.getByLabel('Site').locator('option').allTextContents();
    expect(options.join(' ')).toContain('mine.example.org');
    expect(options.join(' ')).not.toContain('theirs.example.org');
    await edPage.page.getByRole('navigation').getByRole('link', { name: 'Links', exact: true }).click();
    await edPage.page.getByRole('link', { name: 'New share kit' }).first().waitFor();
    expect(edPage.problems).toEqual([]);
  });
});
