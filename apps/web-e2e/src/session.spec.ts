import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  expectLive,
  gotoLive,
  openInWorkspace,
  searchBacklog,
  SESSION_COOKIE,
  shortSessionToken,
  snackBar,
  uniqueTitle,
  USERS,
  type DemoUser,
} from './support';

async function signInAgain(page: Page, user: DemoUser): Promise<void> {
  await page.getByTestId('login-username').fill(USERS[user].username);
  await page.getByTestId('login-password').fill(USERS[user].password);
  await page.getByTestId('login-submit').click();
}

test.describe('session expiry', () => {
  test('a session ending during the stream leads to the login page and back to the open description', async ({
    api,
    openAs,
    baseURL,
  }) => {
    const { description } = await (
      await api('admin')
    ).createDescriptionWithTasks(uniqueTitle('Session end'), [uniqueTitle('Session task')]);
    const aliceId = (await api('alice')).user.id;
    const alice = await openAs('alice', '/descriptions');
    await openInWorkspace(alice, description, 'editor');

    // From here on the browser's session has a few seconds left. The stream drops briefly and its
    // reconnect carries the short session; the server arms its expiry timer for that stream.
    await alice.context().addCookies([
      {
        name: SESSION_COOKIE,
        value: shortSessionToken(aliceId, 8),
        url: baseURL!,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    await alice.context().setOffline(true);
    await expect(alice.locator('[data-connection-indicator]')).toHaveText(/Offline/);
    await alice.context().setOffline(false);
    await expectLive(alice);
    await expect(alice.getByTestId('open-description-title')).toHaveText(description.title);

    // The server ends the stream with `session-expired` when the session runs out.
    await expect(alice).toHaveURL(/\/login/, { timeout: 20_000 });
    await expect(snackBar(alice, 'Your session has ended')).toBeVisible();

    await signInAgain(alice, 'alice');
    await expect(alice).toHaveURL(/\/$/);
    await expectLive(alice);
    await expect(alice.getByTestId('open-description-title')).toHaveText(description.title);
    await expect(alice.getByTestId('workspace-read-only')).toBeHidden();
  });

  test('a session lost while the stream was down is noticed on reconnect; signing in returns to the page', async ({
    api,
    openAs,
  }) => {
    const task = await (await api('admin')).createTask(uniqueTitle('Session return'));
    const alice = await openAs('alice', `/tasks?edit=${task.id}`);
    const panel = alice.getByTestId(`task-panel-${task.id}`);
    await expect(panel.getByTestId('task-title-input')).toBeEditable();

    // The session cookie disappears (expired, cleared) and the stream drops.
    await alice.context().clearCookies();
    await alice.context().setOffline(true);
    await expect(alice.locator('[data-connection-indicator]')).toHaveText(/Offline/);
    await alice.context().setOffline(false);

    // The reconnect is refused; the app checks the session and asks to sign in, keeping the place.
    await expect(alice).toHaveURL(/\/login\?returnUrl=%2Ftasks%3Fedit%3D\d+/, { timeout: 20_000 });
    await signInAgain(alice, 'alice');
    await expect(alice).toHaveURL(new RegExp(`/tasks\\?edit=${task.id}$`));
    await expectLive(alice);
    await expect(panel.getByTestId('task-title-input')).toBeEditable();
  });

  test("signing out in one tab sends the browser's other tabs to the login page; other browsers stay signed in", async ({
    api,
    openAs,
  }) => {
    const first = await openAs('alice', '/tasks');
    const second = await first.context().newPage();
    await gotoLive(second, '/descriptions', 'alice');
    const elsewhere = await openAs('alice', '/');

    await first.getByTestId('user-menu').click();
    await first.getByTestId('logout').click();
    await expect(first).toHaveURL(/\/login$/);
    // The other tab shares the cleared cookie: its stream is ended at once and it asks to sign in,
    // keeping its place.
    await expect(second).toHaveURL(/\/login\?returnUrl=%2Fdescriptions/, { timeout: 10_000 });
    await expect(snackBar(second, 'Your session has ended')).toBeVisible();

    // Alice's session in another browser is untouched and still live.
    await expectLive(elsewhere);
    const title = uniqueTitle('After sign-out elsewhere');
    await searchBacklog(elsewhere, title);
    const task = await (await api('admin')).createTask(title);
    await expect(elsewhere.getByTestId('backlog').getByTestId(`task-card-${task.id}`)).toBeVisible();
    await expect(elsewhere.getByTestId('current-user-name')).toHaveText(USERS.alice.displayName);
  });
});
