import type { Browser, Page } from '@playwright/test';
import { join } from 'node:path';
// The visual comparison helper of the PDF check (a test helper, not app code), shared on purpose.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { compareWithReference } from '../../api/test/support/visual-compare';
import { expect, test } from './fixtures';
import { expectLive, nudgeFirstDivider, signInByApi, snackBar, uniqueTitle, USERS, type DemoUser } from './support';

/**
 * The main collaboration flow once in German (docs/product.md § Languages): two editors and an
 * admin whose browsers ask for German, a lock conflict, shares, the admin breaking the lock —
 * asserting German texts, terms and formats.
 */
async function germanPage(browser: Browser, user: DemoUser, path: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await signInByApi(page, user);
  await page.goto(path);
  await expect(page.getByTestId('current-user-name')).toHaveText(USERS[user].displayName);
  await expectLive(page);
  return page;
}

test('the collaboration flow in German: lock conflict, shares, admin breaks the lock', async ({ api, browser }) => {
  const admin = await api('admin');
  const description = await admin.createDescription(uniqueTitle('Sachbearbeitung Ärger'));
  const first = await admin.createTask(uniqueTitle('Akten führen'), { tags: ['e2e'], payGroup: 7 });
  const second = await admin.createTask(uniqueTitle('Bürger beraten'), { tags: ['e2e'], payGroup: 8 });
  await admin.acquire('JobDescription', description.id);
  try {
    await admin.addTask(description.id, first.id);
    await admin.addTask(description.id, second.id);
    await admin.setPercentages(description.id, [
      [first.id, 60],
      [second.id, 40],
    ]);
  } finally {
    await admin.release('JobDescription', description.id);
  }

  const alice = await germanPage(browser, 'alice', '/descriptions');
  const bob = await germanPage(browser, 'bob', '/descriptions');
  try {
    // The German build, chosen from Accept-Language, with German terms.
    await expect(alice.locator('html')).toHaveAttribute('lang', 'de');
    await expect(alice.getByRole('heading', { level: 1 })).toHaveText('Tätigkeitsdarstellungen');
    await expect(alice).toHaveTitle('Tätigkeitsdarstellungen · TDGen');
    await expect(alice.getByTestId('connection-live')).toContainText('Live');

    // Alice opens the description to edit; the board speaks German, "EG 7,40" with a decimal comma.
    await alice.getByTestId(`description-panel-${description.id}`).getByTestId('description-open-in-workspace').click();
    await expect(alice).toHaveURL(/\/$/);
    await expect(alice.getByTestId('open-description-pay-group')).toHaveText('EG 7,40');
    await expect(alice.locator('#backlog-heading')).toHaveText('Arbeitsvorgänge (Katalog)');
    await expect(alice.locator('#shares-heading')).toHaveText('Zeitanteile');
    await expect(alice.getByTestId(`share-segment-${first.id}`)).toContainText('60 %');

    // Bob wants it too: the conflict dialog names Alice in German; he chooses to read only.
    await bob.getByTestId(`description-panel-${description.id}`).getByTestId('description-open-in-workspace').click();
    const dialog = bob.getByTestId('lock-conflict-dialog');
    await expect(dialog).toContainText(
      `${USERS.alice.displayName} bearbeitet die Tätigkeitsdarstellung „${description.title}“ seit`,
    );
    await expect(bob.getByTestId('lock-conflict-read-only')).toHaveText('Nur lesen');
    await bob.getByTestId('lock-conflict-read-only').click();
    await expect(bob.getByTestId('workspace-read-only')).toContainText(
      `Nur lesen — ${USERS.alice.displayName} bearbeitet gerade`,
    );
    await expect(bob.getByTestId('workspace-count')).toHaveText('2 / 10');

    // Alice moves a divider: Bob's share bar follows live; Alice is told in German.
    const aliceFirst = await nudgeFirstDivider(alice, first.id, 60, 1);
    await expect(bob.getByTestId(`share-segment-${first.id}`)).toContainText(`${aliceFirst} %`);
    await expect(snackBar(alice, 'Zeitanteile gespeichert.')).toBeVisible();

    // The admin breaks Alice's lock from the list of active locks, with a reason.
    const adminPage = await germanPage(browser, 'admin', '/admin/locks');
    try {
      await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Aktive Sperren');
      const row = adminPage.getByRole('row', { name: new RegExp(description.title) });
      await row.getByTestId('lock-row-break').click();
      await expect(adminPage.getByRole('dialog')).toContainText(
        `Sperre der Tätigkeitsdarstellung „${description.title}“ aufheben?`,
      );
      await adminPage.getByTestId('prompt-input').fill('Urlaubsvertretung');
      await adminPage.getByTestId('prompt-ok').click();
      await expect(
        snackBar(adminPage, `Die Sperre der Tätigkeitsdarstellung „${description.title}“ wurde aufgehoben.`),
      ).toBeVisible();
    } finally {
      await adminPage.context().close();
    }
    await expect(
      snackBar(
        alice,
        `${USERS.admin.displayName} hat Ihre Sperre der Tätigkeitsdarstellung „${description.title}“ aufgehoben („Urlaubsvertretung“).`,
      ),
    ).toBeVisible();
    await expect(alice.getByTestId('workspace-read-only')).toContainText('Nur lesen');

    // German dates in the management list: "Angelegt am 30.11.26, 07:50 von …".
    await bob.getByTestId('main-menu-button').click();
    await expect(bob.getByTestId('menu-tasks')).toHaveText(/Arbeitsvorgänge \(Katalog\)/);
    await bob.getByTestId('menu-descriptions').click();
    const panel = bob.getByTestId(`description-panel-${description.id}`);
    await panel.getByTestId('description-panel-title').click();
    await expect(panel).toContainText(/Angelegt am \d{2}\.\d{2}\.\d{2}, \d{2}:\d{2} von/);
    await expect(panel).toContainText('2 Arbeitsvorgänge');
    await expect(panel).toContainText('Bearbeitung für Benutzer sperren');
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('the language switch in the account menu stores the choice and reloads into the other build', async ({
  browser,
  api,
}) => {
  const page = await germanPage(browser, 'bob', '/');
  try {
    await page.getByTestId('user-menu').click();
    await expect(page.getByTestId('language-switch')).toHaveText(/English/);
    await page.getByTestId('language-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectLive(page);
    await expect(page.locator('#backlog-heading')).toHaveText('Job tasks');
    // Stored with the user: the API says so, and a German browser now gets English too.
    expect((await (await api('bob')).call<{ language: string }>('get', '/api/auth/me')).language).toBe('en');

    // Another browser asking for German: the login page is German, signing in switches to English.
    const other = await browser.newContext({ locale: 'de-DE' });
    try {
      const second = await other.newPage();
      await second.goto('/tasks');
      await expect(second.locator('html')).toHaveAttribute('lang', 'de');
      await expect(second.getByTestId('login-submit')).toHaveText('Anmelden');
      await second.getByTestId('login-username').fill(USERS.bob.username);
      await second.getByTestId('login-password').fill(USERS.bob.password);
      await second.getByTestId('login-submit').click();
      await expect(second.locator('html')).toHaveAttribute('lang', 'en');
      await expect(second).toHaveURL(/\/tasks$/);
      await expect(second.getByRole('heading', { level: 1 })).toHaveText('Job tasks');
    } finally {
      await other.close();
    }
  } finally {
    await page.context().close();
    const bob = await api('bob');
    await bob.call('patch', '/api/auth/me', { language: null });
  }
});

// The same helper as the PDF's visual check; a board is a little less stable than a PDF (text
// antialiasing of the browser), so a little more may differ.
const MAX_DIFFERING_PIXELS = 0.01;

test('the board in German looks as it did (visual check)', async ({ api, browser }) => {
  // Fixed titles (the end-to-end database is fresh per run), a filtered backlog: nothing varies.
  const admin = await api('admin');
  const description = await admin.createDescription('Sachbearbeitung Wohngeld (Bildvergleich)');
  const tasks = [
    await admin.createTask('Wohngeldanträge prüfen (Bildvergleich)', { tags: ['Bildvergleich'], payGroup: 9 }),
    await admin.createTask('Bürger beraten (Bildvergleich)', { tags: ['Bildvergleich'], payGroup: 8 }),
    await admin.createTask('Ablage führen (Bildvergleich)', { tags: ['Bildvergleich'], payGroup: 5 }),
  ];
  await admin.acquire('JobDescription', description.id);
  try {
    for (const task of tasks.slice(0, 2)) await admin.addTask(description.id, task.id);
    await admin.setPercentages(description.id, [
      [tasks[0].id, 75],
      [tasks[1].id, 25],
    ]);
  } finally {
    await admin.release('JobDescription', description.id);
  }
  const page = await germanPage(browser, 'alice', '/descriptions');
  try {
    await page.getByTestId(`description-panel-${description.id}`).getByTestId('description-open-in-workspace').click();
    await expect(page.getByTestId('open-description-pay-group')).toHaveText('EG 8,75');
    await page.getByTestId('backlog-search').fill('Bildvergleich');
    await expect(page.getByTestId('backlog-list').getByRole('article')).toHaveCount(3);
    await page.mouse.move(0, 0);
    // The catalogue's total depends on what other tests created before: masked.
    const png = await page.screenshot({
      animations: 'disabled',
      caret: 'hide',
      mask: [page.getByTestId('backlog').locator('.column__count')],
    });
    const result = compareWithReference(png, join(__dirname, 'visual', 'board.de.png'), MAX_DIFFERING_PIXELS);
    expect({ ratio: result.ratio, artifacts: result.artifacts }).toEqual({
      ratio: expect.any(Number),
      artifacts: undefined,
    });
  } finally {
    await page.context().close();
  }
});
