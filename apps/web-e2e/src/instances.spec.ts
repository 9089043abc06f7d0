import { expect, test } from './fixtures';
import { gotoLive, searchBacklog, signInByApi, uniqueTitle, USERS } from './support';

/** tools/e2e-server.mjs runs a second API instance on the next port, on the same database. */
const SECOND_INSTANCE_URL = `http://127.0.0.1:${Number(process.env['E2E_PORT'] ?? 3100) + 1}`;

/**
 * Two browsers on two API instances (docs/adr/0015-event-log-in-postgresql.md): what one user does
 * through instance A reaches the other user's browser, served and streamed by instance B.
 */
test('a user on instance A and a user on instance B see each other’s changes live', async ({ browser, openAs }) => {
  const title = uniqueTitle('Across instances');
  const alice = await openAs('alice', '/tasks'); // instance A
  const bobContext = await browser.newContext({ baseURL: SECOND_INSTANCE_URL });
  try {
    const bob = await bobContext.newPage();
    await signInByApi(bob, 'bob');
    await gotoLive(bob, '/', 'bob');
    expect(new URL(bob.url()).port).toBe(new URL(SECOND_INSTANCE_URL).port);
    // Bob's backlog has loaded its search before Alice acts, so the task can only reach it through
    // the event stream of instance B, not through a list load still in flight. The search keeps the
    // task in view whatever earlier tests left in the (virtually scrolled) catalogue.
    await searchBacklog(bob, 'Across instances');

    await alice.getByTestId('create-task').click();
    await alice.getByTestId('prompt-input').fill(title);
    await alice.getByTestId('prompt-ok').click();
    const alicePanel = alice.getByTestId('task-accordion').locator('mat-expansion-panel', { hasText: title });
    await expect(alicePanel.getByTestId('task-save')).toBeVisible();

    // Bob's browser, on the other instance, shows the new task with Alice's lock, without a reload …
    const bobCard = bob.getByTestId('backlog').getByRole('article', { name: title });
    await expect(bobCard).toBeVisible();
    await expect(bobCard.getByTestId('lock-holder')).toHaveText(USERS.alice.displayName);

    // … and her rename (a title that still matches Bob's search).
    const renamed = uniqueTitle('Across instances, renamed');
    await alicePanel.getByTestId('task-title-input').fill(renamed);
    await alicePanel.getByTestId('task-save').click();
    await expect(bob.getByTestId('backlog').getByRole('article', { name: renamed })).toBeVisible();
  } finally {
    await bobContext.close();
  }
});
