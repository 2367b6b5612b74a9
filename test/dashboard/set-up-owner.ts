import type { Page } from 'playwright-core';

export interface Owner {
  name: string;
  email: string;
  password: string;
}

/**
 * Creates the installation's first owner on the setup page, as a person does (the English form),
 * and waits for the Overview they land on: the first steps of most dashboard tests.
 */
export async function setUpOwner(
  page: Page,
  baseUrl: string,
  setupToken: string | undefined,
  owner: Owner,
): Promise<void> {
  await page.goto(`${baseUrl}/setup?token=${setupToken}`);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('E-mail').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByLabel('Repeat the password').fill(owner.password);
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}
