import { expect, test } from '@playwright/test';
import { signIn, USERS } from './support';

test.describe('signing in', () => {
  test('a deep link leads to the login page and back after signing in', async ({ page }) => {
    await page.goto('/tasks');
    await expect(page).toHaveURL(/\/login/);
    await page.getByTestId('login-username').fill(USERS.alice.username);
    await page.getByTestId('login-password').fill(USERS.alice.password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByText(USERS.alice.displayName).first()).toBeVisible();
  });

  test('a wrong password shows an error and keeps the user on the login page', async ({ page }) => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill('alice');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText(/wrong username or password/i);
    await expect(page).toHaveURL(/\/login/);
  });

  test('the session survives a reload and ends with logout', async ({ page }) => {
    await signIn(page, 'bob');
    await page.reload();
    await expect(page.getByText(USERS.bob.displayName).first()).toBeVisible();
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(200);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});
