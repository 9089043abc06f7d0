import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SchemaObject } from '@nestjs/swagger';
import {
  ERROR_CODES,
  ERROR_PARAMS,
  ERROR_STATUS,
  JOB_DESCRIPTION_ARCHIVE_PATH,
  type ErrorCode,
  type ErrorParams,
} from '@tdgen/contracts';
import request from 'supertest';
import { openApiDocument } from '../src/bootstrap';
import { StreamHub } from '../src/events/stream-hub';
import { DEEP_JSON } from './support/openapi-sweep';
import { expectApiError, type DeepPartial } from './support/api-errors';
import { startTestApp, type TestApp } from './support/test-app';
import { createDescription, createTask, holdLock, TAB, type Agent } from './fixtures/domain';

/**
 * Codes this file does not provoke, and where they are asserted instead: the fallbacks are
 * exercised by the filter's unit test, the rest need an app started differently.
 */
const ASSERTED_ELSEWHERE: Partial<Record<ErrorCode, string>> = {
  DATABASE_UNAVAILABLE: 'database-outage.spec.ts',
  TOO_MANY_STREAMS: 'events-stream.spec.ts',
  PASSWORD_LOGIN_DISABLED: 'sso.spec.ts (LOCAL_LOGIN=false)',
  LOGOUT_TOKEN_INVALID: 'sso.spec.ts',
  CONFLICT: 'src/common/http-exception.filter.spec.ts (a unique violation no check names)',
  BAD_REQUEST: 'src/common/http-exception.filter.spec.ts',
  INTERNAL: 'src/common/http-exception.filter.spec.ts',
  // The lock negotiation's codes (docs/product.md § Locks):
  STALE_LOCK: 'lock-negotiation.spec.ts',
  LOCK_OFFERED: 'lock-negotiation.spec.ts',
  RECORD_FREE: 'lock-negotiation.spec.ts',
  OWN_LOCK: 'lock-negotiation.spec.ts',
  HANDOVER_PENDING: 'lock-negotiation.spec.ts',
  NO_HANDOVER_REQUEST: 'lock-negotiation.spec.ts',
  OFFERED_TO_YOU: 'lock-negotiation.spec.ts',
};

/**
 * docs/product.md § Errors: every error path answers with its code of libs/contracts and the
 * parameters a client needs to word it — the record, the holder, the limit, the failing fields.
 */
