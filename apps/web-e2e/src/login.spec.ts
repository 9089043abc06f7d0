import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn, USERS } from './support';

/** The session as the server sees it (a fresh connection each time: no stale keep-alive socket). */
const me = (page: Page) => page.request.get('/api/auth/me', { headers: { connection: 'close' } });

test.describe('signing in', () => {
  test('a deep link leads to the login page and back after signing in', async ({ page }) => {
    await page.goto('/tasks');
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Ftasks$/);
    await page.getByTestId('login-username').fill(USERS.alice.username);
    await page.getByTestId('login-password').fill(USERS.alice.password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByTestId('current-user-name')).toHaveText(USERS.alice.displayName);
    await expect(page.getByTestId('current-user-role')).toHaveText('Editor');
    await expect(page.getByTestId('job-tasks-page')).toBeVisible();
  });

  test('a wrong password shows an error and keeps the user on the login page', async ({ page }) => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill('alice');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText(/wrong username or password/i);
    await expect(page).toHaveURL(/\/login/);
    // The same message for an unknown user: nothing tells which part was wrong.
    await page.getByTestId('login-username').fill('nobody-by-this-name');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText(/wrong username or password/i);
  });

  test('the session survives a reload and ends with logout', async ({ page }) => {
    await signIn(page, 'bob');
    await page.reload();
    await expect(page.getByTestId('current-user-name')).toHaveText(USERS.bob.displayName);
    expect((await me(page)).status()).toBe(200);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login/);
    expect((await me(page)).status()).toBe(401);
    // Back navigation does not bring the signed-in app back.
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('the return address after signing in never leaves the app', async ({ page, baseURL }) => {
    await page.goto('/login?returnUrl=%2F%2Fexample.com%2Fphish');
    await page.getByTestId('login-username').fill(USERS.alice.username);
    await page.getByTestId('login-password').fill(USERS.alice.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('board')).toBeVisible();
    expect(page.url()).toBe(`${baseURL}/`);
    // Signed in, the login page sends the user to the board.
    await page.goto('/login');
    await expect(page.getByTestId('board')).toBeVisible();
    await expect(page).not.toHaveURL(/\/login/);
  });

  test('admins reach the admin screens; editors neither see nor reach them', async ({ page, browser }) => {
    await signIn(page, 'admin');
    await expect(page.getByTestId('current-user-role')).toHaveText('Admin');
    await page.getByTestId('main-menu-button').click();
    await page.getByTestId('menu-users').click();
    await expect(page.getByTestId('users-table')).toContainText(USERS.bob.displayName);

    const editorContext = await browser.newContext();
    try {
      const editor = await editorContext.newPage();
      await signIn(editor, 'bob');
      await editor.getByTestId('main-menu-button').click();
      await expect(editor.getByTestId('menu-tasks')).toBeVisible();
      await expect(editor.getByTestId('menu-users')).toHaveCount(0);
      await expect(editor.getByTestId('menu-locks')).toHaveCount(0);
      await editor.keyboard.press('Escape');
      await editor.goto('/admin/users');
      await expect(editor.getByTestId('board')).toBeVisible();
      await expect(editor.getByTestId('users-page')).toHaveCount(0);
    } finally {
      await editorContext.close();
    }
  });
});
