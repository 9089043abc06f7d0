import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobTaskDto, Page } from '@tdgen/contracts';
import { eventsOf } from './support/events';
import { insertJobTask } from './support/raw-records';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './support/test-app';
import { waitUntil } from './support/wait-until';

type Agent = Awaited<ReturnType<TestApp['agent']>>;
const TAB = 'page-cache-tab';

/**
 * The per-instance page cache of the lists (docs/adr/0018-catalogue-lists-in-sql.md § Page cache):
 * a page is served as read until data a list shows changes — through this instance (at once),
 * through another instance (when its event arrives), or without an event (a display name).
 */
describe('list pages are cached per instance until data changes', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let adminA: Agent;
  let adminB: Agent;
  let taskId: number;
  const page = async (agent: Agent, path = '/api/job-tasks?limit=50') =>
    (await agent.get(path).expect(200)).body as Page<JobTaskDto>;
  const titleIn = (listed: Page<JobTaskDto>) => listed.items.find((task) => task.id === taskId)?.title;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestApp({ INSTANCE_ID: 'cache-a' }, { database });
    b = await startTestApp({ INSTANCE_ID: 'cache-b' }, { database });
    [adminA, adminB] = await Promise.all([a.agent('admin'), b.agent('admin')]);
    taskId = await insertJobTask(a.db, { createdBy: a.users.admin.id, title: 'Cached task' });
    // The row was written behind the API's back: let both feeds settle before the first read.
    await Promise.all([eventsOf(a).feed.catchUp(), eventsOf(b).feed.catchUp()]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it('serves a page again as it was read while nothing changed through the API', async () => {
    expect(titleIn(await page(adminA))).toBe('Cached task');
    // A write without an event (no API instance knows of it) is not seen: the page comes from the cache ...
    await a.db.query(`UPDATE job_tasks SET title = 'Changed behind the API' WHERE id = $1`, [taskId]);
    expect(titleIn(await page(adminA))).toBe('Cached task');
    // ... while another query (another key) reads the database.
    expect(titleIn(await page(adminA, '/api/job-tasks?limit=49'))).toBe('Changed behind the API');
    await a.db.query(`UPDATE job_tasks SET title = 'Cached task' WHERE id = $1`, [taskId]);
  });

  it('reads a change made through this instance in the very next request (read your writes)', async () => {
    await page(adminA);
    await adminA
      .post('/api/locks/acquire')
      .set('X-Client-Id', TAB)
      .send({ entityType: 'JobTask', entityId: taskId, clientId: TAB })
      .expect(200);
    await adminA.patch(`/api/job-tasks/${taskId}`).set('X-Client-Id', TAB).send({ title: 'Renamed on A' }).expect(200);
    expect(titleIn(await page(adminA))).toBe('Renamed on A');
  });

  it('drops the pages of another instance when the change arrives there through the log', async () => {
    expect(titleIn(await page(adminB))).toBe('Renamed on A');
    await adminA.patch(`/api/job-tasks/${taskId}`).set('X-Client-Id', TAB).send({ title: 'Renamed again' }).expect(200);
    await waitUntil(async () => titleIn(await page(adminB)) === 'Renamed again', 'instance B to list the new title');
  });

  it('keeps the pages across lock events, which no list shows', async () => {
    expect(titleIn(await page(adminB))).toBe('Renamed again');
    await a.db.query(`UPDATE job_tasks SET title = 'Unseen' WHERE id = $1`, [taskId]);
    await adminA
      .post('/api/locks/release')
      .set('X-Client-Id', TAB)
      .send({ entityType: 'JobTask', entityId: taskId, clientId: TAB })
      .expect(204);
    await eventsOf(b).feed.catchUp();
    expect(titleIn(await page(adminB))).toBe('Renamed again');
    await a.db.query(`UPDATE job_tasks SET title = 'Renamed again' WHERE id = $1`, [taskId]);
  });

  it('drops the pages of every instance when a display name changes (no event of its own)', async () => {
    const before = await page(adminB);
    expect(before.items.find((task) => task.id === taskId)?.createdBy.displayName).toBe('Ada Admin');
    await adminA.patch(`/api/users/${a.users.admin.id}`).send({ displayName: 'Ada Lovelace' }).expect(200);
    await waitUntil(
      async () =>
        (await page(adminB)).items.find((task) => task.id === taskId)?.createdBy.displayName === 'Ada Lovelace',
      'instance B to list the new display name',
    );
    expect((await page(adminA)).items.find((task) => task.id === taskId)?.createdBy.displayName).toBe('Ada Lovelace');
  });
});
