import { expect, test } from './fixtures';
import { expandAndEdit, gotoLive, signInByApi, snackBar, uniqueTitle, USERS } from './support';

/** tools/e2e-server.mjs runs an instance whose locks last 20 s (warning 10 s before) on PORT + 2. */
const SHORT_LOCKS_URL = `http://127.0.0.1:${Number(process.env['E2E_PORT'] ?? 3100) + 2}`;

/**
 * Locks people can negotiate (docs/product.md § Locks): three browsers — the holder, a colleague who
 * asks for a handover, and a third who waits in line — and the warning an idle tab gets before its
 * lock runs out.
 */
test.describe('negotiable locks', () => {
  test('ask for a handover (holder saves and hands over), wait in line, take the offer', async ({ api, openAs }) => {
    test.setTimeout(120_000);
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Negotiated task'));
    const draft = uniqueTitle('Alice draft');

    // Alice holds the lock and has unsaved input.
    const alice = await openAs('alice', '/tasks');
    const alicePanel = alice.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(alicePanel, 'task');
    await expect(alicePanel.getByTestId('lock-holder')).toHaveText('You');
    await alicePanel.getByTestId('task-title-input').fill(draft);

    // Bob meets the lock and asks her to hand over, with a message.
    const bob = await openAs('bob', '/tasks');
    const bobPanel = bob.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(bobPanel, 'task');
    await expect(bob.getByTestId('lock-conflict-holder')).toContainText(`${USERS.alice.displayName} is editing`);
    await bob.getByTestId('lock-conflict-ask').click();
    await bob.getByTestId('prompt-input').fill('Can I fix the tags?');
    await bob.getByTestId('prompt-ok').click();
    await expect(bobPanel.getByTestId('lock-line-request')).toContainText(
      `Waiting for ${USERS.alice.displayName} to answer`,
    );

    // Alice's tab shows the request at once: name, message, countdown.
    const prompt = alice.getByTestId('handover-prompt');
    await expect(prompt).toContainText('Can I fix the tags?');
    await expect(alice.getByRole('heading', { name: `${USERS.bob.displayName} asks for` })).toBeVisible();
    await expect(alice.getByTestId('handover-prompt-countdown')).toHaveText(/^0:[0-5]\d$|^1:00$/);

    // The admin, a third, chooses "Notify me when free" and waits in line; Alice sees the line.
    const third = await openAs('admin', '/tasks');
    const thirdPanel = third.getByTestId(`task-panel-${task.id}`);
    await expandAndEdit(thirdPanel, 'task');
    await third.getByTestId('lock-conflict-notify-me').click();
    await expect(snackBar(third, 'You are number 1 in line')).toBeVisible();
    await expect(thirdPanel.getByTestId('lock-line-position')).toContainText('You are number 1 in line');
    await expect(alicePanel.getByTestId('lock-line-waiting')).toHaveText(/1 person is waiting/);

    // Alice hands over: her unsaved title is saved first, then Bob edits.
    await alice.getByTestId('handover-accept').click();
    await expect(alicePanel.getByTestId('lock-holder')).toHaveText(USERS.bob.displayName);
    await expect(alicePanel.getByTestId('task-read-only')).toBeVisible();
    expect((await admin.call<{ title: string }>('get', `/api/job-tasks/${task.id}`)).title).toBe(draft);
    await expect(snackBar(bob, `${USERS.alice.displayName} handed`)).toBeVisible();
    await expect(bobPanel.getByTestId('lock-holder')).toHaveText('You');
    await expect(bobPanel.getByTestId('task-title-input')).toHaveValue(draft);
    await expect(bobPanel.getByTestId('lock-line-waiting')).toHaveText(/1 person is waiting/);

    // Bob saves (which ends his editing): the record is offered to the admin, first in line.
    const bobsTitle = uniqueTitle('Bob title');
    await bobPanel.getByTestId('task-title-input').fill(bobsTitle);
    await bobPanel.getByTestId('task-save').click();
    await expect(third.getByTestId('lock-offer')).toBeVisible();
    await expect(third.getByTestId('lock-offer-countdown')).toHaveText(/^0:[0-3]\d$/);
    // Reserved: Alice cannot jump the line meanwhile.
    await expect(alicePanel.getByTestId('lock-line-offered')).toContainText(`Reserved for ${USERS.admin.displayName}`);
    await third.getByTestId('lock-offer-take').click();
    await expect(thirdPanel.getByTestId('lock-holder')).toHaveText('You');
    await expect(thirdPanel.getByTestId('task-title-input')).toHaveValue(bobsTitle);
    await expect(thirdPanel.getByTestId('task-title-input')).toBeEditable();
    await expect(bobPanel.getByTestId('lock-holder')).toHaveText(USERS.admin.displayName);
  });

  test('an idle tab is warned before its lock ends; one click keeps it; if it ends the input stays', async ({
    api,
    browser,
  }) => {
    test.setTimeout(120_000);
    const admin = await api('admin');
    const task = await admin.createTask(uniqueTitle('Idle task'));
    const context = await browser.newContext({ baseURL: SHORT_LOCKS_URL });
    try {
      const alice = await context.newPage();
      await signInByApi(alice, 'alice');
      await gotoLive(alice, '/tasks', 'alice');
      const panel = alice.getByTestId(`task-panel-${task.id}`);
      await expandAndEdit(panel, 'task');
      await expect(panel.getByTestId('lock-holder')).toHaveText('You');
      const draft = uniqueTitle('Kept draft');
      await panel.getByTestId('task-title-input').fill(draft);

      // Idle: the lock is not refreshed; 10 s before its end the tab asks.
      const warning = alice.getByTestId('lock-expiry-warning');
      await expect(warning).toBeVisible({ timeout: 25_000 });
      await expect(warning).toContainText(`Your lock on the job task "${task.title}" ends in`);
      const before = await admin.lockStatus('JobTask', task.id);
      await alice.getByTestId('lock-expiry-keep').click();
      await expect(warning).toBeHidden();
      await expect
        .poll(async () => Date.parse((await admin.lockStatus('JobTask', task.id))?.expiresAt ?? '0'))
        .toBeGreaterThan(Date.parse(before!.expiresAt));

      // Asked again before the new end; this time "Not now": the lock ends, the input stays.
      await expect(warning).toBeVisible({ timeout: 25_000 });
      await alice.getByRole('button', { name: 'Not now' }).click();
      await expect(panel.getByTestId('lock-ended-notice')).toHaveText('Your lock ended; take it again to save.', {
        timeout: 25_000,
      });
      await expect(panel.getByTestId('task-title-input')).toHaveValue(draft);
      expect(await admin.lockStatus('JobTask', task.id)).toBeNull();

      // Taking it again and saving stores the kept input.
      await panel.getByTestId('task-request-edit').click();
      await expect(panel.getByTestId('lock-holder')).toHaveText('You');
      await expect(panel.getByTestId('task-title-input')).toHaveValue(draft);
      await panel.getByTestId('task-save').click();
      await expect
        .poll(async () => (await admin.call<{ title: string }>('get', `/api/job-tasks/${task.id}`)).title)
        .toBe(draft);
    } finally {
      await context.close();
    }
  });
});
