import { expect, test } from './fixtures';
import { expandAndEdit, expectLive, snackBar, uniqueTitle } from './support';

test.describe('no silent failure', () => {
  test('offline: a banner explains, changing controls are disabled; back online errors are shown again', async ({
    api,
    openAs,
  }) => {
    const existing = await (await api('admin')).createTask(uniqueTitle('Existing'));
    const alice = await openAs('alice', '/tasks');
    const panel = alice.getByTestId(`task-panel-${existing.id}`);
    await expandAndEdit(panel, 'task');
    await expect(panel.getByTestId('task-title-input')).toBeEditable();
    await expect(alice.getByTestId('connection-banner')).toHaveCount(0);

    await alice.context().setOffline(true);
    await expect(alice.getByTestId('connection-banner')).toContainText('Offline — changes are paused');
    await expect(alice.getByTestId('create-task')).toBeDisabled();
    await expect(panel.getByTestId('task-delete')).toBeDisabled();
    // Input typed meanwhile is kept, it just cannot be saved yet.
    await panel.getByTestId('task-title-input').fill('Typed while offline');
    await expect(panel.getByTestId('task-save')).toBeDisabled();

    await alice.context().setOffline(false);
    await expectLive(alice);
    await expect(alice.getByTestId('connection-banner')).toHaveCount(0);
    await expect(panel.getByTestId('task-title-input')).toHaveValue('Typed while offline');
    await expect(panel.getByTestId('task-save')).toBeEnabled();

    // The first error after being offline is still shown, saying what failed and what to do.
    await alice.getByTestId('create-task').click();
    await alice.getByTestId('prompt-input').fill(existing.title);
    await alice.getByTestId('prompt-ok').click();
    await expect(snackBar(alice, 'Could not create the job task')).toContainText(
      `The title “${existing.title}” is already taken by job task #${existing.id}.`,
    );
  });
});
