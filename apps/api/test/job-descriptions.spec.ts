import { beforeAll, describe, expect, it } from '@jest/globals';
import { FRAMEWORK_FIELD_LIMITS, type JobDescriptionDto } from '@tdgen/contracts';
import { JOB_DESCRIPTION_INCLUDE, toJobDescriptionDto } from '../src/catalogue/job-description.mapper';
import { PrismaService } from '../src/prisma/prisma.service';
import type { TestApp } from './support/test-app';
import {
  addTask,
  type CapturedEvents,
  createDescription,
  createTask,
  databaseFingerprint,
  holdLock,
  releaseLocks,
  TAB,
  useDomainSuite,
  type Agent,
} from './fixtures/domain';

const EMPTY_FRAMEWORK = {
  taskSummary: null,
  reportsTo: null,
  directReports: null,
  deputyFor: null,
  deputizedBy: null,
  authorities: null,
  education: null,
  otherSkills: null,
};

describe('job descriptions (docs/product.md § Job descriptions, § Framework data)', () => {
  const suite = useDomainSuite();
  let t: TestApp;
  let admin: Agent;
  let alice: Agent;
  let bob: Agent;
  let captured: CapturedEvents;
  beforeAll(() => {
    ({ t, admin, alice, bob, captured } = suite);
  });

  it('creates a description (201) with framework data, tags and no tasks', async () => {
    const res = await alice
      .post('/api/job-descriptions')
      .set('X-Client-Id', TAB)
      .send({
        title: '  Payroll clerk ',
        tags: ['Finance', 'finance', 'HR'],
        frameworkData: { taskSummary: 'Pays people', education: '', reportsTo: null },
      })
      .expect(201);
    const d = res.body as JobDescriptionDto;
    expect(d).toMatchObject({
      title: 'Payroll clerk',
      tags: ['Finance', 'HR'],
      readOnlyForEditors: false,
      frameworkData: { ...EMPTY_FRAMEWORK, taskSummary: 'Pays people' },
      tasks: [],
      taskCount: 0,
      weightedPayGroup: null,
      createdBy: { id: t.users.alice.id, displayName: 'Alice Editor' },
      deletedAt: null,
    });
    expect(captured.events.map((e) => [e.type, e.clientId])).toEqual([['job-description:created', TAB]]);
    expect(captured.events[0].data).toEqual(d);
    expect((await bob.get(`/api/job-descriptions/${d.id}`).expect(200)).body).toEqual(d);
  });

  it('returns tasks in order with percentage, the task, taskCount and the weighted pay group', async () => {
    const d = await createDescription(admin);
    const t1 = await createTask(admin, { payGroup: 10 });
    const t2 = await createTask(admin, { payGroup: 5 });
    const t3 = await createTask(admin);
    await holdLock(t, 'JobDescription', d.id, 'admin');
    await addTask(admin, d.id, t1.id);
    await addTask(admin, d.id, t2.id);
    const full = await addTask(admin, d.id, t3.id, 0);
    expect(full.tasks.map((x) => [x.jobTaskId, x.order, x.percentage])).toEqual([
      [t3.id, 0, 35],
      [t1.id, 1, 35],
      [t2.id, 2, 30],
    ]);
    expect(full.tasks[1].task).toMatchObject({ id: t1.id, title: t1.title, payGroup: 10 });
    expect(full.taskCount).toBe(3);
    // (10 × 35 + 5 × 30) / (35 + 30) = 7.69…; the task without a pay group does not count
    expect(full.weightedPayGroup).toBe(7.69);
  });

  it('updates title and tags by the lock holder; no-op leaves updatedAt alone and sends no event', async () => {
    const d = await createDescription(alice, { tags: ['one'] });
    await holdLock(t, 'JobDescription', d.id, 'bob');
    captured.clear();
    const same = await bob
      .patch(`/api/job-descriptions/${d.id}`)
      .set('X-Client-Id', TAB)
      .send({ title: d.title, tags: ['ONE'] })
      .expect(200);
    expect(same.body.updatedAt).toBe(d.updatedAt);
    expect(captured.events).toHaveLength(0);
    const res = await bob
      .patch(`/api/job-descriptions/${d.id}`)
      .set('X-Client-Id', TAB)
      .send({ title: 'Renamed description', tags: ['two', 'three'] })
      .expect(200);
    expect(res.body).toMatchObject({
      title: 'Renamed description',
      tags: ['three', 'two'],
      updatedBy: { id: t.users.bob.id, displayName: 'Bob Editor' },
    });
    expect(captured.events.map((e) => e.type)).toEqual(['job-description:updated']);
    expect(captured.events[0].data).toEqual(res.body);
  });

  it('refuses duplicate titles (409), also against a soft-deleted description, and names the holder', async () => {
    const d = await createDescription(alice, { title: 'Team Lead' });
    const dup = await bob
      .post('/api/job-descriptions')
      .set('X-Client-Id', TAB)
      .send({ title: 'team lead' })
      .expect(409);
    expect(dup.body.message).toContain(`job description ${d.id}`);
    await holdLock(t, 'JobDescription', d.id, 'alice');
    await alice.delete(`/api/job-descriptions/${d.id}`).set('X-Client-Id', TAB).expect(200);
    const dupDeleted = await bob
      .post('/api/job-descriptions')
      .set('X-Client-Id', TAB)
      .send({ title: ' TEAM LEAD ' })
      .expect(409);
    expect(dupDeleted.body.message).toMatch(/Team Lead.*deleted/);
    await bob.get('/api/job-descriptions/exists').query({ title: 'team lead' }).expect(200, {
      exists: true,
      id: d.id,
      deleted: true,
    });
  });

  it('patches framework data: only the fields sent, empty string clears, limits enforced', async () => {
    const d = await createDescription(alice, { frameworkData: { reportsTo: 'Head of HR', education: 'MSc' } });
    await holdLock(t, 'JobDescription', d.id, 'alice');
    captured.clear();
    const res = await alice
      .patch(`/api/job-descriptions/${d.id}/framework-data`)
      .set('X-Client-Id', TAB)
      .send({ reportsTo: '', otherSkills: 'Excel\nGerman', deputyFor: '   ' })
      .expect(200);
    expect(res.body.frameworkData).toEqual({ ...EMPTY_FRAMEWORK, education: 'MSc', otherSkills: 'Excel\nGerman' });
    expect(res.body.updatedBy.id).toBe(t.users.alice.id);
    expect(captured.events.map((e) => e.type)).toEqual(['job-description:updated']);
    for (const [field, max] of Object.entries(FRAMEWORK_FIELD_LIMITS)) {
      await alice
        .patch(`/api/job-descriptions/${d.id}/framework-data`)
        .set('X-Client-Id', TAB)
        .send({ [field]: 'x'.repeat(max) })
        .expect(200);
      const tooLong = await alice
        .patch(`/api/job-descriptions/${d.id}/framework-data`)
        .set('X-Client-Id', TAB)
        .send({ [field]: 'x'.repeat(max + 1) })
        .expect(400);
      expect(String(tooLong.body.message)).toContain(field);
    }
    await alice
      .patch(`/api/job-descriptions/${d.id}/framework-data`)
      .set('X-Client-Id', TAB)
      .send({ salary: 'no such field' })
      .expect(400);
  });

  it('soft-deletes (associations kept, no changes afterwards), restores (admin) and 409s a live restore', async () => {
    const d = await createDescription(alice);
    const task = await createTask(alice);
    await holdLock(t, 'JobDescription', d.id, 'alice');
    await addTask(alice, d.id, task.id);
    const other = await createTask(alice);
    captured.clear();
    const deleted = await alice.delete(`/api/job-descriptions/${d.id}`).set('X-Client-Id', TAB).expect(200);
    expect(deleted.body).toMatchObject({ deletedBy: { id: t.users.alice.id }, taskCount: 1 });
    await alice.patch(`/api/job-descriptions/${d.id}`).set('X-Client-Id', TAB).send({ title: 'x y' }).expect(409);
    await alice
      .patch(`/api/job-descriptions/${d.id}/framework-data`)
      .set('X-Client-Id', TAB)
      .send({ education: 'x' })
      .expect(409);
    await alice
      .post('/api/job-description-tasks')
      .set('X-Client-Id', TAB)
      .send({ jobDescriptionId: d.id, jobTaskId: other.id })
      .expect(409);
    await alice.delete(`/api/job-description-tasks/${d.id}/${task.id}`).set('X-Client-Id', TAB).expect(409);
    await alice.post(`/api/job-descriptions/${d.id}/restore`).set('X-Client-Id', TAB).expect(403);
    await releaseLocks(t);
    const restored = await admin.post(`/api/job-descriptions/${d.id}/restore`).set('X-Client-Id', TAB).expect(200);
    expect(restored.body).toMatchObject({ deletedAt: null, deletedBy: null, taskCount: 1 });
    await admin.post(`/api/job-descriptions/${d.id}/restore`).set('X-Client-Id', TAB).expect(409);
    expect(captured.events.map((e) => e.type)).toEqual(['job-description:deleted', 'job-description:restored']);
  });

  it('permanently deletes (admin, 204) with associations and tags; the tasks stay', async () => {
    const d = await createDescription(admin, { tags: ['gone'] });
    const task = await createTask(admin);
    await holdLock(t, 'JobDescription', d.id, 'admin');
    await addTask(admin, d.id, task.id);
    await holdLock(t, 'JobDescription', d.id, 'bob');
    await admin.delete(`/api/job-descriptions/${d.id}/permanent`).set('X-Client-Id', TAB).expect(423);
    await bob.delete(`/api/job-descriptions/${d.id}/permanent`).set('X-Client-Id', TAB).expect(403);
    await releaseLocks(t);
    captured.clear();
    await admin.delete(`/api/job-descriptions/${d.id}/permanent`).set('X-Client-Id', TAB).expect(204);
    await admin.get(`/api/job-descriptions/${d.id}`).expect(404);
    await admin.get(`/api/job-tasks/${task.id}`).expect(200);
    const { rows } = await t.db.query(
      'SELECT (SELECT count(*) FROM job_description_tasks WHERE job_description_id = $1)::int AS a, (SELECT count(*) FROM job_description_tags WHERE job_description_id = $1)::int AS b',
      [d.id],
    );
    expect(rows[0]).toEqual({ a: 0, b: 0 });
    expect(captured.events.map((e) => [e.type, e.data])).toEqual([['job-description:permanent-deleted', { id: d.id }]]);
    await admin.delete(`/api/job-descriptions/${d.id}/permanent`).set('X-Client-Id', TAB).expect(404);
  });

  it('PATCH percentages: valid list applies with one event; an invalid one is 400 and writes nothing', async () => {
    const d = await createDescription(alice);
    const [a, b] = [await createTask(alice), await createTask(alice)];
    await holdLock(t, 'JobDescription', d.id, 'alice');
    await addTask(alice, d.id, a.id);
    await addTask(alice, d.id, b.id);
    captured.clear();
    const res = await alice
      .patch(`/api/job-descriptions/${d.id}/percentages`)
      .set('X-Client-Id', TAB)
      .send({
        percentages: [
          { jobTaskId: b.id, percentage: 70 },
          { jobTaskId: a.id, percentage: 30 },
        ],
      })
      .expect(200);
    expect(res.body.tasks.map((x: { percentage: number }) => x.percentage)).toEqual([30, 70]);
    expect(captured.events).toHaveLength(1);
    expect(captured.events[0]).toMatchObject({
      type: 'job-description-task:percentage-changed',
      data: { jobDescriptionId: d.id, jobTaskId: a.id, jobDescription: res.body },
    });
    const before = await databaseFingerprint(t);
    const bad = await alice
      .patch(`/api/job-descriptions/${d.id}/percentages`)
      .set('X-Client-Id', TAB)
      .send({
        percentages: [
          { jobTaskId: a.id, percentage: 55 },
          { jobTaskId: b.id, percentage: 50 },
        ],
      })
      .expect(400);
    expect(bad.body.message).toMatch(/add up to 100/);
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  describe('list (docs/product.md § Job descriptions)', () => {
    const tag = 'desc-list';
    let ids: Record<string, number>;

    beforeAll(async () => {
      const t7 = await createTask(admin, { payGroup: 7 });
      const made = {
        bravo: await createDescription(admin, { title: 'bravo office', tags: [tag, 'IT'] }),
        alpha: await createDescription(alice, {
          title: 'Alpha desk',
          tags: [tag],
          frameworkData: { otherSkills: 'Forklift licence' },
        }),
        charlie: await createDescription(admin, { title: 'Charlie lab', tags: [tag], readOnlyForEditors: true }),
        zulu: await createDescription(bob, { title: 'zulu gone', tags: [tag] }),
      };
      ids = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.id]));
      await holdLock(t, 'JobDescription', ids['bravo'], 'admin');
      await addTask(admin, ids['bravo'], t7.id);
      await holdLock(t, 'JobDescription', ids['zulu'], 'bob');
      await bob.delete(`/api/job-descriptions/${ids['zulu']}`).set('X-Client-Id', TAB).expect(200);
      await t.db.query(`UPDATE job_descriptions SET created_at = '2023-06-01T00:00:00Z' WHERE id = $1`, [ids['alpha']]);
    });

    const titles = (body: { items: JobDescriptionDto[] }) => body.items.map((x) => x.title);
    const list = (query: Record<string, string>) =>
      alice
        .get('/api/job-descriptions')
        .query({ tags: tag, ...query })
        .expect(200);

    it('sorts by title case-insensitively with total, pagination and includeDeleted', async () => {
      const all = await list({});
      expect(titles(all.body)).toEqual(['Alpha desk', 'bravo office', 'Charlie lab']);
      expect(all.body.total).toBe(3);
      const page = await list({ includeDeleted: 'true', limit: '2', offset: '2' });
      expect(titles(page.body)).toEqual(['Charlie lab', 'zulu gone']);
      expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(page.body.items[1].deletedAt).not.toBeNull();
    });

    it('filters by free text (title, tags, framework data), tags, pay group, flag, creator and dates', async () => {
      expect(titles((await list({ q: 'forklift' })).body)).toEqual(['Alpha desk']);
      expect(titles((await list({ q: 'it' })).body)).toEqual(['bravo office']);
      expect(titles((await list({ tags: `${tag},it` })).body)).toEqual(['bravo office']);
      expect(titles((await list({ payGroup: '7' })).body)).toEqual(['bravo office']);
      expect(titles((await list({ readOnlyForEditors: 'true' })).body)).toEqual(['Charlie lab']);
      expect(titles((await list({ createdBy: String(t.users.alice.id) })).body)).toEqual(['Alpha desk']);
      expect(titles((await list({ createdTo: '2023-06-01' })).body)).toEqual(['Alpha desk']);
      expect(titles((await list({ createdFrom: '2023-06-02' })).body)).toEqual(['bravo office', 'Charlie lab']);
    });

    it('pages by keyset cursor, each item as GET /:id answers it, and keeps the unfiltered total exact', async () => {
      const first = await list({ includeDeleted: 'true', limit: '3' });
      expect(titles(first.body)).toEqual(['Alpha desk', 'bravo office', 'Charlie lab']);
      const rest = await list({ includeDeleted: 'true', limit: '3', cursor: first.body.nextCursor });
      expect(titles(rest.body)).toEqual(['zulu gone']);
      expect(rest.body).toMatchObject({ total: 4, nextCursor: null });
      const prisma = t.app.get(PrismaService);
      for (const item of first.body.items as JobDescriptionDto[]) {
        expect(item).toEqual((await alice.get(`/api/job-descriptions/${item.id}`).expect(200)).body);
        const row = await prisma.jobDescription.findUniqueOrThrow({
          where: { id: item.id },
          include: JOB_DESCRIPTION_INCLUDE,
        });
        expect(item).toEqual(toJobDescriptionDto(row));
      }
      const counted = await t.db.query(
        'SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*)::int AS all FROM job_descriptions',
      );
      const live = await alice.get('/api/job-descriptions').query({ limit: '0' }).expect(200);
      const all = await alice.get('/api/job-descriptions').query({ limit: '0', includeDeleted: 'true' }).expect(200);
      expect({ live: live.body.total, all: all.body.total }).toEqual(counted.rows[0]);
    });
  });
});
