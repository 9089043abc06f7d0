import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  expandAndEdit,
  nudgeFirstDivider,
  openInWorkspace,
  searchBacklog,
  snackBar,
  uniqueTitle,
  USERS,
} from './support';

/**
 * What one user does appears live for another (docs/product.md § Events, § Web app), one automated
 * test per case, each user in a separate browser context.
 */
test.describe('two users see each other’s changes live', () => {
  test('a task created in A appears in B', async ({ openAs }) => {
    const title = uniqueTitle('Created live');
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/');
    // Bob looks for it before it exists: it must enter his search results live.
    await searchBacklog(bob, title);

    await alice.getByTestId('create-task').click();
    await alice.getByTestId('prompt-input').fill(title);
    await alice.getByTestId('prompt-ok').click();

    // Alice's new task opens for editing (she holds its lock) …
    const alicePanel = alice.getByTestId('task-accordion').locator('mat-expansion-panel', { hasText: title });
    await expect(alicePanel.getByTestId('task-save')).toBeVisible();
    // … and Bob's backlog shows it without a reload, with Alice's lock badge.
    const bobCard = bob.getByTestId('backlog').getByRole('article', { name: title });
    await expect(bobCard).toBeVisible();
    await expect(bobCard.getByTestId('lock-holder')).toHaveText(USERS.alice.displayName);
  });

  test('a lock taken in A shows as a badge in B and vanishes on release', async ({ api, openAs }) => {
    const task = await (await api('admin')).createTask(uniqueTitle('Lock badge'));
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/tasks');
    const bobPanel = bob.getByTestId(`task-panel-${task.id}`);
    await expect(bobPanel).toBeVisible();
    await expect(bobPanel.getByTestId('lock-badge')).toHaveCount(0);

    const alicePanel = alice.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(alicePanel, 'task');
    await expect(alicePanel.getByTestId('lock-holder')).toHaveText('You');
    await expect(bobPanel.getByTestId('lock-holder')).toHaveText(USERS.alice.displayName);

    // Bob asks to edit: the conflict dialog names the holder; he stays read-only.
    await expandAndEdit(bobPanel, 'task');
    await expect(bob.getByTestId('lock-conflict-holder')).toContainText(USERS.alice.displayName);
    await bob.getByTestId('lock-conflict-read-only').click();
    await expect(bobPanel.getByTestId('task-read-only')).toContainText(`${USERS.alice.displayName} is editing`);
    await expect(bobPanel.getByTestId('task-title-input')).toBeDisabled();

    // Collapsing the panel releases the lock: the badge disappears for Bob.
    await alicePanel.getByTestId('task-panel-title').click();
    await expect(alicePanel.getByTestId('lock-badge')).toHaveCount(0);
    await expect(bobPanel.getByTestId('lock-badge')).toHaveCount(0);
  });

  test('an edit in A updates B', async ({ api, openAs }) => {
    const task = await (await api('admin')).createTask(uniqueTitle('Before edit'));
    const renamed = `${task.title} after edit`;
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/');
    await searchBacklog(bob, task.title);
    const bobCard = bob.getByTestId('backlog').getByTestId(`task-card-${task.id}`);
    await expect(bobCard.getByTestId('task-card-title')).toHaveText(task.title);

    const alicePanel = alice.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(alicePanel, 'task');
    await expect(alicePanel.getByTestId('task-title-input')).toBeEditable();
    await alicePanel.getByTestId('task-title-input').fill(renamed);
    await alicePanel.getByTestId('task-save').click();

    // Remote changes are briefly highlighted (docs/product.md § Web app), then shown like any other.
    await expect(bobCard).toHaveClass(/td-highlight/);
    await expect(bobCard.getByTestId('task-card-title')).toHaveText(renamed);
    await expect(alicePanel.getByTestId('task-panel-title')).toHaveText(renamed);
    await expect(alicePanel).not.toHaveClass(/td-highlight/);
  });

  test('shares changed in A update B’s share bar', async ({ api, openAs }) => {
    const { description, tasks } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Shares'), [uniqueTitle('Share one'), uniqueTitle('Share two')]);
    const [first, second] = tasks;
    const alice = await openAs('alice', '/descriptions');
    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    await openInWorkspace(bob, description, 'viewer');
    for (const page of [alice, bob]) {
      await expect(page.getByTestId(`share-segment-${first.id}`)).toContainText('50 %');
      await expect(page.getByTestId(`share-segment-${second.id}`)).toContainText('50 %');
    }

    // Keyboard on the divider: steps of 5, saved once the user pauses.
    const aliceFirst = await nudgeFirstDivider(alice, first.id, 50, 2);
    const aliceSecond = 100 - aliceFirst;

    await expect(bob.getByTestId(`share-segment-${first.id}`)).toContainText(`${aliceFirst} %`);
    await expect(bob.getByTestId(`share-segment-${second.id}`)).toContainText(`${aliceSecond} %`);
    await expect(bob.getByTestId(`workspace-item-${first.id}`).getByTestId('task-card-share')).toHaveText(
      `${aliceFirst} %`,
    );
    // The server agrees with what both screens show.
    const saved = await (await api('bob')).getDescription(description.id);
    expect(saved.tasks.map((t) => t.percentage)).toEqual([aliceFirst, aliceSecond]);
  });

  test('tasks added, moved and removed in A’s workspace show up in B’s, in order, with rebalanced shares', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Order'), [
      uniqueTitle('Order one'),
      uniqueTitle('Order two'),
    ]);
    const extra = await admin.createTask(uniqueTitle('Order added'));
    const alice = await openAs('alice', '/descriptions');
    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    await openInWorkspace(bob, description, 'viewer');
    const order = (page: Page) =>
      page
        .getByTestId('workspace-list')
        .locator('[data-testid^="workspace-item-"]')
        .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-testid')!.split('-').pop())));

    // Added with + in the backlog: an equal share taken from the others (100/3 → 35, docs/product.md § Shares).
    await searchBacklog(alice, extra.title);
    await alice.getByTestId(`backlog-add-${extra.id}`).click();
    await expect.poll(() => order(bob)).toEqual([tasks[0].id, tasks[1].id, extra.id]);
    await expect(bob.getByTestId(`share-segment-${extra.id}`)).toContainText('35 %');
    await expect(bob.getByTestId('workspace-count')).toHaveText(/^3 \//);

    // Moved to the top through the card menu.
    await alice.getByTestId(`workspace-actions-${extra.id}`).click();
    await alice.getByRole('menuitem', { name: 'Move to top' }).click();
    await expect.poll(() => order(bob)).toEqual([extra.id, tasks[0].id, tasks[1].id]);

    // Removed: its share goes to the others; 100 % again.
    await alice.getByTestId(`workspace-actions-${tasks[0].id}`).click();
    await alice.getByTestId('workspace-remove-task').click();
    await expect.poll(() => order(bob)).toEqual([extra.id, tasks[1].id]);
    const shares = await Promise.all(
      [extra.id, tasks[1].id].map(async (id) =>
        Number((await bob.getByTestId(`share-segment-${id}`).textContent())!.match(/(\d+) %/)![1]),
      ),
    );
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    await expect.poll(() => order(alice)).toEqual(await order(bob));
  });

  test('a task deleted in A is struck through in B’s workspace and leaves B’s backlog', async ({ api, openAs }) => {
    const { description, tasks } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Deletion'), [uniqueTitle('Doomed'), uniqueTitle('Survivor')]);
    const [doomed, survivor] = tasks;
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(bob, description, 'editor');
    await searchBacklog(bob, doomed.title);
    const bobItem = bob.getByTestId(`workspace-item-${doomed.id}`);
    await expect(bobItem.getByTestId('task-card-title')).toHaveCSS('text-decoration-line', 'none');
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${doomed.id}`)).toBeVisible();

    const alicePanel = alice.getByTestId(`task-panel-${doomed.id}`);
    await expandAndEdit(alicePanel, 'task');
    await alicePanel.getByTestId('task-delete').click();
    await expect(alice.getByTestId('confirm-message')).toContainText('used in 1 job description');
    await alice.getByTestId('confirm-ok').click();

    await expect(bobItem.getByTestId('task-card-title')).toHaveCSS('text-decoration-line', 'line-through');
    await expect(bobItem.getByText('deleted', { exact: true })).toBeVisible();
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${doomed.id}`)).toHaveCount(0);
    // The other task and the shares are untouched: soft delete keeps associations
    // (docs/product.md § Deletion and restore).
    await expect(bob.getByTestId(`workspace-item-${survivor.id}`).getByTestId('task-card-title')).toHaveCSS(
      'text-decoration-line',
      'none',
    );
    await expect(bob.getByTestId('workspace-count')).toHaveText(/^2 \//);
  });

  test('a task deleted earlier shows struck through in a workspace opened later, and un-struck live once restored', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Deleted inside'), [
      uniqueTitle('Deleted before'),
      uniqueTitle('Kept'),
    ]);
    const [deleted, kept] = tasks;
    await admin.softDeleteTask(deleted.id);
    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(bob, description, 'editor');
    await searchBacklog(bob, deleted.title);

    const item = bob.getByTestId(`workspace-item-${deleted.id}`);
    await expect(item.getByTestId('task-card-title')).toHaveCSS('text-decoration-line', 'line-through');
    await expect(item.getByRole('article')).toHaveAccessibleName(`${deleted.title} (deleted)`);
    await expect(bob.getByTestId(`workspace-item-${kept.id}`).getByTestId('task-card-title')).toHaveCSS(
      'text-decoration-line',
      'none',
    );
    await expect(bob.getByTestId(`share-segment-${deleted.id}`)).toContainText('50 %');
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${deleted.id}`)).toHaveCount(0);

    await admin.restoreTask(deleted.id);
    await expect(item.getByTestId('task-card-title')).toHaveCSS('text-decoration-line', 'none');
    await expect(item.getByRole('article')).toHaveAccessibleName(deleted.title);
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${deleted.id}`)).toBeVisible();
  });

  test('a task deleted permanently leaves B’s open workspace; a description deleted elsewhere closes there', async ({
    api,
    openAs,
  }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Purge'), [
      uniqueTitle('Purged'),
      uniqueTitle('Purge stays a'),
      uniqueTitle('Purge stays b'),
    ]);
    const [purged, ...kept] = tasks;
    await admin.acquire('JobDescription', description.id);
    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(bob, description, 'viewer');
    await expect(bob.getByTestId(`workspace-item-${purged.id}`)).toBeVisible();
    await searchBacklog(bob, purged.title);
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${purged.id}`)).toBeVisible();

    // Permanent delete: the task leaves the description, the others share its 35 %.
    await admin.permanentlyDeleteTask(purged.id);
    await expect(bob.getByTestId(`workspace-item-${purged.id}`)).toHaveCount(0);
    await expect(bob.getByTestId('workspace-count')).toHaveText(/^2 \//);
    const saved = await admin.getDescription(description.id);
    expect(saved.tasks.map((t) => t.jobTaskId)).toEqual(kept.map((t) => t.id));
    for (const association of saved.tasks) {
      await expect(bob.getByTestId(`share-segment-${association.jobTaskId}`)).toContainText(
        `${association.percentage} %`,
      );
    }
    expect(saved.tasks.reduce((sum, t) => sum + t.percentage, 0)).toBe(100);
    await expect(bob.getByTestId('backlog').getByTestId(`task-card-${purged.id}`)).toHaveCount(0);

    // The description itself is deleted: Bob's workspace closes and he is told why.
    await admin.call('delete', `/api/job-descriptions/${description.id}`);
    await expect(snackBar(bob, `"${description.title}" was deleted by ${USERS.admin.displayName}`)).toBeVisible();
    await expect(bob.getByTestId('workspace-no-description')).toBeVisible();
    await expect(bob.getByTestId('open-description')).toHaveCount(0);
  });

  test('an admin breaks A’s lock: A is told and drops to read-only, B sees the badge vanish', async ({
    api,
    openAs,
  }) => {
    const task = await (await api('admin')).createTask(uniqueTitle('Broken lock'));
    const alice = await openAs('alice', '/tasks');
    const bob = await openAs('bob', '/tasks');
    const admin = await openAs('admin', '/admin/locks');

    const alicePanel = alice.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(alicePanel, 'task');
    await expect(alicePanel.getByTestId('task-title-input')).toBeEditable();
    await alicePanel.getByTestId('task-title-input').fill('Unsaved work');
    const bobPanel = bob.getByTestId(`task-panel-${task.id}`);
    await expect(bobPanel.getByTestId('lock-holder')).toHaveText(USERS.alice.displayName);

    // The admin console lists the lock live and breaks it with a reason.
    const row = admin.getByTestId('locks-table').getByRole('row', { name: task.title });
    await expect(row.getByTestId('lock-row-holder')).toHaveText(USERS.alice.displayName);
    await row.getByTestId('lock-row-break').click();
    await admin.getByTestId('prompt-input').fill('Maintenance window');
    await admin.getByTestId('prompt-ok').click();
    await expect(row).toHaveCount(0);

    await expect(snackBar(alice, `${USERS.admin.displayName} broke your lock`)).toContainText('Maintenance window');
    await expect(alicePanel.getByTestId('task-read-only')).toBeVisible();
    await expect(alicePanel.getByTestId('task-title-input')).toBeDisabled();
    await expect(alicePanel.getByTestId('task-save')).toHaveCount(0);
    await expect(alicePanel.getByTestId('lock-badge')).toHaveCount(0);
    await expect(bobPanel.getByTestId('lock-badge')).toHaveCount(0);
    // Alice's unsaved text never reached the server …
    expect((await (await api('bob')).getTask(task.id)).title).toBe(task.title);
    // … and is not overwritten when someone else changes the task now (docs/product.md § Web app).
    const adminTitle = uniqueTitle('Changed by the admin');
    await (await api('admin')).updateTask(task.id, { title: adminTitle });
    await expect(alicePanel.getByTestId('changed-remotely')).toContainText(
      `Changed remotely by ${USERS.admin.displayName}`,
    );
    await expect(alicePanel.getByTestId('task-title-input')).toHaveValue('Unsaved work');
    await expect(alicePanel.getByTestId('task-panel-title')).toHaveText(adminTitle);
    await expect(bobPanel.getByTestId('task-panel-title')).toHaveText(adminTitle);
  });

  test('an admin breaks a description lock from the conflict dialog; the holder’s workspace turns read-only', async ({
    api,
    openAs,
  }) => {
    const { description } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Admin takes'), [uniqueTitle('Item a'), uniqueTitle('Item b')]);
    const alice = await openAs('alice', '/descriptions');
    const admin = await openAs('admin', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    await expect(alice.getByTestId('share-divider-0')).toHaveAttribute('tabindex', '0');

    await admin.getByTestId(`description-panel-${description.id}`).getByTestId('description-open-in-workspace').click();
    await expect(admin.getByTestId('lock-conflict-holder')).toContainText(USERS.alice.displayName);
    await admin.getByTestId('lock-conflict-break').click();
    await admin.getByTestId('prompt-ok').click();
    await expect(admin.getByTestId('open-description-title')).toHaveText(description.title);
    await expect(admin.getByTestId('workspace-read-only')).toBeHidden();

    await expect(snackBar(alice, `${USERS.admin.displayName} broke your lock`)).toBeVisible();
    await expect(alice.getByTestId('workspace-read-only')).toContainText(`${USERS.admin.displayName} is editing`);
    await expect(alice.getByTestId('share-divider-0')).toHaveAttribute('aria-disabled', 'true');
    await expect(alice.locator('[data-testid^="backlog-add-"]')).toHaveCount(0);
  });
});
