import { expect, test } from './fixtures';
import { expandAndEdit, gotoLive, nudgeFirstDivider, openInWorkspace, snackBar, uniqueTitle, USERS } from './support';

test.describe('tabs', () => {
  test('two tabs of one user both stay live; the second takes over the lock and the first is told', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Two tabs'), [
      uniqueTitle('Tab task one'),
      uniqueTitle('Tab task two'),
    ]);
    const first = await openAs('alice', '/descriptions');
    // The second tab shares the first one's cookies (one context) but has its own tab id.
    const second = await first.context().newPage();
    await gotoLive(second, '/descriptions', 'alice');

    await openInWorkspace(first, description, 'editor');
    await second
      .getByTestId(`description-panel-${description.id}`)
      .getByTestId('description-open-in-workspace')
      .click();
    await expect(second.getByTestId('lock-conflict-holder')).toContainText(/already editing .* in another tab/);
    await expect(second.getByTestId('lock-conflict-take-over')).toBeVisible();
    await expect(second.getByTestId('lock-conflict-break')).toHaveCount(0);
    await second.getByTestId('lock-conflict-take-over').click();

    await expect(second.getByTestId('open-description-title')).toHaveText(description.title);
    await expect(second.getByTestId('workspace-read-only')).toBeHidden();
    // The first tab is told at once, in words that fit a takeover by oneself, and turns read-only.
    await expect(snackBar(first, /You took over .* in another tab/)).toBeVisible();
    await expect(first.getByTestId('workspace-read-only')).toContainText('You, in another tab — take over here');
    await expect(first.getByTestId('share-divider-0')).toHaveAttribute('aria-disabled', 'true');

    // Both tabs stay live: a change by someone else and one by the other tab reach both.
    const renamed = uniqueTitle('Renamed for both tabs');
    await admin.updateTask(tasks[0].id, { title: renamed });
    for (const page of [first, second]) {
      await expect(page.locator('[data-connection-indicator]')).toHaveText(/Live/);
      await expect(page.getByTestId(`workspace-item-${tasks[0].id}`).getByTestId('task-card-title')).toHaveText(
        renamed,
      );
    }
    const shown = await nudgeFirstDivider(second, tasks[0].id, 50);
    await expect(first.getByTestId(`share-segment-${tasks[0].id}`)).toContainText(`${shown} %`);
    const saved = await admin.getDescription(description.id);
    expect(saved.tasks[0].percentage).toBe(shown);
  });

  test('closing a tab releases its locks and leaves the description', async ({ api, openAs }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Closed tab'), [
      uniqueTitle('Closed tab task'),
    ]);
    const aliceUser = (await api('alice')).user;
    const aliceTasks = await openAs('alice', '/tasks');
    // Alice's second tab (same session) holds the description.
    const aliceBoard = await aliceTasks.context().newPage();
    await gotoLive(aliceBoard, '/descriptions', 'alice');
    await openInWorkspace(aliceBoard, description, 'editor');
    const aliceTaskPanel = aliceTasks.getByTestId(`task-panel-${tasks[0].id}`);
    await expandAndEdit(aliceTaskPanel, 'task');
    await expect(aliceTaskPanel.getByTestId('lock-holder')).toHaveText('You');

    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(bob, description, 'viewer');
    await expect(bob.getByTestId('workspace-read-only')).toContainText(`${USERS.alice.displayName} is editing`);
    await expect(bob.getByTestId(`presence-avatar-${aliceUser.id}`)).toBeVisible();
    const bobCard = bob.getByTestId(`workspace-item-${tasks[0].id}`);
    await expect(bobCard.getByTestId('lock-holder')).toHaveText(USERS.alice.displayName);

    // The tab with the task lock closes: its beacon releases the lock at once (no waiting for the
    // orphan sweep), the badge goes, and the description stays locked by the other tab.
    await aliceTasks.close();
    await expect(bobCard.getByTestId('lock-badge')).toHaveCount(0);
    const ended = await admin.waitForEvent<{ lock: { entityType: string; entityId: number } }>(
      (e) =>
        /^lock:(released|expired|broken)$/.test(e.type) &&
        e.data.lock.entityType === 'JobTask' &&
        e.data.lock.entityId === tasks[0].id,
    );
    expect(ended.type).toBe('lock:released');
    await expect(bob.getByTestId('workspace-read-only')).toContainText(`${USERS.alice.displayName} is editing`);

    // The tab with the description closes: lock and presence go; Bob can edit now.
    await aliceBoard.close();
    await expect(bob.getByTestId(`presence-avatar-${aliceUser.id}`)).toHaveCount(0);
    await expect(bob.getByTestId('workspace-read-only')).not.toContainText('is editing');
    await bob.getByTestId('workspace-request-edit').click();
    await expect(bob.getByTestId('workspace-read-only')).toBeHidden();
  });
});