describe('error codes on the wire (docs/product.md § Errors)', () => {
  let t: TestApp;
  let admin: Agent;
  let alice: Agent;
  let bob: Agent;
  const asserted = new Set<ErrorCode>();

  beforeAll(async () => {
    t = await startTestApp({ MAX_TASKS_PER_DESCRIPTION: '2', LOGIN_RATE_LIMIT: '2' });
    [admin, alice, bob] = await Promise.all([t.agent('admin'), t.agent('alice'), t.agent('bob')]);
  });
  afterAll(() => t.close());

  function expectCode<C extends ErrorCode>(
    res: { status: number; body: unknown },
    code: C,
    params: DeepPartial<ErrorParams[C]> = {} as DeepPartial<ErrorParams[C]>,
  ): void {
    expectApiError(res, code, params);
    asserted.add(code);
  }

  const send = (agent: Agent, method: 'post' | 'patch' | 'delete' | 'get', url: string, body?: object) => {
    const req = agent[method](url).set('X-Client-Id', TAB);
    return body === undefined ? req : req.send(body);
  };

  describe('400', () => {
    it('VALIDATION_FAILED names each failing field with its rules', async () => {
      const res = await send(admin, 'post', '/api/job-tasks', { title: 42, colour: 'red' });
      expectCode(res, 'VALIDATION_FAILED');
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          { field: 'title', rules: expect.arrayContaining(['isString']) },
          { field: 'colour', rules: ['whitelistValidation'] },
        ]),
      );
      const nested = await send(admin, 'post', '/api/job-descriptions', {
        title: 'Nested',
        frameworkData: { education: 5 },
      });
      expectCode(nested, 'VALIDATION_FAILED');
      expect(nested.body.fields).toEqual([
        { field: 'frameworkData.education', rules: expect.arrayContaining(['isString']) },
      ]);
      const id = await admin.get('/api/job-tasks/1e3');
      expectCode(id, 'VALIDATION_FAILED', { fields: [{ field: 'id', rules: ['isPositiveInt'] }] });
      const header = await admin.post('/api/job-tasks').set('X-Client-Id', 'tab 1!').send({ title: 'Fine' });
      expectCode(header, 'VALIDATION_FAILED', { fields: [{ field: 'X-Client-Id', rules: ['clientId'] }] });
      const beacon = await admin
        .post('/api/locks/release')
        .set('Content-Type', 'text/plain')
        .send('{"entityType":"X"}');
      expectCode(beacon, 'VALIDATION_FAILED');
      expect(beacon.body.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['entityType', 'entityId', 'clientId']),
      );
    });

    it('MALFORMED_BODY says why the body cannot be read', async () => {
      const syntax = await admin
        .post('/api/job-tasks')
        .set('X-Client-Id', TAB)
        .set('Content-Type', 'application/json')
        .send('{"title": ');
      expectCode(syntax, 'MALFORMED_BODY', { reason: 'syntax' });
      const deep = await request(t.baseUrl)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(DEEP_JSON);
      expectCode(deep, 'MALFORMED_BODY', { reason: 'too-deep', maxDepth: 32 });
      const beacon = await admin.post('/api/locks/release').set('Content-Type', 'text/plain').send('not json');
      expectCode(beacon, 'MALFORMED_BODY', { reason: 'syntax' });
      const array = await admin.post('/api/locks/release').set('Content-Type', 'text/plain').send('[1]');
      expectCode(array, 'MALFORMED_BODY', { reason: 'not-an-object' });
    });

    it('INDEX_OUT_OF_RANGE, SHARES_INVALID and TEXT_TOO_LONG carry the numbers that broke the rule', async () => {
      const [one, two] = [await createTask(admin), await createTask(admin)];
      const description = await createDescription(admin);
      await holdLock(t, 'JobDescription', description.id, 'admin');
      const add = (jobTaskId: number, index?: number) =>
        send(admin, 'post', '/api/job-description-tasks', { jobDescriptionId: description.id, jobTaskId, index });
      expectCode(await add(one.id, 3), 'INDEX_OUT_OF_RANGE', { index: 3, max: 0 });
      expect((await add(one.id)).status).toBe(201);
      const move = await send(admin, 'patch', `/api/job-description-tasks/${description.id}/${one.id}`, { index: 1 });
      expectCode(move, 'INDEX_OUT_OF_RANGE', { index: 1, max: 0 });
      expect((await add(two.id)).status).toBe(201);
      const pct = (percentages: { jobTaskId: number; percentage: number }[]) =>
        send(admin, 'patch', `/api/job-descriptions/${description.id}/percentages`, { percentages });
      expectCode(
        await pct([
          { jobTaskId: one.id, percentage: 50 },
          { jobTaskId: two.id, percentage: 45 },
        ]),
        'SHARES_INVALID',
        { rule: 'sum', sum: 95 },
      );
      expectCode(
        await pct([
          { jobTaskId: one.id, percentage: 52 },
          { jobTaskId: two.id, percentage: 48 },
        ]),
        'SHARES_INVALID',
        { rule: 'step', value: 52 },
      );
      expectCode(
        await pct([
          { jobTaskId: one.id, percentage: 50 },
          { jobTaskId: one.id, percentage: 50 },
        ]),
        'SHARES_INVALID',
        { rule: 'duplicate', jobTaskId: one.id },
      );
      expectCode(await pct([{ jobTaskId: one.id, percentage: 100 }]), 'SHARES_INVALID', {
        rule: 'missing',
        jobTaskIds: [two.id],
      });
      const text = await send(admin, 'post', '/api/job-tasks', { title: 'Ampersands', text: '&'.repeat(20_000) });
      expectCode(text, 'TEXT_TOO_LONG', { field: 'text', max: 20_000, length: 100_000 });
    });
  });

  describe('401 and 403', () => {
    it('UNAUTHENTICATED without a session, INVALID_CREDENTIALS for a wrong password, then RATE_LIMITED', async () => {
      expectCode(await request(t.baseUrl).get('/api/job-tasks'), 'UNAUTHENTICATED');
      const login = () =>
        request(t.baseUrl).post('/api/auth/login').send({ username: 'nobody', password: 'wrong-pass' });
      expectCode(await login(), 'INVALID_CREDENTIALS');
      expectCode(await login(), 'INVALID_CREDENTIALS');
      const limited = await login();
      expectCode(limited, 'RATE_LIMITED');
      expect(limited.body.retryAfterS).toBeGreaterThan(0);
      expect(limited.headers['retry-after']).toBe(String(limited.body.retryAfterS));
    });

    it('FORBIDDEN for an admin route, RECORD_READ_ONLY naming the record, ADMIN_FIELD naming the field', async () => {
      expectCode(await alice.get('/api/users'), 'FORBIDDEN');
      const readOnly = await createTask(admin, { readOnlyForEditors: true });
      const acquire = await alice
        .post('/api/locks/acquire')
        .send({ entityType: 'JobTask', entityId: readOnly.id, clientId: TAB });
      expectCode(acquire, 'RECORD_READ_ONLY', { record: { entityType: 'JobTask', id: readOnly.id } });
      expectCode(await send(alice, 'post', '/api/job-tasks', { title: 'Paid', payGroup: 3 }), 'ADMIN_FIELD', {
        field: 'payGroup',
      });
      const flagged = await send(alice, 'post', '/api/job-descriptions', {
        title: 'Flagged',
        readOnlyForEditors: true,
      });
      expectCode(flagged, 'ADMIN_FIELD', { field: 'readOnlyForEditors' });
    });

    it('CROSS_SITE_REQUEST for a mutation from another site', async () => {
      const res = await admin
        .post('/api/job-tasks')
        .set('X-Client-Id', TAB)
        .set('Origin', 'https://evil.example')
        .send({ title: 'Forged' });
      expectCode(res, 'CROSS_SITE_REQUEST');
    });
  });

  describe('404', () => {
    it('NOT_FOUND lists the unknown records (none for an unknown route)', async () => {
      expectCode(await admin.get('/api/job-tasks/999999'), 'NOT_FOUND', {
        records: [{ entityType: 'JobTask', id: 999999 }],
      });
      expectCode(await admin.patch('/api/users/999999').send({ displayName: 'X' }), 'NOT_FOUND', {
        records: [{ entityType: 'User', id: 999999 }],
      });
      const live = await createDescription(admin);
      const archive = await admin.get(`/api/${JOB_DESCRIPTION_ARCHIVE_PATH}?ids=${live.id},999998,999999`);
      expectCode(archive, 'NOT_FOUND', {
        records: [
          { entityType: 'JobDescription', id: 999998 },
          { entityType: 'JobDescription', id: 999999 },
        ],
      });
      expectCode(await admin.get('/api/no-such-route'), 'NOT_FOUND', { records: [] });
    });

    it('TASK_NOT_IN_DESCRIPTION, NO_DESCRIPTIONS_WITH_TAG and NOT_LOCKED name what was missing', async () => {
      const task = await createTask(admin);
      const description = await createDescription(admin);
      await holdLock(t, 'JobDescription', description.id, 'admin');
      const move = await send(admin, 'patch', `/api/job-description-tasks/${description.id}/${task.id}`, { index: 0 });
      expectCode(move, 'TASK_NOT_IN_DESCRIPTION', { jobDescriptionId: description.id, jobTaskId: task.id });
      const tagged = await admin.get(`/api/${JOB_DESCRIPTION_ARCHIVE_PATH}?tag=nobody-has-this`);
      expectCode(tagged, 'NO_DESCRIPTIONS_WITH_TAG', { tag: 'nobody-has-this' });
      const unlocked = await admin.post('/api/locks/break').send({ entityType: 'JobTask', entityId: task.id });
      expectCode(unlocked, 'NOT_LOCKED', { record: { entityType: 'JobTask', id: task.id } });
    });
  });

  describe('409', () => {
    it('TITLE_TAKEN names the record holding the title and whether it is deleted', async () => {
      const holder = await createTask(admin);
      const taken = await send(bob, 'post', '/api/job-tasks', { title: ` ${holder.title.toUpperCase()} ` });
      expectCode(taken, 'TITLE_TAKEN', {
        record: { entityType: 'JobTask', id: holder.id },
        title: holder.title,
        isDeleted: false,
      });
      await holdLock(t, 'JobTask', holder.id, 'admin');
      expect((await send(admin, 'delete', `/api/job-tasks/${holder.id}`)).status).toBe(200);
      const deleted = await send(bob, 'post', '/api/job-tasks', { title: holder.title });
      expectCode(deleted, 'TITLE_TAKEN', { record: { entityType: 'JobTask', id: holder.id }, isDeleted: true });
    });

    it('RECORD_DELETED and RECORD_NOT_DELETED name the record', async () => {
      const task = await createTask(admin);
      await holdLock(t, 'JobTask', task.id, 'admin');
      expectCode(await send(admin, 'post', `/api/job-tasks/${task.id}/restore`), 'RECORD_NOT_DELETED', {
        record: { entityType: 'JobTask', id: task.id },
      });
      expect((await send(admin, 'delete', `/api/job-tasks/${task.id}`)).status).toBe(200);
      expectCode(await send(admin, 'patch', `/api/job-tasks/${task.id}`, { title: 'Changed' }), 'RECORD_DELETED', {
        record: { entityType: 'JobTask', id: task.id },
      });
      const description = await createDescription(admin);
      await holdLock(t, 'JobDescription', description.id, 'admin');
      const add = await send(admin, 'post', '/api/job-description-tasks', {
        jobDescriptionId: description.id,
        jobTaskId: task.id,
      });
      expectCode(add, 'RECORD_DELETED', { record: { entityType: 'JobTask', id: task.id } });
    });

    it('TASK_ALREADY_IN_DESCRIPTION and MAX_TASKS carry the description and the limit', async () => {
      const tasks = [await createTask(admin), await createTask(admin), await createTask(admin)];
      const description = await createDescription(admin);
      await holdLock(t, 'JobDescription', description.id, 'admin');
      const add = (jobTaskId: number) =>
        send(admin, 'post', '/api/job-description-tasks', { jobDescriptionId: description.id, jobTaskId });
      expect((await add(tasks[0].id)).status).toBe(201);
      expectCode(await add(tasks[0].id), 'TASK_ALREADY_IN_DESCRIPTION', {
        jobDescriptionId: description.id,
        jobTaskId: tasks[0].id,
      });
      expect((await add(tasks[1].id)).status).toBe(201);
      expectCode(await add(tasks[2].id), 'MAX_TASKS', { jobDescriptionId: description.id, limit: 2 });
    });

    it('USERNAME_TAKEN and OWN_ACCOUNT for user management', async () => {
      const user = { username: 'alice', displayName: 'Another Alice', role: 'EDITOR', password: 'long-enough-pass' };
      expectCode(await admin.post('/api/users').send(user), 'USERNAME_TAKEN', { username: 'alice' });
      expectCode(await admin.patch(`/api/users/${t.users.admin.id}`).send({ disabled: true }), 'OWN_ACCOUNT');
    });
  });

  describe('413 and 415', () => {
    it('PAYLOAD_TOO_LARGE with the limit, UNSUPPORTED_MEDIA_TYPE for an unknown charset', async () => {
      const large = await send(admin, 'post', '/api/job-tasks', { title: 'x', text: 'x'.repeat(300_000) });
      expectCode(large, 'PAYLOAD_TOO_LARGE', { limitBytes: 256 * 1024 });
      const charset = await admin
        .post('/api/job-tasks')
        .set('X-Client-Id', TAB)
        .set('Content-Type', 'application/json; charset=ebcdic')
        .send('{"title":"x"}');
      expectCode(charset, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('423 and 428', () => {
    it('LOCK_REQUIRED names the record; LOCKED the lock, its holder, the record asked for and whether it is the own tab', async () => {
      const task = await createTask(admin);
      const patch = (agent: Agent, tab = TAB) =>
        agent.patch(`/api/job-tasks/${task.id}`).set('X-Client-Id', tab).send({ title: 'Changed title' });
      expectCode(await patch(alice), 'LOCK_REQUIRED', { record: { entityType: 'JobTask', id: task.id } });
      await holdLock(t, 'JobTask', task.id, 'alice');
      expectCode(await patch(bob), 'LOCKED', {
        lock: {
          entityType: 'JobTask',
          entityId: task.id,
          holder: { id: t.users.alice.id, displayName: 'Alice Editor' },
        },
        heldBySelfElsewhere: false,
        record: { entityType: 'JobTask', id: task.id },
      });
      expectCode(await patch(alice, 'tab-2'), 'LOCKED', { heldBySelfElsewhere: true });
    });

    it('LOCKED on a permanent delete names the task asked for and the description whose lock is in the way', async () => {
      const task = await createTask(admin);
      const description = await createDescription(admin);
      await holdLock(t, 'JobDescription', description.id, 'admin');
      await send(admin, 'post', '/api/job-description-tasks', { jobDescriptionId: description.id, jobTaskId: task.id });
      await holdLock(t, 'JobDescription', description.id, 'bob');
      const res = await send(admin, 'delete', `/api/job-tasks/${task.id}/permanent`);
      expectCode(res, 'LOCKED', {
        lock: { entityType: 'JobDescription', entityId: description.id, holder: { displayName: 'Bob Editor' } },
        record: { entityType: 'JobTask', id: task.id },
      });
    });
  });

  it('documents every code and parameter in the OpenAPI error schema, and each error response by its status’s codes', () => {
    const doc = openApiDocument(t.app);
    const schemas = doc.components?.schemas as Record<string, SchemaObject>;
    const base = schemas['ApiError'];
    expect((base.properties?.['code'] as SchemaObject).enum).toEqual(ERROR_CODES);
    const params = ERROR_CODES.flatMap((code) => [...ERROR_PARAMS[code]]);
    expect(params.filter((name) => !base.properties?.[name])).toEqual([]);
    const codesOf = (ref: string) => {
      const schema = schemas[ref.split('/').pop() as string];
      return ((schema.allOf?.[1] as SchemaObject | undefined)?.properties?.['code'] as SchemaObject | undefined)?.enum;
    };
    const refs = Object.values(doc.paths).flatMap((item) =>
      [item.get, item.post, item.patch, item.delete].flatMap((op) =>
        Object.entries(op?.responses ?? {})
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]) => ({
            status: Number(status),
            ref: (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.[
              'application/json'
            ]?.schema?.$ref,
          })),
      ),
    );
    expect(refs.length).toBeGreaterThan(50);
    for (const { status, ref } of refs) {
      expect(ref).toBe(`#/components/schemas/ApiError${status}`);
      expect(codesOf(ref as string)).toEqual(ERROR_CODES.filter((code) => ERROR_STATUS[code] === status));
    }
    expect(codesOf('ApiError423')).toEqual(['LOCKED', 'STALE_LOCK', 'LOCK_OFFERED']);
  });

  it('SHUTTING_DOWN for a stream opened while the server shuts down', async () => {
    await t.app.get(StreamHub).beforeApplicationShutdown();
    expectCode(await alice.get('/api/events/stream?clientId=tab-late'), 'SHUTTING_DOWN');
  });

  it('asserts every code of libs/contracts here or names the test that does', () => {
    const missing = ERROR_CODES.filter((code) => !asserted.has(code) && !ASSERTED_ELSEWHERE[code]);
    expect(missing).toEqual([]);
    expect(Object.keys(ASSERTED_ELSEWHERE).filter((code) => asserted.has(code as ErrorCode))).toEqual([]);
  });
});
