import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { SameOriginGuard } from '../src/auth/same-origin.guard';
import { LeanRoutes } from '../src/lean-routes/lean-routes';
import { insertJobTask } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The lean routes (docs/adr/0020-lean-routes.md): the common case of a lock acquire or release is
 * answered before Express and Nest, and answers exactly as the full pipeline does; everything
 * else still goes through the full pipeline. The lean routes are seen taking a request
 * (LeanRoutes.serve), Nest's pipeline by its first global guard (SameOriginGuard).
 * The full pipeline is chosen for the same request by an Origin header without Sec-Fetch-Site,
 * which only that guard's comparison with the Host can judge.
 */
describe('lean routes (ADR 0020)', () => {
  let t: TestApp;
  let alice: Session;
  let bob: Session;
  let admin: Session;
  const lane = jest.spyOn(LeanRoutes.prototype as unknown as { serve: () => Promise<void> }, 'serve');
  const guard = jest.spyOn(SameOriginGuard.prototype, 'canActivate');
  const clearSpies = () => {
    lane.mockClear();
    guard.mockClear();
  };

  type Variant = 'lean' | 'full';
  /** POSTs a raw body; `full` adds the Origin that only the guard can judge (same host: allowed). */
  const post = (s: Session | null, path: string, body: string, variant: Variant, type = 'application/json') => {
    const req = request(t.baseUrl).post(path).set('Content-Type', type);
    if (s) req.set('Cookie', s.cookie);
    if (variant === 'full') req.set('Origin', t.baseUrl);
    else req.set('Sec-Fetch-Site', 'same-origin');
    return req.send(body);
  };
  /** The headers that must match between the two answers (not Date, ETag, Connection …). */
  const headersOf = (res: request.Response) =>
    Object.fromEntries(
      Object.entries(res.headers).filter(
        ([name]) => !['date', 'etag', 'connection', 'keep-alive', 'content-length'].includes(name),
      ),
    );
  const task = () => insertJobTask(t.db, { createdBy: admin.id });
  const ref = (id: number, clientId: string) => JSON.stringify({ entityType: 'JobTask', entityId: id, clientId });

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, admin] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob'), signIn(t, 'admin')]);
    clearSpies();
  });
  afterEach(clearSpies);
  afterAll(async () => {
    lane.mockRestore();
    guard.mockRestore();
    await t.close();
  });

  it('acquires and releases without Nest’s pipeline, with the full answer’s status, body and headers', async () => {
    const [leanTask, fullTask] = [await task(), await task()];
    const lean = await post(alice, '/api/locks/acquire', ref(leanTask, 'tab-a'), 'lean').expect(200);
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
    const full = await post(alice, '/api/locks/acquire', ref(fullTask, 'tab-a'), 'full').expect(200);
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 1]);
    expect(lean.body.lock).toMatchObject({ entityType: 'JobTask', entityId: leanTask, clientId: 'tab-a' });
    expect(Object.keys(lean.body.lock).sort()).toEqual(Object.keys(full.body.lock).sort());
    expect(headersOf(lean)).toEqual(headersOf(full));
    clearSpies();

    const released = await post(alice, '/api/locks/release', ref(leanTask, 'tab-a'), 'lean').expect(204);
    // navigator.sendBeacon's text/plain, too
    await post(alice, '/api/locks/release', ref(fullTask, 'tab-a'), 'lean', 'text/plain;charset=UTF-8').expect(204);
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([2, 0]);
    const fullRelease = await post(alice, '/api/locks/release', ref(fullTask, 'tab-a'), 'full').expect(204);
    expect(headersOf(released)).toEqual(headersOf(fullRelease));
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM locks WHERE entity_id = ANY($1)', [
      [leanTask, fullTask],
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('answers bad bodies and refusals exactly as the full pipeline does', async () => {
    const held = await task();
    await post(bob, '/api/locks/acquire', ref(held, 'tab-b'), 'lean').expect(200);
    clearSpies();
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    const cases: [path: string, body: string, status: number][] = [
      ['/api/locks/acquire', '{"entityType": ', 400], // malformed JSON
      ['/api/locks/acquire', deep, 400], // nested too deep
      ['/api/locks/acquire', '"JobTask"', 400], // not an object
      ['/api/locks/acquire', JSON.stringify({ entityType: 'Nope', entityId: 0, clientId: '' }), 400],
      ['/api/locks/acquire', JSON.stringify({ entityType: 'JobTask', entityId: held, clientId: 'a', x: 1 }), 400],
      ['/api/locks/acquire', JSON.stringify({ entityType: 'JobTask', entityId: 2 ** 40, clientId: 'a' }), 400],
      ['/api/locks/acquire', ref(held, 'tab-a'), 423], // held by bob
      ['/api/locks/acquire', ref(2_000_000_000, 'tab-a'), 404], // no such task
      ['/api/locks/release', ref(held, 'tab-a'), 423], // not alice's
      ['/api/locks/release', 'not json', 400],
    ];
    for (const [path, body, status] of cases) {
      const lean = await post(alice, path, body, 'lean');
      expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
      const full = await post(alice, path, body, 'full');
      expect(lane).toHaveBeenCalledTimes(1);
      clearSpies();
      expect({ body, status: lean.status, answer: lean.body }).toEqual({ body, status, answer: full.body });
      expect(full.status).toBe(status);
      expect(headersOf(lean)).toEqual(headersOf(full));
    }
  });

  it('leaves everything unusual to the full pipeline', async () => {
    const id = await task();
    // no session, a forged session, a cross-site request, another content type, a query string
    await post(null, '/api/locks/acquire', ref(id, 'tab-a'), 'lean').expect(401);
    await request(t.baseUrl)
      .post('/api/locks/acquire')
      .set('Cookie', `${alice.cookie.split('.').slice(0, 2).join('.')}.forged`)
      .send(JSON.parse(ref(id, 'tab-a')))
      .expect(401);
    await request(t.baseUrl)
      .post('/api/locks/acquire')
      .set('Cookie', alice.cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .send(JSON.parse(ref(id, 'tab-a')))
      .expect(403);
    await post(alice, '/api/locks/acquire', ref(id, 'tab-a'), 'lean', 'text/plain').expect(400);
    await request(t.baseUrl)
      .post('/api/locks/acquire?x=1')
      .set('Cookie', alice.cookie)
      .send(JSON.parse(ref(id, 'tab-a')))
      .expect(200);
    expect(guard).toHaveBeenCalledTimes(5);
  });

  it('saves a task without Nest’s pipeline, and refuses a save exactly as the full pipeline does', async () => {
    const [leanTask, fullTask, other] = [await task(), await task(), await task()];
    for (const id of [leanTask, fullTask])
      await post(alice, '/api/locks/acquire', ref(id, 'tab-a'), 'lean').expect(200);
    const { rows } = await t.db.query('SELECT title FROM job_tasks WHERE id = $1', [other]);
    clearSpies();
    const patch = (id: number | string, body: unknown, variant: Variant, headers: Record<string, string> = {}) => {
      const req = request(t.baseUrl)
        .patch(`/api/job-tasks/${id}`)
        .set('Cookie', alice.cookie)
        .set('Content-Type', 'application/json')
        .set({ 'X-Client-Id': 'tab-a', ...headers });
      req.set(variant === 'full' ? 'Origin' : 'Sec-Fetch-Site', variant === 'full' ? t.baseUrl : 'same-origin');
      return req.send(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const lean = await patch(leanTask, { title: `Lean ${leanTask}`, text: '<p>Saved</p>' }, 'lean').expect(200);
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
    const full = await patch(fullTask, { title: `Full ${fullTask}`, text: '<p>Saved</p>' }, 'full').expect(200);
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 1]);
    expect(lean.body).toMatchObject({ id: leanTask, title: `Lean ${leanTask}`, text: '<p>Saved</p>' });
    expect(Object.keys(lean.body).sort()).toEqual(Object.keys(full.body).sort());
    expect(headersOf(lean)).toEqual(headersOf(full));
    clearSpies();

    const cases: [id: number, body: unknown, headers: Record<string, string>, status: number][] = [
      [leanTask, { title: 'x', unknown: 1 }, {}, 400], // an unknown field
      [leanTask, '{"title": ', {}, 400], // malformed JSON
      [leanTask, { payGroup: 3 }, {}, 403], // admins only
      [leanTask, { title: rows[0].title }, {}, 409], // another task's title
      [leanTask, { title: 'Stale' }, { 'X-Lock-Fences': `JobTask:${leanTask}=999999` }, 423], // an old fence
      [other, { title: 'Not locked' }, {}, 428], // no lock
      [2_000_000_000, { title: 'Nothing' }, {}, 404],
    ];
    for (const [id, body, headers, status] of cases) {
      const leanAnswer = await patch(id, body, 'lean', headers);
      expect(lane).toHaveBeenCalledTimes(1);
      expect(guard).not.toHaveBeenCalled();
      const fullAnswer = await patch(id, body, 'full', headers);
      expect(lane).toHaveBeenCalledTimes(1);
      clearSpies();
      expect({ body, status: leanAnswer.status, answer: leanAnswer.body }).toEqual({
        body,
        status,
        answer: fullAnswer.body,
      });
      expect(fullAnswer.status).toBe(status);
      expect(headersOf(leanAnswer)).toEqual(headersOf(fullAnswer));
    }
    // Without a tab id, or with an id only Express's router reads, the full pipeline answers.
    await request(t.baseUrl)
      .patch(`/api/job-tasks/${leanTask}`)
      .set('Cookie', alice.cookie)
      .send({ title: 'A' })
      .expect(400);
    await request(t.baseUrl)
      .patch('/api/job-tasks/0x10')
      .set('Cookie', alice.cookie)
      .set('X-Client-Id', 'tab-a')
      .send({})
      .expect(400);
    expect(lane).not.toHaveBeenCalled();
    expect(guard).toHaveBeenCalledTimes(2);
  });

  it('opens the event stream without Nest’s pipeline, with the full answer’s head and answers', async () => {
    const lean = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-s1' });
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
    // The same request through Express: with a trailing slash, which only Express's router accepts.
    const stream = (query: string, cookie?: string) =>
      request(t.baseUrl)
        .get(`/api/events/stream/?${query}`)
        .set(cookie ? { Cookie: cookie } : {})
        .buffer(false)
        .parse((res, done) => {
          res.once('data', () => (res as unknown as { destroy(): void }).destroy());
          res.once('close', () => done(null, null));
        });
    const full = await stream('clientId=tab-s2', alice.cookie);
    expect(guard).toHaveBeenCalledTimes(1);
    expect(full.status).toBe(200);
    expect(headersOf({ headers: lean.headers } as request.Response)).toEqual(headersOf(full));
    // Live events reach the lean stream.
    const id = await task();
    await post(bob, '/api/locks/acquire', ref(id, 'tab-b'), 'lean').expect(200);
    await lean.waitFor((e) => e.type === 'lock:acquired' && e.data.lock.entityId === id, 'lock:acquired');
    lean.close();
    clearSpies();
    // A bad query is refused as the full pipeline refuses it; no session goes to the full pipeline.
    const bad = await SseClient.open(t.baseUrl, { cookie: alice.cookie, clientId: 'not a tab id!' });
    await bad.ended;
    expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
    const fullBad = await request(t.baseUrl)
      .get('/api/events/stream/?clientId=not%20a%20tab%20id!')
      .set('Cookie', alice.cookie);
    expect({ status: bad.status, body: JSON.parse(bad.body) }).toEqual({ status: 400, body: fullBad.body });
    const anonymous = await SseClient.open(t.baseUrl, { clientId: 'tab-s3' });
    await anonymous.ended;
    expect(anonymous.status).toBe(401);
    expect(guard).toHaveBeenCalledTimes(2);
  });

  it('sends HSTS when a trusted proxy says the request came over HTTPS', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const carol = await signIn(proxied, 'alice');
      const id = await insertJobTask(proxied.db, { createdBy: proxied.users.admin.id });
      clearSpies();
      const res = await request(proxied.baseUrl)
        .post('/api/locks/acquire')
        .set('Cookie', carol.cookie)
        .set('X-Forwarded-Proto', 'https')
        .send(JSON.parse(ref(id, 'tab-a')))
        .expect(200);
      expect([lane.mock.calls.length, guard.mock.calls.length]).toEqual([1, 0]);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      const plain = await post(alice, '/api/locks/release', ref(id, 'tab-a'), 'lean');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});
