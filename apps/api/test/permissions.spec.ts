import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp, type TestUsername } from './support/test-app';
import {
  addTask,
  createDescription,
  createTask,
  databaseFingerprint,
  holdLock,
  releaseLocks,
  TAB,
  type Agent,
} from './fixtures/domain';

type Method = 'get' | 'post' | 'patch' | 'delete';

/** Every endpoint of the three modules (ids are placeholders). */
const ENDPOINTS: [Method, string][] = [
  ['get', '/api/job-tasks'],
  ['get', '/api/job-tasks/exists?title=x'],
  ['get', '/api/job-tasks/1'],
  ['get', '/api/job-tasks/1/usage'],
  ['post', '/api/job-tasks'],
  ['patch', '/api/job-tasks/1'],
  ['delete', '/api/job-tasks/1'],
  ['post', '/api/job-tasks/1/restore'],
  ['delete', '/api/job-tasks/1/permanent'],
  ['get', '/api/job-descriptions'],
  ['get', '/api/job-descriptions/exists?title=x'],
  ['get', '/api/job-descriptions/1'],
  ['post', '/api/job-descriptions'],
  ['patch', '/api/job-descriptions/1'],
  ['patch', '/api/job-descriptions/1/framework-data'],
  ['patch', '/api/job-descriptions/1/percentages'],
  ['delete', '/api/job-descriptions/1'],
  ['post', '/api/job-descriptions/1/restore'],
  ['delete', '/api/job-descriptions/1/permanent'],
  ['post', '/api/job-description-tasks'],
  ['patch', '/api/job-description-tasks/1/1'],
  ['delete', '/api/job-description-tasks/1/1'],
];

