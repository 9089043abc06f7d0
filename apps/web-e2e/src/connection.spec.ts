import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { ApiSession, navigate, openInWorkspace, searchBacklog, uniqueTitle, USERS } from './support';

const STREAM = '**/api/events/stream?**';

function indicator(page: Page) {
  return page.locator('[data-connection-indicator]');
}

/** Requests that (re)load a whole store: the proof that a resync happened, or did not. */
function isStoreReload(request: Request): boolean {
  const url = new URL(request.url());
  return request.method() === 'GET' && /^\/api\/job-(tasks|descriptions)$/.test(url.pathname);
}

/**
 * Changes made by others while A is disconnected: A's open description gets a new task, new shares
 * and a new title; one of its tasks is renamed, one deleted, one locked; a new task is created.
 */
const CREATED_MEANWHILE = 'Created meanwhile';

async function changeEverything(
  admin: ApiSession,
  bob: ApiSession,
  setup: { descriptionId: number; renamed: number; deleted: number; locked: number },
) {
  const added = await admin.createTask(uniqueTitle('Added meanwhile'));
  const created = await admin.createTask(uniqueTitle(CREATED_MEANWHILE));
  const description = await bob.addTask(setup.descriptionId, added.id);
  const ids = description.tasks.map((t) => t.jobTaskId);
  // 4 tasks: 40/20/25/15 in order (valid: multiples of 5, sum 100).
  const shares = [40, 20, 25, 15];
  await bob.setPercentages(
    setup.descriptionId,
    ids.map((id, i) => [id, shares[i]]),
  );
  const descriptionTitle = uniqueTitle('Renamed meanwhile');
  await bob.renameDescription(setup.descriptionId, descriptionTitle);
  const renamedTitle = uniqueTitle('Task renamed meanwhile');
  await admin.updateTask(setup.renamed, { title: renamedTitle });
  await admin.softDeleteTask(setup.deleted);
  await admin.acquire('JobTask', setup.locked);
  return { added, created, descriptionTitle, renamedTitle, ids, shares };
}

async function expectConverged(
  page: Page,
  setup: { renamed: number; deleted: number; locked: number },
  changes: Awaited<ReturnType<typeof changeEverything>>,
  onBoardChecked: () => void = () => undefined,
) {
  await expect(indicator(page)).toHaveText(/Live/);
  await expect(page.getByTestId('open-description-title')).toHaveText(changes.descriptionTitle);
  await expect(page.getByTestId('workspace-count')).toHaveText(/^4 \//);
  for (const [i, id] of changes.ids.entries()) {
    await expect(page.getByTestId(`share-segment-${id}`)).toContainText(`${changes.shares[i]} %`);
  }
  await expect(page.getByTestId(`workspace-item-${changes.added.id}`)).toBeVisible();
  await expect(page.getByTestId(`workspace-item-${setup.renamed}`).getByTestId('task-card-title')).toHaveText(
    changes.renamedTitle,
  );
  await expect(page.getByTestId(`workspace-item-${setup.deleted}`).getByTestId('task-card-title')).toHaveCSS(
    'text-decoration-line',
    'line-through',
  );
  await expect(page.getByTestId(`workspace-item-${setup.locked}`).getByTestId('lock-holder')).toHaveText(
    USERS.admin.displayName,
  );
  await expect(page.getByTestId('backlog').getByTestId(`task-card-${changes.created.id}`)).toBeVisible();
  await expect(page.getByTestId('workspace-read-only')).toContainText(`${USERS.bob.displayName} is editing`);
  onBoardChecked();
  // The catalogue page is the same store: it shows the new task and the deletion too.
  await navigate(page, 'tasks');
  await expect(page.getByTestId(`task-panel-${changes.created.id}`)).toBeVisible();
  await expect(page.getByTestId(`task-panel-${setup.renamed}`).getByTestId('task-panel-title')).toHaveText(
    changes.renamedTitle,
  );
}

/**
 * A description open in A's workspace (read-only: bob holds it), A's connection dropped, and
 * everything changed by others meanwhile (`changeEverything`).
 */
async function changedWhileOffline(
  api: (user: 'admin' | 'bob') => Promise<ApiSession>,
  openAs: (user: 'alice', path?: string) => Promise<Page>,
  prefix: string,
) {
  const admin = await api('admin');
  const bob = await api('bob');
  const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle(prefix), [
    uniqueTitle(`${prefix} renamed`),
    uniqueTitle(`${prefix} deleted`),
    uniqueTitle(`${prefix} locked`),
  ]);
  const setup = { descriptionId: description.id, renamed: tasks[0].id, deleted: tasks[1].id, locked: tasks[2].id };
  await bob.acquire('JobDescription', description.id);
  const alice = await openAs('alice', '/descriptions');
  await openInWorkspace(alice, description, 'viewer');
  // A's backlog searches for the task that will be created while A is offline.
  await searchBacklog(alice, CREATED_MEANWHILE);

  await alice.context().setOffline(true);
  await expect(indicator(alice)).toHaveText(/Offline/);
  const changes = await changeEverything(admin, bob, setup);
  // Nothing reaches A while it is disconnected.
  await expect(alice.getByTestId('open-description-title')).toHaveText(description.title);
  return { alice, setup, changes };
}

