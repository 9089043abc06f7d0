import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ErrorCode } from '@tdgen/contracts';
import request from 'supertest';
import { openApiDocument } from '../src/bootstrap';
import { apiErrorProblem, expectApiError } from './support/api-errors';
import { DEEP_JSON, sweepCasesFromOpenApi, type SweepCase } from './support/openapi-sweep';
import { startTestApp, type TestApp } from './support/test-app';
import {
  addTask,
  createDescription,
  createTask,
  databaseFingerprint,
  holdLock,
  TAB,
  type Agent,
} from './fixtures/domain';

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Case {
  name: string;
  method: Method;
  url: string;
  body?: unknown;
  /** Raw body with this content type instead of JSON. */
  raw?: { type: string; data: string };
  headers?: Record<string, string>;
  /** Expected status when it is not 400. */
  status?: number;
  /** Expected code when it is not VALIDATION_FAILED. */
  code?: ErrorCode;
}

const BAD_IDS = [
  '0',
  '-1',
  'abc',
  '1.5',
  '1e3',
  '0x10',
  ' 7',
  '99999999999',
  '2147483648',
  '%00',
  '1;DROP TABLE users',
];
const long = (n: number) => 'x'.repeat(n);

/**
 * docs/product.md § Errors: bad input of any kind gets a 4xx with `{statusCode, error, code, message, ...params}` — a
 * code of libs/contracts with its documented parameters only — never a 500, and writes nothing. Every endpoint of the task, description and association modules is swept.
 */