describe('permissions and lock guards (docs/product.md § Roles, § Locks)', () => {
  let t: TestApp;
  let agents: Record<TestUsername, Agent>;

  beforeAll(async () => {
    t = await startTestApp();
    const [admin, alice, bob] = await Promise.all([t.agent('admin'), t.agent('alice'), t.agent('bob')]);
    agents = { admin, alice, bob };
  });
  afterAll(() => t.close());
  beforeEach(() => releaseLocks(t));

  const send = (who: TestUsername, method: Method, url: string, body?: object) => {
    const req = agents[who][method](url).set('X-Client-Id', TAB);
    return body ? req.send(body) : req;
  };

  describe('pay group and read-only flag are set by administrators only (docs/product.md § Roles)', () => {
    it.each([
      ['task with a pay group', '/api/job-tasks', { payGroup: 4 }],
      ['read-only task', '/api/job-tasks', { readOnlyForEditors: true }],
      ['read-only description', '/api/job-descriptions', { readOnlyForEditors: true }],
    ])('an editor creating a %s gets 403 and nothing is written; an admin gets 201', async (_, url, extra) => {
      const before = await databaseFingerprint(t);
      const res = await send('alice', 'post', url, { title: `Flagged ${Math.random()}`, ...extra }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(await databaseFingerprint(t)).toEqual(before);
      const created = await send('admin', 'post', url, { title: `Flagged ${Math.random()}`, ...extra }).expect(201);
      expect(created.body).toMatchObject(extra);
    });

    it('lets an editor send the values a record already has (a form posting every field)', async () => {
      const task = await createTask(agents.alice, { payGroup: null, readOnlyForEditors: false });
      const admins = await createTask(agents.admin, { payGroup: 6 });
      await holdLock(t, 'JobTask', admins.id, 'alice');
      const res = await send('alice', 'patch', `/api/job-tasks/${admins.id}`, {
        payGroup: 6,
        text: '<p>more</p>',
      }).expect(200);
      expect(res.body).toMatchObject({ payGroup: 6, text: '<p>more</p>' });
      expect(task.payGroup).toBeNull();
    });

    it('an editor changing the pay group or flag of a task or description gets 403; an admin 200', async () => {
      const task = await createTask(agents.alice);
      const description = await createDescription(agents.alice);
      await holdLock(t, 'JobTask', task.id, 'alice');
      await holdLock(t, 'JobDescription', description.id, 'alice');
      await send('alice', 'patch', `/api/job-tasks/${task.id}`, { payGroup: 3 }).expect(403);
      await send('alice', 'patch', `/api/job-tasks/${task.id}`, { readOnlyForEditors: true }).expect(403);
      await send('alice', 'patch', `/api/job-descriptions/${description.id}`, { readOnlyForEditors: true }).expect(403);
      await holdLock(t, 'JobTask', task.id, 'admin');
      await holdLock(t, 'JobDescription', description.id, 'admin');
      const pay = await send('admin', 'patch', `/api/job-tasks/${task.id}`, { payGroup: 3 }).expect(200);
      expect(pay.body.payGroup).toBe(3);
      const cleared = await send('admin', 'patch', `/api/job-tasks/${task.id}`, { payGroup: null }).expect(200);
      expect(cleared.body.payGroup).toBeNull();
      await send('admin', 'patch', `/api/job-descriptions/${description.id}`, { readOnlyForEditors: true }).expect(200);
    });
  });

  describe('records flagged read-only for editors (docs/product.md § Read-only descriptions)', () => {
    it('an editor can read a read-only task but not change or delete it; an admin can', async () => {
      const task = await createTask(agents.admin, { readOnlyForEditors: true });
      await agents.bob.get(`/api/job-tasks/${task.id}`).expect(200);
      await holdLock(t, 'JobTask', task.id, 'bob');
      const before = await databaseFingerprint(t);
      const res = await send('bob', 'patch', `/api/job-tasks/${task.id}`, { title: 'Bob was here' }).expect(403);
      expect(res.body.message).toMatch(/read-only for editors/);
      await send('bob', 'delete', `/api/job-tasks/${task.id}`).expect(403);
      expect(await databaseFingerprint(t)).toEqual(before);
      await holdLock(t, 'JobTask', task.id, 'admin');
      await send('admin', 'patch', `/api/job-tasks/${task.id}`, { title: `Admin edit ${task.id}` }).expect(200);
      const unflagged = await send('admin', 'patch', `/api/job-tasks/${task.id}`, { readOnlyForEditors: false }).expect(
        200,
      );
      expect(unflagged.body.readOnlyForEditors).toBe(false);
      await holdLock(t, 'JobTask', task.id, 'bob');
      await send('bob', 'patch', `/api/job-tasks/${task.id}`, { title: `Bob edit ${task.id}` }).expect(200);
    });

    it('an editor cannot change a read-only description in any way; an admin can', async () => {
      const description = await createDescription(agents.admin, { readOnlyForEditors: true });
      const [a, b] = [await createTask(agents.admin), await createTask(agents.admin)];
      await holdLock(t, 'JobDescription', description.id, 'admin');
      await addTask(agents.admin, description.id, a.id);
      await holdLock(t, 'JobDescription', description.id, 'bob');
      await agents.bob.get(`/api/job-descriptions/${description.id}`).expect(200);
      const id = description.id;
      const attempts: [Method, string, object?][] = [
        ['patch', `/api/job-descriptions/${id}`, { title: 'Nope' }],
        ['patch', `/api/job-descriptions/${id}/framework-data`, { education: 'Nope' }],
        ['patch', `/api/job-descriptions/${id}/percentages`, { percentages: [{ jobTaskId: a.id, percentage: 100 }] }],
        ['post', '/api/job-description-tasks', { jobDescriptionId: id, jobTaskId: b.id }],
        ['patch', `/api/job-description-tasks/${id}/${a.id}`, { index: 0 }],
        ['delete', `/api/job-description-tasks/${id}/${a.id}`],
        ['delete', `/api/job-descriptions/${id}`],
      ];
      const before = await databaseFingerprint(t);
      for (const [method, url, body] of attempts) {
        const res = await send('bob', method, url, body);
        expect({ method, url, status: res.status }).toEqual({ method, url, status: 403 });
      }
      expect(await databaseFingerprint(t)).toEqual(before);
      await holdLock(t, 'JobDescription', id, 'admin');
      await send('admin', 'post', '/api/job-description-tasks', { jobDescriptionId: id, jobTaskId: b.id }).expect(201);
      await send('admin', 'patch', `/api/job-descriptions/${id}/framework-data`, { education: 'Yes' }).expect(200);
    });
  });

  describe('admin-only endpoints (docs/product.md § Roles, § Deletion and restore)', () => {
    it.each(['job-tasks', 'job-descriptions'])('editors get 403 on %s restore and permanent delete', async (kind) => {
      const record = kind === 'job-tasks' ? await createTask(agents.alice) : await createDescription(agents.alice);
      await holdLock(t, kind === 'job-tasks' ? 'JobTask' : 'JobDescription', record.id, 'alice');
      await send('alice', 'delete', `/api/${kind}/${record.id}`).expect(200);
      await releaseLocks(t);
      await send('alice', 'post', `/api/${kind}/${record.id}/restore`).expect(403);
      await send('bob', 'delete', `/api/${kind}/${record.id}/permanent`).expect(403);
      await agents.alice.get(`/api/${kind}/${record.id}`).expect(200);
      // an admin holding the lock in the same tab is not blocked by it
      await holdLock(t, kind === 'job-tasks' ? 'JobTask' : 'JobDescription', record.id, 'admin');
      await send('admin', 'post', `/api/${kind}/${record.id}/restore`).expect(200);
    });
  });

  describe('lock guards on task and description mutations (docs/product.md § Locks)', () => {
    it.each([
      ['PATCH task', 'JobTask', 'patch', (id: number) => `/api/job-tasks/${id}`, { title: 'Changed' }],
      ['DELETE task', 'JobTask', 'delete', (id: number) => `/api/job-tasks/${id}`, undefined],
      [
        'PATCH description',
        'JobDescription',
        'patch',
        (id: number) => `/api/job-descriptions/${id}`,
        { title: 'Changed' },
      ],
      [
        'PATCH framework data',
        'JobDescription',
        'patch',
        (id: number) => `/api/job-descriptions/${id}/framework-data`,
        { education: 'x' },
      ],
      [
        'PATCH percentages',
        'JobDescription',
        'patch',
        (id: number) => `/api/job-descriptions/${id}/percentages`,
        { percentages: [] },
      ],
      ['DELETE description', 'JobDescription', 'delete', (id: number) => `/api/job-descriptions/${id}`, undefined],
    ] as const)(
      '%s: 428 without a lock, 423 naming the holder of another, 200 with its own',
      async (_, type, method, url, body) => {
        const record = type === 'JobTask' ? await createTask(agents.alice) : await createDescription(agents.alice);
        const path = url(record.id);
        const before = await databaseFingerprint(t);
        const required = await send('alice', method, path, body).expect(428);
        expect(required.body).toMatchObject({ statusCode: 428, error: 'LOCK_REQUIRED' });
        await holdLock(t, type, record.id, 'bob');
        const afterLock = await databaseFingerprint(t);
        const locked = await send('alice', method, path, body).expect(423);
        expect(locked.body).toMatchObject({
          statusCode: 423,
          error: 'LOCKED',
          lock: { entityType: type, entityId: record.id, holder: { id: t.users.bob.id, displayName: 'Bob Editor' } },
        });
        expect(before).not.toEqual(afterLock);
        expect(await databaseFingerprint(t)).toEqual(afterLock);
        await holdLock(t, type, record.id, 'alice', 'second-tab');
        const otherTab = await send('alice', method, path, body).expect(423);
        expect(otherTab.body.heldBySelfElsewhere).toBe(true);
        await holdLock(t, type, record.id, 'alice');
        await send('alice', method, path, body).expect(200);
      },
    );

    it('creating needs no lock but does need the X-Client-Id header', async () => {
      await agents.bob.post('/api/job-descriptions').send({ title: 'No tab header' }).expect(400);
      await send('bob', 'post', '/api/job-descriptions', { title: 'With tab header' }).expect(201);
    });
  });

  it('every endpoint answers 401 without a session', async () => {
    const anonymous = request(t.baseUrl);
    for (const [method, url] of ENDPOINTS) {
      const res = await anonymous[method](url).set('X-Client-Id', TAB).send({});
      expect({ method, url, status: res.status }).toEqual({ method, url, status: 401 });
    }
  });

  it('documents every endpoint in OpenAPI with its error statuses', async () => {
    const docs = (await request(t.baseUrl).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [method, url] of ENDPOINTS) {
      const path = url
        .split('?')[0]
        .replace(/job-description-tasks\/1\/1$/, 'job-description-tasks/{jobDescriptionId}/{jobTaskId}')
        .replace(/\/1(\/|$)/, '/{id}$1');
      const statuses = Object.keys(docs.paths[path]?.[method]?.responses ?? {});
      const isLockedMutation = method !== 'get' && /\{/.test(path) && !/restore|permanent/.test(path);
      const expected = ['401', '400', ...(isLockedMutation ? ['403', '404', '423', '428'] : [])];
      expect({ method, path, statuses }).toEqual({ method, path, statuses: expect.arrayContaining(expected) });
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
    }
  });
});
