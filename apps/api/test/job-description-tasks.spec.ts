import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import {
  addTask,
  type CapturedEvents,
  createDescription,
  createTask,
  expectDatabaseInvariant,
  expectShareInvariant,
  holdLock,
  TAB,
  useDomainSuite,
  type Agent,
} from './fixtures/domain';

const order = (d: JobDescriptionDto) => d.tasks.map((x) => x.jobTaskId);

describe('associations: add, move, remove (docs/product.md § Limits, § Shares, § Order)', () => {
  const suite = useDomainSuite();
  let t: TestApp;
  let admin: Agent;
  let alice: Agent;
  let bob: Agent;
  let captured: CapturedEvents;
  beforeAll(() => {
    ({ t, admin, alice, bob, captured } = suite);
  });

  it('adds at an index and returns the whole description; the change bumps its updatedAt/By', async () => {
    const d = await createDescription(alice);
    const [a, b] = [await createTask(alice), await createTask(alice)];
    await holdLock(t, 'JobDescription', d.id, 'bob');
    captured.clear();
    const first = await bob
      .post('/api/job-description-tasks')
      .set('X-Client-Id', TAB)
      .send({ jobDescriptionId: d.id, jobTaskId: a.id })
      .expect(201);
    expect(first.body).toMatchObject({ id: d.id, title: d.title, taskCount: 1 });
    expect(first.body.updatedBy).toEqual({ id: t.users.bob.id, displayName: 'Bob Editor' });
    expect(Date.parse(first.body.updatedAt)).toBeGreaterThan(Date.parse(d.updatedAt));
    const second = await addTask(bob, d.id, b.id, 0);
    expect(order(second)).toEqual([b.id, a.id]);
    expect(captured.events.map((e) => e.type)).toEqual([
      'job-description-task:created',
      'job-description-task:created',
    ]);
    expect(captured.events[1]).toMatchObject({
      userId: t.users.bob.id,
      clientId: TAB,
      data: { jobDescriptionId: d.id, jobTaskId: b.id, jobDescription: second },
    });
  });

  it('refuses a task already in the description (409), a deleted task (409) and unknown records (404)', async () => {
    const d = await createDescription(alice);
    const [a, gone] = [await createTask(alice), await createTask(alice)];
    await holdLock(t, 'JobTask', gone.id, 'alice');
    await alice.delete(`/api/job-tasks/${gone.id}`).set('X-Client-Id', TAB).expect(200);
    await holdLock(t, 'JobDescription', d.id, 'alice');
    await addTask(alice, d.id, a.id);
    captured.clear();
    const post = (body: object) => alice.post('/api/job-description-tasks').set('X-Client-Id', TAB).send(body);
    expect((await post({ jobDescriptionId: d.id, jobTaskId: a.id }).expect(409)).body.message).toMatch(/already/);
    expect((await post({ jobDescriptionId: d.id, jobTaskId: gone.id }).expect(409)).body.message).toMatch(/deleted/);
    await post({ jobDescriptionId: d.id, jobTaskId: 987654 }).expect(404);
    await post({ jobDescriptionId: 987654, jobTaskId: a.id }).expect(404);
    expect(captured.events).toHaveLength(0);
  });

  it('moves a task: the rows in between shift, shares follow their tasks; same index is a no-op', async () => {
    const d = await createDescription(alice);
    const tasks = [await createTask(alice), await createTask(alice), await createTask(alice), await createTask(alice)];
    await holdLock(t, 'JobDescription', d.id, 'alice');
    let current = d;
    for (const task of tasks) current = await addTask(alice, d.id, task.id);
    const shareOf = (dto: JobDescriptionDto) => new Map(dto.tasks.map((x) => [x.jobTaskId, x.percentage]));
    captured.clear();
    const moved = await alice
      .patch(`/api/job-description-tasks/${d.id}/${tasks[3].id}`)
      .set('X-Client-Id', TAB)
      .send({ index: 1 })
      .expect(200);
    expect(order(moved.body)).toEqual([tasks[0].id, tasks[3].id, tasks[1].id, tasks[2].id]);
    expect(shareOf(moved.body)).toEqual(shareOf(current));
    expectShareInvariant(moved.body);
    expect(captured.events.map((e) => e.type)).toEqual(['job-description-task:reordered']);
    expect(captured.events[0].data).toEqual({
      jobDescriptionId: d.id,
      jobTaskId: tasks[3].id,
      jobDescription: moved.body,
    });
    captured.clear();
    const same = await alice
      .patch(`/api/job-description-tasks/${d.id}/${tasks[3].id}`)
      .set('X-Client-Id', TAB)
      .send({ index: 1 })
      .expect(200);
    expect(same.body).toEqual(moved.body);
    expect(captured.events).toHaveLength(0);
    const out = await alice
      .patch(`/api/job-description-tasks/${d.id}/${tasks[0].id}`)
      .set('X-Client-Id', TAB)
      .send({ index: 4 })
      .expect(400);
    expect(out.body.message).toMatch(/between 0 and 3/);
    const other = await createTask(alice);
    await alice
      .patch(`/api/job-description-tasks/${d.id}/${other.id}`)
      .set('X-Client-Id', TAB)
      .send({ index: 0 })
      .expect(404);
  });

  it('removes a task, closing the gap, with one event; removing it again is 404', async () => {
    const d = await createDescription(alice);
    const [a, b, c] = [await createTask(alice), await createTask(alice), await createTask(alice)];
    await holdLock(t, 'JobDescription', d.id, 'alice');
    for (const task of [a, b, c]) await addTask(alice, d.id, task.id);
    captured.clear();
    const res = await alice.delete(`/api/job-description-tasks/${d.id}/${b.id}`).set('X-Client-Id', TAB).expect(200);
    expect(
      res.body.tasks.map((x: { jobTaskId: number; order: number; percentage: number }) => [
        x.jobTaskId,
        x.order,
        x.percentage,
      ]),
    ).toEqual([
      [a.id, 0, 50],
      [c.id, 1, 50],
    ]);
    expect(captured.events.map((e) => e.type)).toEqual(['job-description-task:deleted']);
    expect(captured.events[0].data).toMatchObject({
      jobDescriptionId: d.id,
      jobTaskId: b.id,
      jobDescription: res.body,
    });
    await alice.delete(`/api/job-description-tasks/${d.id}/${b.id}`).set('X-Client-Id', TAB).expect(404);
  });

  it("needs the description's lock (428 without, 423 someone else's); the task's lock is neither needed nor blocking", async () => {
    const d = await createDescription(alice);
    const [a, b] = [await createTask(alice), await createTask(alice)];
    const add = (agent: Agent, jobTaskId: number, tab = TAB) =>
      agent.post('/api/job-description-tasks').set('X-Client-Id', tab).send({ jobDescriptionId: d.id, jobTaskId });
    const missing = await add(alice, a.id).expect(428);
    expect(missing.body).toMatchObject({ statusCode: 428, error: 'LOCK_REQUIRED' });
    await holdLock(t, 'JobDescription', d.id, 'bob');
    const locked = await add(alice, a.id).expect(423);
    expect(locked.body).toMatchObject({
      error: 'LOCKED',
      lock: { entityType: 'JobDescription', entityId: d.id, holder: { id: t.users.bob.id, displayName: 'Bob Editor' } },
    });
    await holdLock(t, 'JobDescription', d.id, 'alice', 'other-tab');
    const elsewhere = await add(alice, a.id).expect(423);
    expect(elsewhere.body.heldBySelfElsewhere).toBe(true);
    // Bob holds the task's lock: Alice, holding the description's, still adds, moves and removes it.
    await holdLock(t, 'JobDescription', d.id, 'alice');
    await holdLock(t, 'JobTask', a.id, 'bob');
    await add(alice, a.id).expect(201);
    await add(alice, b.id).expect(201);
    await alice
      .patch(`/api/job-description-tasks/${d.id}/${a.id}`)
      .set('X-Client-Id', TAB)
      .send({ index: 1 })
      .expect(200);
    await alice.delete(`/api/job-description-tasks/${d.id}/${a.id}`).set('X-Client-Id', TAB).expect(200);
    // an expired lock is no lock
    await t.db.query("UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_type = 'JobDescription'");
    await add(alice, a.id).expect(428);
  });

  it('serializes concurrent changes of one description: shares stay valid, a duplicate add loses', async () => {
    const d = await createDescription(admin);
    const tasks = await Promise.all(Array.from({ length: 6 }, () => createTask(admin)));
    await holdLock(t, 'JobDescription', d.id, 'admin');
    const adds = await Promise.all(
      [...tasks, tasks[0]].map((task) =>
        admin
          .post('/api/job-description-tasks')
          .set('X-Client-Id', TAB)
          .send({ jobDescriptionId: d.id, jobTaskId: task.id, index: 0 }),
      ),
    );
    expect(adds.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 201, 409]);
    const final = (await admin.get(`/api/job-descriptions/${d.id}`).expect(200)).body as JobDescriptionDto;
    expect(final.taskCount).toBe(6);
    expectShareInvariant(final);
    await expectDatabaseInvariant(t);
  });
});

describe('associations: the configured task limit (MAX_TASKS_PER_DESCRIPTION)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MAX_TASKS_PER_DESCRIPTION: '3' });
  });
  afterAll(() => t.close());

  it('refuses the task beyond the limit with 409 and leaves the description unchanged', async () => {
    const alice = await t.agent('alice');
    const d = await createDescription(alice);
    await holdLock(t, 'JobDescription', d.id, 'alice');
    for (let i = 0; i < 3; i++) await addTask(alice, d.id, (await createTask(alice)).id);
    const extra = await createTask(alice);
    const res = await alice
      .post('/api/job-description-tasks')
      .set('X-Client-Id', TAB)
      .send({ jobDescriptionId: d.id, jobTaskId: extra.id })
      .expect(409);
    expect(res.body.message).toMatch(/at most 3 tasks/);
    const after = (await alice.get(`/api/job-descriptions/${d.id}`).expect(200)).body as JobDescriptionDto;
    expect(after.tasks.map((x) => x.percentage)).toEqual([35, 30, 35]);
  });
});