describe('bad-input sweep over every domain endpoint (docs/product.md § Errors)', () => {
  let t: TestApp;
  let admin: Agent;
  let ids: { task: number; other: number; description: number };
  const cases: Case[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.agent('admin');
    const task = await createTask(admin);
    const other = await createTask(admin);
    const description = await createDescription(admin);
    ids = { task: task.id, other: other.id, description: description.id };
    await holdLock(t, 'JobDescription', description.id, 'admin');
    await holdLock(t, 'JobTask', task.id, 'admin');
    await addTask(admin, description.id, task.id);
    buildCases();
  });
  afterAll(() => t.close());

  function buildCases(): void {
    const { task, other, description } = ids;
    const add = (c: Case) => cases.push(c);

    // Query DTOs of both lists, and the title lookup.
    for (const list of ['/api/job-tasks', '/api/job-descriptions']) {
      const badQueries = [
        'limit=-1',
        'limit=501',
        'limit=abc',
        'limit=1.5',
        'limit=1&limit=2',
        'offset=-5',
        'offset=99999999999',
        'payGroup=0',
        'payGroup=16',
        'payGroup=x',
        'readOnlyForEditors=maybe',
        'includeDeleted=yes',
        'createdBy=abc',
        'createdBy=0',
        'createdBy=99999999999',
        'createdFrom=yesterday',
        'createdFrom=2024-13-45',
        'createdTo=2024-W01',
        'updatedFrom=2024-02-30',
        'updatedTo=2024-01-01T25:00:00Z',
        `q=${long(201)}`,
        'q=%00',
        'q=a&q=b',
        `tags=${long(41)}`,
        'tags=ok,%01',
        'tags[]=x',
        'unknown=1',
        'sort=title',
      ];
      for (const q of badQueries) add({ name: `GET ${list}?${q.slice(0, 40)}`, method: 'get', url: `${list}?${q}` });
      for (const q of ['', 'title=', `title=${long(121)}`, 'title=a%07b', 'title=a&title=b', 'title=ok&x=1']) {
        add({ name: `GET ${list}/exists?${q.slice(0, 40)}`, method: 'get', url: `${list}/exists?${q}` });
      }
    }

    // Every id in every path position.
    const idRoutes: [Method, (id: string) => string, unknown?][] = [
      ['get', (id) => `/api/job-tasks/${id}`],
      ['get', (id) => `/api/job-tasks/${id}/usage`],
      ['patch', (id) => `/api/job-tasks/${id}`, { title: 'Valid title' }],
      ['delete', (id) => `/api/job-tasks/${id}`],
      ['post', (id) => `/api/job-tasks/${id}/restore`],
      ['delete', (id) => `/api/job-tasks/${id}/permanent`],
      ['get', (id) => `/api/job-descriptions/${id}`],
      ['patch', (id) => `/api/job-descriptions/${id}`, { title: 'Valid title' }],
      ['patch', (id) => `/api/job-descriptions/${id}/framework-data`, { education: 'x' }],
      ['patch', (id) => `/api/job-descriptions/${id}/percentages`, { percentages: [] }],
      ['delete', (id) => `/api/job-descriptions/${id}`],
      ['post', (id) => `/api/job-descriptions/${id}/restore`],
      ['delete', (id) => `/api/job-descriptions/${id}/permanent`],
      ['patch', (id) => `/api/job-description-tasks/${id}/${task}`, { index: 0 }],
      ['patch', (id) => `/api/job-description-tasks/${description}/${id}`, { index: 0 }],
      ['delete', (id) => `/api/job-description-tasks/${id}/${task}`],
      ['delete', (id) => `/api/job-description-tasks/${description}/${id}`],
    ];
    for (const [method, url, body] of idRoutes) {
      for (const id of BAD_IDS) {
        add({
          name: `${method.toUpperCase()} ${url(encodeURIComponent(id))}`,
          method,
          url: url(encodeURIComponent(id)),
          body,
        });
      }
    }

    // Bodies shared by the create and update DTOs of tasks.
    const taskBodies: [string, unknown][] = [
      ['title number', { title: 42 }],
      ['title object', { title: { a: 1 } }],
      ['title array', { title: ['a'] }],
      ['title null', { title: null }],
      ['title empty', { title: '' }],
      ['title blank', { title: '    ' }],
      ['title 121 chars', { title: long(121) }],
      ['title control char', { title: 'a\u0007b' }],
      ['title NUL', { title: 'a\u0000b' }],
      ['unknown field', { title: 'Fine', colour: 'red' }],
      ['id column', { title: 'Fine', id: 5 }],
      ['audit column', { title: 'Fine', createdById: 1 }],
      ['deleted column', { title: 'Fine', deletedAt: '2024-01-01T00:00:00Z' }],
      ['title key column', { title: 'Fine', titleKey: 'x' }],
      ['text number', { title: 'Fine', text: 5 }],
      ['text null', { title: 'Fine', text: null }],
      ['text too long', { title: 'Fine', text: long(20_001) }],
      ['text NUL', { title: 'Fine', text: 'a\u0000b' }],
      ['tags string', { title: 'Fine', tags: 'x' }],
      ['tags numbers', { title: 'Fine', tags: [1, 2] }],
      ['tags blank', { title: 'Fine', tags: ['  '] }],
      ['tag 41 chars', { title: 'Fine', tags: [long(41)] }],
      ['tag control char', { title: 'Fine', tags: ['a\nb'] }],
      ['31 tags', { title: 'Fine', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }],
      ['tags null', { title: 'Fine', tags: null }],
      ['tags objects', { title: 'Fine', tags: [{ name: 'x' }] }],
      ['payGroup string', { title: 'Fine', payGroup: '5' }],
      ['payGroup 0', { title: 'Fine', payGroup: 0 }],
      ['payGroup 16', { title: 'Fine', payGroup: 16 }],
      ['payGroup fraction', { title: 'Fine', payGroup: 1.5 }],
      ['payGroup huge', { title: 'Fine', payGroup: 1e300 }],
      ['flag string', { title: 'Fine', readOnlyForEditors: 'true' }],
      ['flag null', { title: 'Fine', readOnlyForEditors: null }],
      ['flag number', { title: 'Fine', readOnlyForEditors: 1 }],
    ];
    for (const [name, body] of taskBodies) {
      add({ name: `POST /api/job-tasks (${name})`, method: 'post', url: '/api/job-tasks', body });
      add({ name: `PATCH /api/job-tasks/:id (${name})`, method: 'patch', url: `/api/job-tasks/${task}`, body });
    }
    add({ name: 'POST /api/job-tasks (no title)', method: 'post', url: '/api/job-tasks', body: {} });

    const descriptionBodies: [string, unknown][] = [
      ...taskBodies.filter(([name]) => /^title|unknown|column|^tag|flag/.test(name)),
      ['payGroup on a description', { title: 'Fine', payGroup: 3 }],
      ['frameworkData string', { title: 'Fine', frameworkData: 'x' }],
      ['frameworkData array', { title: 'Fine', frameworkData: [] }],
      ['frameworkData null', { title: 'Fine', frameworkData: null }],
      ['frameworkData unknown key', { title: 'Fine', frameworkData: { salary: 'x' } }],
      ['frameworkData number', { title: 'Fine', frameworkData: { education: 5 } }],
      ['frameworkData too long', { title: 'Fine', frameworkData: { otherSkills: long(2001) } }],
      ['frameworkData NUL', { title: 'Fine', frameworkData: { reportsTo: 'a\u0000' } }],
    ];
    for (const [name, body] of descriptionBodies) {
      add({ name: `POST /api/job-descriptions (${name})`, method: 'post', url: '/api/job-descriptions', body });
      const patchBody = { ...(body as object) };
      delete (patchBody as { frameworkData?: unknown }).frameworkData;
      if (Object.keys(patchBody).length && !/frameworkData/.test(name)) {
        add({
          name: `PATCH /api/job-descriptions/:id (${name})`,
          method: 'patch',
          url: `/api/job-descriptions/${description}`,
          body,
        });
      }
    }
    add({
      name: 'PATCH /api/job-descriptions/:id (frameworkData is not patchable here)',
      method: 'patch',
      url: `/api/job-descriptions/${description}`,
      body: { frameworkData: { education: 'x' } },
    });

    const fw = `/api/job-descriptions/${description}/framework-data`;
    for (const [name, body] of [
      ['number', { education: 5 }],
      ['unknown key', { salary: 'x' }],
      ['taskSummary 1001', { taskSummary: long(1001) }],
      ['reportsTo 601', { reportsTo: long(601) }],
      ['object value', { education: { a: 1 } }],
      ['array body', [{ education: 'x' }]],
    ] as [string, unknown][]) {
      add({ name: `PATCH framework-data (${name})`, method: 'patch', url: fw, body });
    }

    const pct = `/api/job-descriptions/${description}/percentages`;
    for (const [name, body, code] of [
      ['empty body', {}],
      ['string', { percentages: 'x' }],
      ['null', { percentages: null }],
      ['numbers', { percentages: [100] }],
      ['id string', { percentages: [{ jobTaskId: 'a', percentage: 100 }] }],
      ['extra field', { percentages: [{ jobTaskId: task, percentage: 100, order: 0 }] }],
      ['fraction', { percentages: [{ jobTaskId: task, percentage: 99.5 }] }],
      ['negative', { percentages: [{ jobTaskId: task, percentage: -5 }] }],
      ['over 100', { percentages: [{ jobTaskId: task, percentage: 105 }] }],
      ['huge id', { percentages: [{ jobTaskId: 99999999999, percentage: 100 }] }],
      ['missing percentage', { percentages: [{ jobTaskId: task }] }],
      ['not a multiple of 5', { percentages: [{ jobTaskId: task, percentage: 97 }] }, 'SHARES_INVALID'],
      ['sum not 100', { percentages: [{ jobTaskId: task, percentage: 95 }] }, 'SHARES_INVALID'],
      [
        'unknown task',
        {
          percentages: [
            { jobTaskId: task, percentage: 50 },
            { jobTaskId: other, percentage: 50 },
          ],
        },
        'SHARES_INVALID',
      ],
      [
        'duplicate',
        {
          percentages: [
            { jobTaskId: task, percentage: 50 },
            { jobTaskId: task, percentage: 50 },
          ],
        },
        'SHARES_INVALID',
      ],
      ['missing association', { percentages: [] }, 'SHARES_INVALID'],
      ['101 entries', { percentages: Array.from({ length: 101 }, () => ({ jobTaskId: task, percentage: 5 })) }],
    ] as [string, unknown, ErrorCode?][]) {
      add({ name: `PATCH percentages (${name})`, method: 'patch', url: pct, body, code });
    }

    const assoc = '/api/job-description-tasks';
    for (const [name, body, code] of [
      ['empty', {}],
      ['description string', { jobDescriptionId: 'x', jobTaskId: other }],
      ['task missing', { jobDescriptionId: description }],
      ['task 0', { jobDescriptionId: description, jobTaskId: 0 }],
      ['task negative', { jobDescriptionId: description, jobTaskId: -1 }],
      ['task beyond int4', { jobDescriptionId: description, jobTaskId: 2 ** 31 }],
      ['index negative', { jobDescriptionId: description, jobTaskId: other, index: -1 }],
      ['index fraction', { jobDescriptionId: description, jobTaskId: other, index: 1.5 }],
      ['index string', { jobDescriptionId: description, jobTaskId: other, index: 'first' }],
      ['index null', { jobDescriptionId: description, jobTaskId: other, index: null }],
      ['index huge', { jobDescriptionId: description, jobTaskId: other, index: 99999 }],
      ['index past the end', { jobDescriptionId: description, jobTaskId: other, index: 2 }, 'INDEX_OUT_OF_RANGE'],
      ['extra field', { jobDescriptionId: description, jobTaskId: other, percentage: 50 }],
    ] as [string, unknown, ErrorCode?][]) {
      add({ name: `POST ${assoc} (${name})`, method: 'post', url: assoc, body, code });
    }
    for (const [name, body, code] of [
      ['empty', {}],
      ['negative', { index: -1 }],
      ['string', { index: 'top' }],
      ['null', { index: null }],
      ['extra field', { index: 0, percentage: 5 }],
      ['past the end', { index: 1 }, 'INDEX_OUT_OF_RANGE'],
    ] as [string, unknown, ErrorCode?][]) {
      add({
        name: `PATCH ${assoc}/:d/:t (${name})`,
        method: 'patch',
        url: `${assoc}/${description}/${task}`,
        body,
        code,
      });
    }

    // Transport-level junk and the tab header.
    add({
      name: 'malformed JSON',
      method: 'post',
      url: '/api/job-tasks',
      raw: { type: 'application/json', data: '{"title": ' },
      code: 'MALFORMED_BODY',
    });
    add({ name: 'JSON array body', method: 'post', url: '/api/job-tasks', body: [{ title: 'x' }] });
    add({
      name: 'JSON string body',
      method: 'post',
      url: '/api/job-tasks',
      raw: { type: 'application/json', data: '"x"' },
      code: 'MALFORMED_BODY',
    });
    add({
      name: 'text/plain body',
      method: 'post',
      url: '/api/job-descriptions',
      raw: { type: 'text/plain', data: 'title=x' },
    });
    add({
      name: 'body over 256 kB',
      method: 'post',
      url: '/api/job-tasks',
      body: { title: 'x', text: long(300_000) },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    add({
      name: 'missing tab header',
      method: 'post',
      url: '/api/job-tasks',
      body: { title: 'Fine' },
      headers: { 'X-Client-Id': '' },
    });
    add({
      name: 'malformed tab header',
      method: 'patch',
      url: `/api/job-tasks/${task}`,
      body: { title: 'Fine' },
      headers: { 'X-Client-Id': 'tab 1!' },
    });
    add({
      name: 'over-long tab header',
      method: 'delete',
      url: `${assoc}/${description}/${task}`,
      headers: { 'X-Client-Id': long(65) },
    });
  }

  it('answers every bad request with a 4xx error body and leaves the database unchanged', async () => {
    const before = await databaseFingerprint(t);
    const failures: string[] = [];
    for (const c of cases) {
      let req = admin[c.method](c.url).set('X-Client-Id', TAB);
      for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
      const res = c.raw
        ? await req.set('Content-Type', c.raw.type).send(c.raw.data)
        : await (c.body === undefined ? req : req.send(c.body as object));
      const expected = c.status ?? 400;
      const code = (res.body as { code?: unknown }).code;
      const problem =
        apiErrorProblem(res) ?? (code === (c.code ?? 'VALIDATION_FAILED') ? null : `code ${String(code)}`);
      if (res.status !== expected || problem) {
        failures.push(`${c.name}: ${res.status} ${problem ?? ''} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t)).toEqual(before);
    expect(cases.length).toBeGreaterThan(300);
  });

  it('answers bad input to every endpoint of the OpenAPI document with a 4xx and changes nothing', async () => {
    const doc = openApiDocument(t.app);
    const valid = (param: string) => String(/description/i.test(param) ? ids.description : ids.task);
    const generated = sweepCasesFromOpenApi(doc, valid);
    const before = await databaseFingerprint(t);
    const failures: string[] = [];
    const swept = new Set<string>();
    for (const c of generated) {
      const res = await send(c);
      swept.add(c.endpoint);
      const isRefused = res.status >= 400 && res.status < 500 && res.status !== 401;
      const isFine = isRefused ? apiErrorProblem(res) === null : c.mayPass && res.status < 400;
      if (!isFine) failures.push(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t)).toEqual(before);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      ['get', 'post', 'patch', 'put', 'delete'].filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const mutations = documented.filter((e) => !e.startsWith('GET '));
    // Every mutation gets at least the forged-Origin cases; every GET with inputs its own.
    expect(mutations.filter((e) => !swept.has(e))).toEqual([]);
    expect(documented.length).toBeGreaterThan(30);
  });

  function send(c: SweepCase) {
    let req = admin[c.method === 'put' ? 'patch' : c.method](c.url).set('X-Client-Id', TAB);
    for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
    if (c.raw) return req.set('Content-Type', c.raw.type).send(c.raw.data);
    return c.body === undefined ? req : req.send(c.body as object);
  }

  it.each([
    ['Origin: null', { Origin: 'null' }, { username: 'admin', password: 'whatever-pass' }, 'CROSS_SITE_REQUEST'],
    [
      'a malformed Origin',
      { Origin: 'http://exa mple' },
      { username: 'admin', password: 'whatever-pass' },
      'CROSS_SITE_REQUEST',
    ],
    ['a NUL in the username', {}, { username: 'ad\u0000min', password: 'whatever-pass' }, 'VALIDATION_FAILED'],
  ] as const)('refuses a sign-in without a session with %s as a 4xx', async (_, headers, body, code) => {
    const res = await request(t.baseUrl).post('/api/auth/login').set(headers).send(body);
    expectApiError(res, code);
  });

  it('refuses JSON nested 20,000 levels deep and a NUL in a display name with a 400', async () => {
    const deep = await request(t.baseUrl)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(DEEP_JSON);
    expectApiError(deep, 'MALFORMED_BODY', { reason: 'too-deep', maxDepth: 32 });
    expect(deep.body.message).toMatch(/nested more than/);
    const nul = await admin.patch(`/api/users/${t.users.bob.id}`).send({ displayName: 'Bob\u0000' });
    expectApiError(nul, 'VALIDATION_FAILED', { fields: [{ field: 'displayName', rules: ['matches'] }] });
    expect(nul.body.message).toEqual(['displayName must not contain control characters']);
    const created = await admin
      .post('/api/users')
      .send({ username: 'carol', displayName: 'Carol\u0000', role: 'EDITOR', password: 'long-enough-pass' });
    expect(created.status).toBe(400);
  });

  it('applies the text limit to the stored (entity-encoded) text', async () => {
    const res = await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', TAB)
      .send({ title: 'Ampersands', text: '&'.repeat(20_000) });
    expectApiError(res, 'TEXT_TOO_LONG', { field: 'text', max: 20_000, length: 100_000 });
    expect(res.body.message).toMatch(/at most 20000 characters as stored/);
    const fits = await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', TAB)
      .send({ title: 'Some ampersands', text: '&'.repeat(4000) });
    expect(fits.status).toBe(201);
    expect(fits.body.text).toHaveLength(20_000);
  });

  it('still serves the valid version of the same requests (the sweep tested the input, not a broken route)', async () => {
    await admin
      .get('/api/job-tasks?limit=500&offset=0&payGroup=15&readOnlyForEditors=false&includeDeleted=true')
      .expect(200);
    await admin.get('/api/job-descriptions?createdFrom=2024-01-01&createdTo=2024-01-01T10:00:00Z&tags=a,b').expect(200);
    await admin.get(`/api/job-tasks/${ids.task}/usage`).expect(200, { descriptionCount: 1 });
    await admin
      .patch(`/api/job-descriptions/${ids.description}/percentages`)
      .set('X-Client-Id', TAB)
      .send({ percentages: [{ jobTaskId: ids.task, percentage: 100 }] })
      .expect(200);
    await admin
      .post('/api/job-description-tasks')
      .set('X-Client-Id', TAB)
      .send({ jobDescriptionId: ids.description, jobTaskId: ids.other, index: 1 })
      .expect(201);
    // A "__proto__" key is dropped before validation: the record is created, nothing is polluted.
    const proto = await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', TAB)
      .set('Content-Type', 'application/json')
      .send('{"title":"Proto check","__proto__":{"readOnlyForEditors":true,"isAdmin":true}}')
      .expect(201);
    expect(proto.body.readOnlyForEditors).toBe(false);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });
});
