import { expect, test } from './fixtures';
import { uniqueTitle } from './support';

test.describe('finding things', () => {
  test('the board’s picker opens a description in one step, searching as you type, recent ones first', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const prefix = uniqueTitle('Findable');
    const first = await admin.createDescription(`${prefix} Alpha`);
    const second = await admin.createDescription(`${prefix} Beta`);
    const page = await openAs('alice', '/');

    const picker = page.getByTestId('description-picker');
    await picker.fill(`${prefix} Be`);
    await expect(page.getByRole('option')).toHaveCount(1);
    await page.getByTestId(`picker-option-${second.id}`).click();
    await expect(page.getByTestId('open-description-title')).toHaveText(second.title);

    // Both match the prefix; the one opened recently comes first and says so.
    await picker.fill(prefix);
    await expect(page.getByRole('option').first()).toContainText(second.title);
    await expect(page.getByRole('option').first()).toContainText('recent');
    await page.getByTestId(`picker-option-${first.id}`).click();
    await expect(page.getByTestId('open-description-title')).toHaveText(first.title);
  });

  test('deep links open a description on the board, and a task or a description in its list', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const description = await admin.createDescription(uniqueTitle('Linked description'));
    const task = await admin.createTask(uniqueTitle('Linked task'));
    const page = await openAs('bob', `/?open=${description.id}`);
    await expect(page.getByTestId('open-description-title')).toHaveText(description.title);

    await page.goto(`/tasks/${task.id}`);
    const taskPanel = page.getByTestId(`task-panel-${task.id}`);
    await expect(taskPanel.getByTestId('task-title-input')).toHaveValue(task.title);
    await expect(taskPanel.getByTestId('task-read-only')).toBeVisible();

    await page.goto(`/descriptions/${description.id}`);
    const panel = page.getByTestId(`description-panel-${description.id}`);
    await expect(panel.getByTestId('description-title-input')).toHaveValue(description.title);
  });
});