test.describe('connection', () => {
  test('the indicator shows Live, Offline and Reconnecting… at the right times', async ({ openAs }) => {
    const alice = await openAs('alice', '/');
    await expect(indicator(alice)).toHaveText(/Live/);

    // The browser loses the network: Offline at once (no pointless retries).
    await alice.context().setOffline(true);
    await expect(indicator(alice)).toHaveAttribute('data-testid', 'connection-offline');
    await expect(indicator(alice)).toHaveText(/Offline/);

    // The network is back but the stream cannot be opened: Reconnecting… while it retries …
    await alice.route(STREAM, (route) => route.abort('connectionrefused'));
    await alice.context().setOffline(false);
    await expect(indicator(alice)).toHaveText(/Reconnecting…/);
    // … and Offline once several attempts in a row have failed (it keeps trying with backoff).
    await expect(indicator(alice)).toHaveText(/Offline/, { timeout: 20_000 });

    // The stream can be opened again: Live.
    await alice.unroute(STREAM);
    await expect(indicator(alice)).toHaveText(/Live/, { timeout: 20_000 });
  });

  test('after the connection comes back, A shows everything that changed meanwhile (replay)', async ({
    api,
    openAs,
  }) => {
    const { alice, setup, changes } = await changedWhileOffline(api, openAs, 'Replay');

    const reloads: string[] = [];
    alice.on('request', (request) => {
      if (isStoreReload(request)) reloads.push(request.url());
    });
    const reconnect = alice.waitForRequest(
      (r) => r.url().includes('/api/events/stream') && r.url().includes('lastEventId='),
    );
    await alice.context().setOffline(false);
    await reconnect;
    // The replay alone brought the board up to date: no list was fetched again (the catalogue
    // page, opened afterwards, loads its list for the first time).
    await expectConverged(alice, setup, changes, () => expect(reloads).toEqual([]));
  });

  test('when the server cannot replay (resync), A reloads its stores and converges', async ({ api, openAs }) => {
    const { alice, setup, changes } = await changedWhileOffline(api, openAs, 'Resync');

    // The reconnect names an event id the server's log does not hold (events survive restarts now,
    // ADR 0015, so an id it never issued stands in for one pruned long ago): it answers with
    // `resync`, and the client must fetch its stores again.
    let rewritten = 0;
    await alice.route(STREAM, async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.has('lastEventId')) {
        url.searchParams.set('lastEventId', '999999999999');
        rewritten++;
      }
      await route.continue({ url: url.toString() });
    });
    const reload = alice.waitForRequest(isStoreReload);
    await alice.context().setOffline(false);
    await reload;
    expect(rewritten).toBeGreaterThan(0);
    await expectConverged(alice, setup, changes);
  });
});
