import { expect, test } from './fixtures';
import { openInWorkspace, snackBar, uniqueTitle } from './support';

test.describe('shares you can type and trust', () => {
  test('quick key presses, a typed share and "distribute evenly" are saved as shown; Undo restores', async ({
    api,
    openAs,
  }) => {
    const bob = await api('bob');
    const { description, tasks } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Typed shares'), [
      uniqueTitle('Typed one'),
      uniqueTitle('Typed two'),
      uniqueTitle('Typed three'),
    ]);
    const ids = tasks.map((t) => t.id);
    const alice = await openAs('alice', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    const saved = async () => (await bob.getDescription(description.id)).tasks.map((t) => t.percentage);
    const initial = await saved();

    // Three quick presses move the divider by 15, and the server gets that last state.
    const divider = alice.getByTestId('share-divider-0');
    await divider.focus();
    await divider.press('ArrowDown');
    await divider.press('ArrowDown');
    await divider.press('ArrowDown');
    await expect(alice.getByTestId(`share-segment-${ids[0]}`)).toContainText(`${initial[0] + 15} %`);
    await expect.poll(saved).toEqual([initial[0] + 15, initial[1] - 15, initial[2]]);
    await expect(snackBar(alice, 'Shares saved.')).toBeVisible();

    // A typed share: invalid input is explained and not sent; a valid one rebalances the others.
    const input = alice.getByTestId(`share-input-${ids[2]}`);
    await input.fill('12');
    await expect(alice.getByRole('alert').filter({ hasText: 'Use steps of 5' })).toBeVisible();
    await input.fill('50');
    await expect.poll(async () => (await saved())[2]).toBe(50);
    expect((await saved()).reduce((a, b) => a + b, 0)).toBe(100);

    // Undo from the snack bar puts the shares back as they were before the typed change.
    const beforeEven = await saved();
    await alice.getByTestId('share-distribute-evenly').click();
    await expect.poll(saved).toEqual([35, 35, 30]);
    // The workspace cards show the store's (confirmed) shares: the save's answer has arrived.
    await expect(alice.getByTestId(`workspace-item-${ids[2]}`).getByTestId('task-card-share')).toHaveText('30 %');
    await snackBar(alice, 'Shares saved.').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(saved).toEqual(beforeEven);
  });

  test('removing a task can be undone: it comes back in its place with its share', async ({ api, openAs }) => {
    const bob = await api('bob');
    const { description, tasks } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Undo remove'), [uniqueTitle('Stays'), uniqueTitle('Removed')]);
    const alice = await openAs('alice', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    const before = (await bob.getDescription(description.id)).tasks;

    await alice.getByTestId(`workspace-actions-${tasks[0].id}`).click();
    await alice.getByTestId('workspace-remove-task').click();
    await expect(alice.getByTestId(`workspace-item-${tasks[0].id}`)).toHaveCount(0);
    await snackBar(alice, `Removed "${tasks[0].title}"`).getByRole('button', { name: 'Undo' }).click();
    await expect(alice.getByTestId(`workspace-item-${tasks[0].id}`)).toBeVisible();
    await expect
      .poll(async () =>
        (await bob.getDescription(description.id)).tasks.map((t) => [t.jobTaskId, t.order, t.percentage]),
      )
      .toEqual(before.map((t) => [t.jobTaskId, t.order, t.percentage]));
  });
});
