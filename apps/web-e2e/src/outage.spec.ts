import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from './fixtures';
import { uniqueTitle } from './support';

/** The database of this run's server, as tools/e2e-server.mjs published it. */
function e2eDatabase(baseURL: string): { serverUrl: string; database: string } {
  const port = new URL(baseURL).port;
  return JSON.parse(readFileSync(path.join(os.tmpdir(), `tdgen-e2e-${port}.json`), 'utf8'));
}

/** Closes (or reopens) this run's own database to connections, ending the ones it has. */
async function setDatabaseReachable(baseURL: string, isReachable: boolean): Promise<void> {
  const { serverUrl, database } = e2eDatabase(baseURL);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${isReachable}`);
    if (!isReachable) {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    }
  } finally {
    await client.end();
  }
}

test.describe('a database outage', () => {
  test.afterEach(async ({ baseURL }) => {
    await setDatabaseReachable(baseURL!, true);
  });

  test('keeps an editor with unsaved changes on the page, and the changes save afterwards', async ({
    api,
    openAs,
    baseURL,
  }) => {
    const task = await (await api('admin')).createTask(uniqueTitle('Outage'));
    const renamed = uniqueTitle('Saved after the outage');
    const alice = await openAs('alice', '/tasks');
    const panel = alice.getByTestId(`task-panel-${task.id}`);
    await panel.getByTestId('task-panel-title').click();
    await expect(panel.getByTestId('task-title-input')).toBeEditable();
    await panel.getByTestId('task-title-input').fill(renamed);

    await setDatabaseReachable(baseURL!, false);
    const outageEnds = Date.now() + 10_000;
    // Saving during the outage fails without signing anyone out: the notice shows, the input stays.
    await panel.getByTestId('task-save').click();
    await expect(alice.getByTestId('server-unavailable')).toBeVisible();
    await expect(alice).toHaveURL(/\/tasks/);
    await expect(panel.getByTestId('task-title-input')).toHaveValue(renamed);
    // Nothing sends the user to the login page while it lasts.
    await alice.waitForTimeout(Math.max(0, outageEnds - Date.now()));
    await expect(alice).toHaveURL(/\/tasks/);
    await expect(panel.getByTestId('task-title-input')).toHaveValue(renamed);
    await setDatabaseReachable(baseURL!, true);

    await expect(alice.getByTestId('server-unavailable')).toHaveCount(0, { timeout: 15_000 });
    await panel.getByTestId('task-save').click();
    await expect(panel.getByTestId('task-panel-title')).toHaveText(renamed);
    const saved = await (await api('bob')).request.get(`/api/job-tasks/${task.id}`);
    expect((await saved.json()).title).toBe(renamed);
    await expect(alice.getByTestId('current-user-name')).toBeVisible();
  });
});
