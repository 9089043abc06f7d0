import type { JobTaskDto } from '@tdgen/contracts';
import { expect, test } from './fixtures';
import { expandAndEdit, uniqueTitle } from './support';

// The end-to-end server runs a real OpenID Provider (tools/oidc-test-provider.mjs) on localhost,
// with its own login page; these are its test accounts.
const CAROL = { login: 'carol', password: 'carol-sso-pass', name: 'Carol Single' };

test.describe('single sign-on through the OpenID Provider', () => {
  test("signs in on the provider's own login page, comes back to the deep link and edits a record", async ({
    page,
    api,
  }) => {
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Before SSO edit'));
    const renamed = uniqueTitle('Edited after SSO');

    await page.goto('/tasks');
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Ftasks$/);
    await page.getByRole('link', { name: 'Sign in with Test Provider' }).click();

    // The provider's page, on another site than the app.
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/interaction\//);
    await page.getByLabel('Username').fill(CAROL.login);
    await page.getByLabel('Password').fill(CAROL.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/tasks$/);
    await expect(page.getByTestId('current-user-name')).toHaveText(CAROL.name);
    await expect(page.getByTestId('current-user-role')).toHaveText('Editor');
    await expect(page.getByTestId('connection-live')).toBeVisible({ timeout: 15_000 });

    const panel = page.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(panel, 'task');
    await expect(panel.getByTestId('task-title-input')).toBeEditable();
    await panel.getByTestId('task-title-input').fill(renamed);
    await panel.getByTestId('task-save').click();
    await expect(panel.getByTestId('task-panel-title')).toHaveText(renamed);
    const saved = await admin.call<JobTaskDto>('get', `/api/job-tasks/${task.id}`);
    expect(saved.title).toBe(renamed);
    expect(saved.updatedBy.displayName).toBe(CAROL.name);

    // Logout ends the provider's session too (RP-initiated logout), then returns to the login page.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/session\/end/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/login$/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    // Signing in again asks for the password at the provider: its session has ended as well.
    await page.getByRole('link', { name: 'Sign in with Test Provider' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
  });

  test('a cancelled sign-in comes back to the login page with a plain message and the deep link', async ({ page }) => {
    await page.goto('/descriptions');
    await page.getByRole('link', { name: 'Sign in with Test Provider' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/login\?sso=cancelled&returnUrl=%2Fdescriptions$/);
    await expect(page.getByTestId('login-sso-error')).toHaveText('Sign-in was cancelled. You can try again.');
    // The password form is still there (local login stays on beside single sign-on).
    await expect(page.getByTestId('login-form')).toBeVisible();
  });
});
