import { expect, type Browser, type Page } from '@playwright/test';

/** The demo accounts seeded by tools/seed-data.mjs. */
export const USERS = {
  admin: { username: 'admin', password: 'admin-demo-pass', displayName: 'Andrea Admin' },
  alice: { username: 'alice', password: 'alice-demo-pass', displayName: 'Alice Becker' },
  bob: { username: 'bob', password: 'bob-demo-pass', displayName: 'Bob Schmidt' },
} as const;
export type DemoUser = keyof typeof USERS;

/** Signs in through the real login form and waits for the authenticated shell. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  const { username, password, displayName } = USERS[user];
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByText(displayName).first()).toBeVisible();
}

/** A separate browser context (own cookies and storage) signed in as the user. */
export async function userPage(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}
