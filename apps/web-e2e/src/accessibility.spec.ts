import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { navigate, openInWorkspace, uniqueTitle } from './support';

/** Critical and serious axe-core violations on the page as it is now (WCAG 2.x A and AA rules). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
}

test.describe('accessibility (axe-core)', () => {
  // Each axe analysis takes seconds on a busy two-core machine; these tests run several.
  test.describe.configure({ timeout: 180_000 });

  test('the login page', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByTestId('login-submit')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the board with a description open, its menus and the picker', async ({ api, openAs }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Accessible'), [
      uniqueTitle('Accessible one'),
      uniqueTitle('Accessible two'),
    ]);
    const page = await openAs('alice', '/descriptions');
    await openInWorkspace(page, description, 'editor');
    await expect(page.getByTestId(`workspace-item-${tasks[0].id}`)).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    // Opening left the pointer over the share bar; its tooltip would cover the actions button.
    await page.mouse.move(0, 0);
    await expect(page.locator('.mat-mdc-tooltip-surface')).toHaveCount(0);
    await page.getByTestId(`workspace-actions-${tasks[0].id}`).click();
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('description-picker').click();
    await expect(page.getByRole('listbox')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('main-menu-button').click();
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // The dark theme follows the system setting and passes the same checks.
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the management pages, an open panel and their dialogs', async ({ api, openAs }) => {
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Accessible task'));
    const description = await admin.createDescription(uniqueTitle('Accessible description'));
    const page = await openAs('admin', '/tasks');

    const panel = page.getByTestId(`task-panel-${task.id}`);
    await panel.getByTestId('task-panel-title').click();
    await expect(panel.getByTestId('task-read-only')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByTestId('task-request-edit').click();
    await expect(panel.getByTestId('task-title-input')).toBeEditable();
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByTestId('task-delete').click();
    await expect(page.getByTestId('confirm-message')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('create-task').click();
    await expect(page.getByTestId('prompt-input')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await navigate(page, 'descriptions');
    await page.getByTestId(`description-panel-${description.id}`).getByTestId('description-panel-title').click();
    await expect(page.getByTestId('description-read-only')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the admin pages and the user dialog', async ({ openAs }) => {
    const page = await openAs('admin', '/admin/users');
    await expect(page.getByTestId('users-table')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('create-user').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await navigate(page, 'locks');
    await expect(page.getByTestId('locks-table').or(page.getByTestId('locks-empty'))).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the lock conflict dialog', async ({ api, openAs }) => {
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Accessible conflict'));
    await admin.acquire('JobTask', task.id);
    const page = await openAs('bob', '/tasks');
    const panel = page.getByTestId(`task-panel-${task.id}`);
    await panel.getByTestId('task-panel-title').click();
    await panel.getByTestId('task-request-edit').click();
    await expect(page.getByTestId('lock-conflict-dialog')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
