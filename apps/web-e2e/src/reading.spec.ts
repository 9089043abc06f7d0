import { expect, test } from './fixtures';
import { uniqueTitle, USERS } from './support';

test.describe('reading never locks', () => {
  test('two users read the same task at once; the lock is taken on Edit and released on Save', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Read by two'));
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/tasks');
    const alicePanel = alice.getByTestId(`task-panel-${task.id}`);
    const bobPanel = bob.getByTestId(`task-panel-${task.id}`);

    // Both open the task to read it: nobody is asked about a lock, nobody holds one.
    await alicePanel.getByTestId('task-panel-title').click();
    await bobPanel.getByTestId('task-panel-title').click();
    await expect(alicePanel.getByTestId('task-read-only')).toBeVisible();
    await expect(bobPanel.getByTestId('task-read-only')).toBeVisible();
    await expect(alicePanel.getByTestId('task-title-input')).toHaveValue(task.title);
    await expect(bob.getByTestId('lock-conflict-dialog')).toHaveCount(0);
    expect(await admin.lockStatus('JobTask', task.id)).toBeNull();

    // Alice's intent to change takes the lock; Bob, still reading, sees who edits.
    await alicePanel.getByTestId('task-request-edit').click();
    await expect(alicePanel.getByTestId('task-title-input')).toBeEditable();
    await expect(bobPanel.getByTestId('task-read-only')).toContainText(`${USERS.alice.displayName} is editing`);

    // Saving ends the editing: the lock is released, Bob may edit without a conflict.
    const renamed = uniqueTitle('Renamed while read');
    await alicePanel.getByTestId('task-title-input').fill(renamed);
    await alicePanel.getByTestId('task-save').click();
    await expect(alicePanel.getByTestId('task-read-only')).toBeVisible();
    await expect(bobPanel.getByTestId('task-title-input')).toHaveValue(renamed);
    await expect(bobPanel.getByTestId('lock-badge')).toHaveCount(0);
    await bobPanel.getByTestId('task-request-edit').click();
    await expect(bobPanel.getByTestId('task-title-input')).toBeEditable();
    await expect(bob.getByTestId('lock-conflict-dialog')).toHaveCount(0);

    // "Done" ends Bob's editing without a change.
    await bobPanel.getByTestId('task-finish').click();
    await expect(bobPanel.getByTestId('task-read-only')).toBeVisible();
    await expect.poll(() => admin.lockStatus('JobTask', task.id)).toBeNull();
  });

  test('a description panel opens read-only and locks on Edit', async ({ api, openAs }) => {
    const admin = await api('admin');
    const description = await admin.createDescription(uniqueTitle('Read description'));
    const alice = await openAs('alice', '/descriptions');
    const panel = alice.getByTestId(`description-panel-${description.id}`);
    await panel.getByTestId('description-panel-title').click();
    await expect(panel.getByTestId('description-read-only')).toBeVisible();
    expect(await admin.lockStatus('JobDescription', description.id)).toBeNull();
    await panel.getByTestId('description-request-edit').click();
    await expect(panel.getByTestId('description-title-input')).toBeEditable();
    await expect
      .poll(async () => (await admin.lockStatus('JobDescription', description.id))?.holder.displayName)
      .toBe(USERS.alice.displayName);
  });
});
