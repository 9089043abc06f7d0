import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JobTaskDto } from '@tdgen/contracts';
import { JOB_TASK_INCLUDE, toJobTaskDto } from '../src/catalogue/job-task.mapper';
import { PrismaService } from '../src/prisma/prisma.service';
import type { TestApp } from './support/test-app';
import {
  addTask,
  type CapturedEvents,
  createDescription,
  createTask,
  holdLock,
  releaseLocks,
  TAB,
  useDomainSuite,
  uniqueTitle,
  type Agent,
} from './fixtures/domain';

describe('job tasks (docs/product.md § Job tasks, § Titles, § Deletion and restore, § Roles)', () => {
  const suite = useDomainSuite();
  let t: TestApp;
  let admin: Agent;
  let alice: Agent;
  let bob: Agent;
  let captured: CapturedEvents;
  beforeAll(() => {
    ({ t, admin, alice, bob, captured } = suite);
  });

  it('creates a task (201) with trimmed title, sanitized text, deduplicated tags and audit users', async () => {
    const res = await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', TAB)
      .send({
        title: '  Plan the rota  ',
        text: '<p>Hello <strong>team</strong></p>',
        tags: [' HR ', 'hr', 'Planning'],
        payGroup: 9,
      })
      .expect(201);
    const task = res.body as JobTaskDto;
    expect(task).toMatchObject({
      title: 'Plan the rota',
      text: '<p>Hello <strong>team</strong></p>',
      tags: ['HR', 'Planning'],
      payGroup: 9,
      readOnlyForEditors: false,
      createdBy: { id: t.users.admin.id, displayName: 'Ada Admin' },
      updatedBy: { id: t.users.admin.id, displayName: 'Ada Admin' },
      deletedAt: null,
      deletedBy: null,
    });
    expect(Object.keys(task.createdBy).sort()).toEqual(['displayName', 'id']);
    expect(captured.events).toHaveLength(1);
    expect(captured.events[0]).toMatchObject({
      type: 'job-task:created',
      data: task,
      userId: t.users.admin.id,
      clientId: TAB,
    });
    const got = await alice.get(`/api/job-tasks/${task.id}`).expect(200);
    expect(got.body).toEqual(task);
  });

  it('reuses an existing tag name case-insensitively across records', async () => {
    await createTask(alice, { tags: ['Finance'] });
    const second = await createTask(bob, { tags: ['FINANCE', 'new-tag'] });
    expect(second.tags).toEqual(['Finance', 'new-tag']);
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM tags WHERE lower(name) = 'finance'");
    expect(rows[0].n).toBe(1);
  });

  it('requires the X-Client-Id header on create', async () => {
    const res = await alice.post('/api/job-tasks').send({ title: uniqueTitle() }).expect(400);
    expect(String(res.body.message)).toMatch(/x-client-id/i);
  });

  it('strips scripts, event handlers and disallowed markup from the text, also on update', async () => {
    const evil =
      '<p onclick="x()">ok</p><script>alert(1)</script><img src=x onerror=alert(1)>' +
      '<a href="javascript:alert(1)">link</a><ul><li style="color:red">item</li></ul><iframe src="//evil"></iframe>';
    const task = await createTask(alice, { text: evil });
    expect(task.text).toBe('<p>ok</p>link<ul><li>item</li></ul>');
    await holdLock(t, 'JobTask', task.id, 'alice');
    const res = await alice
      .patch(`/api/job-tasks/${task.id}`)
      .set('X-Client-Id', TAB)
      .send({ text: '<em>fine</em><svg onload=alert(1)><b>bold</b></svg><style>p{}</style>' })
      .expect(200);
    expect(res.body.text).toBe('<em>fine</em>bold');
    const { rows } = await t.db.query('SELECT text FROM job_tasks WHERE id = $1', [task.id]);
    expect(rows[0].text).not.toMatch(/script|onerror|onload|javascript:|<svg|<img|style/i);
  });

  it('answers exists?title= case-insensitively and after trimming, also for deleted tasks', async () => {
    const task = await createTask(alice, { title: 'Exists Check' });
    await alice.get('/api/job-tasks/exists').query({ title: '  exists check ' }).expect(200, {
      exists: true,
      id: task.id,
      deleted: false,
    });
    await alice.get('/api/job-tasks/exists').query({ title: 'nope nope' }).expect(200, {
      exists: false,
      id: null,
      deleted: false,
    });
    await holdLock(t, 'JobTask', task.id, 'alice');
    await alice.delete(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).expect(200);
    await alice.get('/api/job-tasks/exists').query({ title: 'EXISTS CHECK' }).expect(200, {
      exists: true,
      id: task.id,
      deleted: true,
    });
  });

  it('refuses a duplicate title with 409 naming the holder, also when the holder is soft-deleted', async () => {
    const first = await createTask(alice, { title: 'Unique Title' });
    const dup = await bob.post('/api/job-tasks').set('X-Client-Id', TAB).send({ title: ' unique TITLE ' }).expect(409);
    expect(dup.body.message).toContain('Unique Title');
    expect(dup.body.message).toContain(String(first.id));
    await holdLock(t, 'JobTask', first.id, 'alice');
    await alice.delete(`/api/job-tasks/${first.id}`).set('X-Client-Id', TAB).expect(200);
    const dupDeleted = await bob
      .post('/api/job-tasks')
      .set('X-Client-Id', TAB)
      .send({ title: 'UNIQUE title' })
      .expect(409);
    expect(dupDeleted.body.message).toMatch(/deleted/);
    // renaming onto the title of another task is refused as well
    const other = await createTask(bob);
    await holdLock(t, 'JobTask', other.id, 'bob');
    await bob.patch(`/api/job-tasks/${other.id}`).set('X-Client-Id', TAB).send({ title: 'unique title' }).expect(409);
    // a task may change the case of its own title
    await holdLock(t, 'JobTask', first.id, 'admin');
    await admin.post(`/api/job-tasks/${first.id}/restore`).set('X-Client-Id', TAB).expect(200);
    const renamed = await admin
      .patch(`/api/job-tasks/${first.id}`)
      .set('X-Client-Id', TAB)
      .send({ title: 'UNIQUE TITLE' })
      .expect(200);
    expect(renamed.body.title).toBe('UNIQUE TITLE');
  });

  it('gives one of two concurrent creates with the same title 201 and the other 409', async () => {
    const title = uniqueTitle('Race');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? alice : bob).post('/api/job-tasks').set('X-Client-Id', TAB).send({ title }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('updates only what changed; updatedAt/By move on content changes and not on a no-op', async () => {
    const task = await createTask(alice, { text: '<p>a</p>', tags: ['x'] });
    await holdLock(t, 'JobTask', task.id, 'bob');
    captured.clear();
    const same = await bob
      .patch(`/api/job-tasks/${task.id}`)
      .set('X-Client-Id', TAB)
      .send({ title: task.title, text: '<p>a</p>', tags: ['X'] })
      .expect(200);
    expect(same.body.updatedAt).toBe(task.updatedAt);
    expect(same.body.updatedBy.id).toBe(t.users.alice.id);
    expect(captured.events).toHaveLength(0);
    const changed = await bob
      .patch(`/api/job-tasks/${task.id}`)
      .set('X-Client-Id', TAB)
      .send({ tags: ['y', 'z'] })
      .expect(200);
    expect(changed.body.tags).toEqual(['y', 'z']);
    expect(changed.body.updatedBy).toEqual({ id: t.users.bob.id, displayName: 'Bob Editor' });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));
    expect(changed.body.createdBy.id).toBe(t.users.alice.id);
    expect(captured.events.map((e) => e.type)).toEqual(['job-task:updated']);
    expect(captured.events[0].data).toEqual(changed.body);
  });

  it('soft-deletes (lock holder), keeps associations, restores (admin) and refuses a second restore', async () => {
    const task = await createTask(alice);
    const description = await createDescription(alice);
    await holdLock(t, 'JobDescription', description.id, 'alice');
    await addTask(alice, description.id, task.id);
    await holdLock(t, 'JobTask', task.id, 'alice');
    captured.clear();
    const deleted = await alice.delete(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).expect(200);
    expect(deleted.body.deletedBy).toEqual({ id: t.users.alice.id, displayName: 'Alice Editor' });
    expect(deleted.body.updatedAt).toBe(task.updatedAt);
    const inDescription = await alice.get(`/api/job-descriptions/${description.id}`).expect(200);
    expect(inDescription.body.tasks[0].task.deletedAt).toBe(deleted.body.deletedAt);
    await alice.get(`/api/job-tasks/${task.id}/usage`).expect(200, { descriptionCount: 1 });
    // a deleted task cannot be edited or deleted again
    await alice.patch(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).send({ title: 'x' }).expect(409);
    await alice.delete(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).expect(409);
    await alice.post(`/api/job-tasks/${task.id}/restore`).set('X-Client-Id', TAB).expect(403);
    await releaseLocks(t);
    const restored = await admin.post(`/api/job-tasks/${task.id}/restore`).set('X-Client-Id', TAB).expect(200);
    expect(restored.body).toMatchObject({ deletedAt: null, deletedBy: null });
    await admin.post(`/api/job-tasks/${task.id}/restore`).set('X-Client-Id', TAB).expect(409);
    expect(captured.events.map((e) => e.type)).toEqual(['job-task:deleted', 'job-task:restored']);
    expect(captured.events[1].data).toEqual(restored.body);
  });

  it('counts only live descriptions in usage and answers 404 for unknown tasks', async () => {
    const task = await createTask(alice);
    const live = await createDescription(alice);
    const gone = await createDescription(alice);
    for (const d of [live, gone]) {
      await holdLock(t, 'JobDescription', d.id, 'alice');
      await addTask(alice, d.id, task.id);
    }
    await alice.delete(`/api/job-descriptions/${gone.id}`).set('X-Client-Id', TAB).expect(200);
    await alice.get(`/api/job-tasks/${task.id}/usage`).expect(200, { descriptionCount: 1 });
    await alice.get('/api/job-tasks/999999/usage').expect(404);
    const missing = await alice.get('/api/job-tasks/999999').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('permanently deletes (admin, 204): leaves every description, each rebalanced to 100, with events', async () => {
    const doomed = await createTask(admin, { payGroup: 5 });
    const keep = [await createTask(admin, { payGroup: 8 }), await createTask(admin), await createTask(admin)];
    const descriptions = [await createDescription(admin), await createDescription(admin)];
    for (const d of descriptions) await holdLock(t, 'JobDescription', d.id, 'admin');
    await addTask(admin, descriptions[0].id, keep[0].id);
    await addTask(admin, descriptions[0].id, doomed.id);
    await addTask(admin, descriptions[0].id, keep[1].id);
    await addTask(admin, descriptions[1].id, doomed.id);
    await addTask(admin, descriptions[1].id, keep[2].id);
    await releaseLocks(t);
    await alice.delete(`/api/job-tasks/${doomed.id}/permanent`).set('X-Client-Id', TAB).expect(403);
    captured.clear();
    await admin.delete(`/api/job-tasks/${doomed.id}/permanent`).set('X-Client-Id', TAB).expect(204);
    await admin.get(`/api/job-tasks/${doomed.id}`).expect(404);
    const after = await Promise.all(descriptions.map((d) => alice.get(`/api/job-descriptions/${d.id}`).expect(200)));
    expect(
      after[0].body.tasks.map((x: { jobTaskId: number; order: number; percentage: number }) => [
        x.jobTaskId,
        x.order,
        x.percentage,
      ]),
    ).toEqual([
      [keep[0].id, 0, 50],
      [keep[1].id, 1, 50],
    ]);
    expect(after[1].body.tasks.map((x: { percentage: number }) => x.percentage)).toEqual([100]);
    expect(after[0].body.updatedBy.id).toBe(t.users.admin.id);
    expect(after[0].body.weightedPayGroup).toBe(8);
    expect(captured.events.map((e) => e.type)).toEqual([
      'job-description-task:deleted',
      'job-description-task:deleted',
      'job-task:permanent-deleted',
    ]);
    expect(captured.events[0].data).toEqual({
      jobDescriptionId: descriptions[0].id,
      jobTaskId: doomed.id,
      jobDescription: after[0].body,
    });
    expect(captured.events[2].data).toEqual({ id: doomed.id });
  });

  it('refuses an admin restore/permanent delete while another user holds the lock (423)', async () => {
    const task = await createTask(alice);
    await holdLock(t, 'JobTask', task.id, 'alice');
    await alice.delete(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).expect(200);
    const restore = await admin.post(`/api/job-tasks/${task.id}/restore`).set('X-Client-Id', TAB).expect(423);
    expect(restore.body).toMatchObject({ error: 'LOCKED', lock: { holder: { id: t.users.alice.id } } });
    await admin.delete(`/api/job-tasks/${task.id}/permanent`).set('X-Client-Id', TAB).expect(423);
    await releaseLocks(t);
    await admin.delete(`/api/job-tasks/${task.id}/permanent`).set('X-Client-Id', TAB).expect(204);
  });

  it('refuses a permanent delete (423) while another user holds a description that contains the task', async () => {
    const task = await createTask(admin);
    const other = await createTask(admin);
    const description = await createDescription(admin);
    await holdLock(t, 'JobDescription', description.id, 'admin');
    await addTask(admin, description.id, other.id);
    await addTask(admin, description.id, task.id);
    await holdLock(t, 'JobDescription', description.id, 'alice');
    captured.clear();
    const refused = await admin.delete(`/api/job-tasks/${task.id}/permanent`).set('X-Client-Id', TAB).expect(423);
    expect(refused.body).toMatchObject({
      error: 'LOCKED',
      lock: { entityType: 'JobDescription', entityId: description.id, holder: { id: t.users.alice.id } },
    });
    expect(captured.events).toEqual([]);
    await admin.get(`/api/job-tasks/${task.id}`).expect(200);
    const unchanged = await alice.get(`/api/job-descriptions/${description.id}`).expect(200);
    expect(unchanged.body.tasks.map((x: { percentage: number }) => x.percentage)).toEqual([50, 50]);
    // The admin's own lock on the description (same tab) does not stand in the way.
    await holdLock(t, 'JobDescription', description.id, 'admin');
    await admin.delete(`/api/job-tasks/${task.id}/permanent`).set('X-Client-Id', TAB).expect(204);
    const after = await alice.get(`/api/job-descriptions/${description.id}`).expect(200);
    expect(after.body.tasks.map((x: { jobTaskId: number; percentage: number }) => [x.jobTaskId, x.percentage])).toEqual(
      [[other.id, 100]],
    );
    await releaseLocks(t);
  });

  describe('list (docs/product.md § Job tasks)', () => {
    const tag = 'list-suite';
    let tasks: JobTaskDto[];

    beforeAll(async () => {
      tasks = [
        await createTask(admin, {
          title: 'beta report',
          tags: [tag, 'Finance'],
          payGroup: 7,
          text: '<p>Quarterly numbers</p>',
        }),
        await createTask(admin, { title: 'Alpha intake', tags: [tag], readOnlyForEditors: true }),
        await createTask(alice, { title: 'Charlie archive', tags: [tag, 'finance', 'Records'] }),
        await createTask(bob, { title: 'delta deleted', tags: [tag] }),
      ];
      await holdLock(t, 'JobTask', tasks[3].id, 'bob');
      await bob.delete(`/api/job-tasks/${tasks[3].id}`).set('X-Client-Id', TAB).expect(200);
      await t.db.query(
        `UPDATE job_tasks SET created_at = '2024-01-15T10:00:00Z', updated_at = '2024-02-01T10:00:00Z' WHERE id = $1`,
        [tasks[0].id],
      );
      await t.db.query(
        `UPDATE job_tasks SET created_at = '2024-03-31T23:30:00Z', updated_at = '2024-04-01T00:00:00Z' WHERE id = $1`,
        [tasks[1].id],
      );
    });

    const titles = (body: { items: JobTaskDto[] }) => body.items.map((x) => x.title);

    it('sorts by title case-insensitively, hides deleted tasks unless asked, and counts the matches', async () => {
      const res = await alice.get('/api/job-tasks').query({ tags: tag }).expect(200);
      expect(titles(res.body)).toEqual(['Alpha intake', 'beta report', 'Charlie archive']);
      expect(res.body).toMatchObject({ total: 3, limit: 100, offset: 0 });
      const all = await alice.get('/api/job-tasks').query({ tags: tag, includeDeleted: 'true' }).expect(200);
      expect(titles(all.body)).toEqual(['Alpha intake', 'beta report', 'Charlie archive', 'delta deleted']);
    });

    it('paginates with limit/offset while total counts every match', async () => {
      const res = await alice
        .get('/api/job-tasks')
        .query({ tags: tag, limit: '2', offset: '1', includeDeleted: '1' })
        .expect(200);
      expect(titles(res.body)).toEqual(['beta report', 'Charlie archive']);
      expect(res.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    });

    it('filters by free text over title, text and tags, case-insensitively', async () => {
      const byText = await alice.get('/api/job-tasks').query({ tags: tag, q: 'QUARTERLY' }).expect(200);
      expect(titles(byText.body)).toEqual(['beta report']);
      const byTag = await alice.get('/api/job-tasks').query({ tags: tag, q: 'recor' }).expect(200);
      expect(titles(byTag.body)).toEqual(['Charlie archive']);
      const byTitle = await alice.get('/api/job-tasks').query({ tags: tag, q: 'INTAKE' }).expect(200);
      expect(titles(byTitle.body)).toEqual(['Alpha intake']);
      // LIKE pattern characters are matched literally, not as wildcards
      const wildcard = await alice.get('/api/job-tasks').query({ q: '%' }).expect(200);
      expect(wildcard.body.total).toBe(0);
      const percent = await createTask(alice, { title: '100% coverage', tags: ['a_b'] });
      const literal = await alice.get('/api/job-tasks').query({ q: '0%' }).expect(200);
      expect(titles(literal.body)).toEqual([percent.title]);
      expect((await alice.get('/api/job-tasks').query({ q: '1_0' }).expect(200)).body.total).toBe(0);
      const other = await createTask(alice, { tags: ['axb'] });
      expect(other.tags).toEqual(['axb']); // not merged into the tag "a_b"
      const byLiteralTag = await alice.get('/api/job-tasks').query({ tags: 'A_B' }).expect(200);
      expect(titles(byLiteralTag.body)).toEqual([percent.title]);
    });

    it('filters by tags (all of them; comma-separated or repeated), pay group, flag and creator', async () => {
      const both = await alice.get('/api/job-tasks').query(`tags=${tag},FINANCE`).expect(200);
      expect(titles(both.body)).toEqual(['beta report', 'Charlie archive']);
      const repeated = await alice.get('/api/job-tasks').query(`tags=${tag}&tags=finance&tags=records`).expect(200);
      expect(titles(repeated.body)).toEqual(['Charlie archive']);
      const payGroup = await alice.get('/api/job-tasks').query({ tags: tag, payGroup: '7' }).expect(200);
      expect(titles(payGroup.body)).toEqual(['beta report']);
      const readOnly = await alice.get('/api/job-tasks').query({ tags: tag, readOnlyForEditors: 'true' }).expect(200);
      expect(titles(readOnly.body)).toEqual(['Alpha intake']);
      const notReadOnly = await alice
        .get('/api/job-tasks')
        .query({ tags: tag, readOnlyForEditors: 'false' })
        .expect(200);
      expect(titles(notReadOnly.body)).toEqual(['beta report', 'Charlie archive']);
      const byAlice = await alice
        .get('/api/job-tasks')
        .query({ tags: tag, createdBy: String(t.users.alice.id) })
        .expect(200);
      expect(titles(byAlice.body)).toEqual(['Charlie archive']);
    });

    it('filters by creation and modification date ranges (a plain end date includes that day)', async () => {
      const q = (extra: Record<string, string>) =>
        alice
          .get('/api/job-tasks')
          .query({ tags: tag, ...extra })
          .expect(200);
      expect(titles((await q({ createdFrom: '2024-01-01', createdTo: '2024-03-31' })).body)).toEqual([
        'Alpha intake',
        'beta report',
      ]);
      expect(titles((await q({ createdFrom: '2024-01-01', createdTo: '2024-03-31T12:00:00Z' })).body)).toEqual([
        'beta report',
      ]);
      expect(titles((await q({ updatedFrom: '2024-03-01', updatedTo: '2024-12-31' })).body)).toEqual(['Alpha intake']);
      expect(titles((await q({ createdFrom: '2025-01-01' })).body)).toEqual(['Charlie archive']);
    });

    it('lists each task exactly as GET /:id answers it and as the Prisma mapper maps it (JSON built by the database)', async () => {
      await t.db.query(`UPDATE job_tasks SET updated_at = '2024-05-06T07:08:09.123999Z' WHERE id = $1`, [tasks[2].id]);
      const res = await alice.get('/api/job-tasks').query({ tags: tag, includeDeleted: 'true' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const prisma = t.app.get(PrismaService);
      for (const item of res.body.items as JobTaskDto[]) {
        const one = await alice.get(`/api/job-tasks/${item.id}`).expect(200);
        expect(item).toEqual(one.body);
        const row = await prisma.jobTask.findUniqueOrThrow({ where: { id: item.id }, include: JOB_TASK_INCLUDE });
        expect(item).toEqual(toJobTaskDto(row));
      }
      const charlie = (res.body.items as JobTaskDto[]).find((x) => x.id === tasks[2].id)!;
      expect(charlie.updatedAt).toBe('2024-05-06T07:08:09.123Z');
      expect(charlie.tags).toEqual(['Finance', 'list-suite', 'Records']);
      const deleted = (res.body.items as JobTaskDto[]).find((x) => x.id === tasks[3].id)!;
      expect(deleted.deletedBy).toEqual({ id: t.users.bob.id, displayName: expect.any(String) });
    });

    it('pages by keyset cursor: the pages join to the offset listing, and an insert before the cursor shifts nothing', async () => {
      const query = { tags: tag, includeDeleted: 'true', limit: '2' };
      const first = await alice.get('/api/job-tasks').query(query).expect(200);
      expect(titles(first.body)).toEqual(['Alpha intake', 'beta report']);
      expect(first.body).toMatchObject({ total: 4, offset: 0, nextCursor: expect.any(String) });
      // A task sorting before the cursor appears meanwhile: offset paging would repeat "beta report".
      await createTask(admin, { title: 'Aardvark added later', tags: [tag] });
      const second = await alice
        .get('/api/job-tasks')
        .query({ ...query, cursor: first.body.nextCursor })
        .expect(200);
      expect(titles(second.body)).toEqual(['Charlie archive', 'delta deleted']);
      expect(second.body).toMatchObject({ total: 5, nextCursor: null });
      const exact = await alice
        .get('/api/job-tasks')
        .query({ tags: tag, includeDeleted: 'true', limit: '5' })
        .expect(200);
      expect(exact.body.nextCursor).toBeNull();
      expect(exact.body.items).toHaveLength(5);
    });

    it('refuses a cursor it did not hand out, and a cursor with an offset (400)', async () => {
      for (const cursor of [
        'not a cursor',
        'eyJ4IjoxfQ',
        Buffer.from('["a",0]').toString('base64url'),
        'x'.repeat(1001),
      ]) {
        const res = await alice.get('/api/job-tasks').query({ cursor }).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/cursor/);
      }
      const first = await alice.get('/api/job-tasks').query({ limit: '1' }).expect(200);
      await alice.get('/api/job-tasks').query({ cursor: first.body.nextCursor, offset: '1' }).expect(400);
    });

    it('keeps the unfiltered total exact through create, soft delete, restore and permanent delete', async () => {
      const live = async () => (await alice.get('/api/job-tasks').query({ limit: '0' }).expect(200)).body.total;
      const all = async () =>
        (await alice.get('/api/job-tasks').query({ limit: '0', includeDeleted: 'true' }).expect(200)).body.total;
      const counted = async () => {
        const { rows } = await t.db.query(
          'SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*)::int AS all FROM job_tasks',
        );
        return rows[0];
      };
      expect({ live: await live(), all: await all() }).toEqual(await counted());
      const task = await createTask(alice, {});
      expect({ live: await live(), all: await all() }).toEqual(await counted());
      await holdLock(t, 'JobTask', task.id, 'alice');
      await alice.delete(`/api/job-tasks/${task.id}`).set('X-Client-Id', TAB).expect(200);
      expect({ live: await live(), all: await all() }).toEqual(await counted());
      await releaseLocks(t);
      await admin.post(`/api/job-tasks/${task.id}/restore`).set('X-Client-Id', TAB).expect(200);
      expect({ live: await live(), all: await all() }).toEqual(await counted());
      await admin.delete(`/api/job-tasks/${task.id}/permanent`).set('X-Client-Id', TAB).expect(204);
      expect({ live: await live(), all: await all() }).toEqual(await counted());
    });
  });
});
