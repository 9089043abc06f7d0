import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_UNAVAILABLE } from '@tdgen/contracts';
import pg from 'pg';
import request from 'supertest';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { SseClient, signIn } from './support/sse-client';
import { TAB } from './fixtures/domain';
import { expectApiError } from './support/api-errors';

/**
 * A database outage is not a sign-out: while PostgreSQL refuses connections every request that
 * needs it answers 503 with Retry-After (never 401 or 500), open event streams stay open, and the
 * same sessions work again once the database is back, without restarting the API.
 */
describe('database outage', () => {
  let t: TestApp;
  let databaseName: string;
  let serverUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    const url = new URL((t.db as unknown as { options: { connectionString: string } }).options.connectionString);
    databaseName = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/postgres';
    serverUrl = url.toString();
  });
  afterAll(async () => {
    await setConnectionsAllowed(true);
    await t.close();
  });

  /** Only this test's own database is closed to connections and its backends terminated. */
  async function setConnectionsAllowed(allowed: boolean): Promise<void> {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS ${allowed}`);
      if (!allowed) {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName]);
      }
    } finally {
      await c.end();
    }
  }

  it('answers 503 with Retry-After while the database is down and recovers without a restart', async () => {
    const alice = await t.agent('alice');
    const session = await signIn(t, 'bob');
    const stream = await SseClient.connect(t.baseUrl, { cookie: session.cookie, clientId: 'outage-tab' });
    const created = await alice.post('/api/job-tasks').set('X-Client-Id', TAB).send({ title: 'Before the outage' });
    expect(created.status).toBe(201);

    // A sign-in whose session check has not run yet: an instance reuses a check for a few seconds
    // (docs/security.md), and /me needs nothing else from the database.
    const admin = await signIn(t, 'admin');
    await setConnectionsAllowed(false);
    try {
      const requests: [string, () => request.Test][] = [
        ['me', () => request(t.baseUrl).get('/api/auth/me').set('Cookie', admin.cookie)],
        ['list', () => alice.get('/api/job-tasks')],
        ['read', () => alice.get(`/api/job-tasks/${created.body.id}`)],
        ['create', () => alice.post('/api/job-tasks').set('X-Client-Id', TAB).send({ title: 'During the outage' })],
        [
          'lock',
          () =>
            alice
              .post('/api/locks/acquire')
              .set('X-Client-Id', TAB)
              .send({ entityType: 'JobTask', entityId: created.body.id }),
        ],
        ['login', () => request(t.baseUrl).post('/api/auth/login').send({ username: 'bob', password: PASSWORD })],
        [
          'wrong login',
          () => request(t.baseUrl).post('/api/auth/login').send({ username: 'bob', password: 'wrong-password' }),
        ],
      ];
      // Twice: the first round meets the pool's terminated connections, the second new ones refused.
      for (let round = 0; round < 2; round++) {
        for (const [name, send] of requests) {
          const res = await send();
          expect({ name, status: res.status, error: res.body.error }).toEqual({
            name,
            status: 503,
            error: DATABASE_UNAVAILABLE,
          });
          expectApiError(res, 'DATABASE_UNAVAILABLE', { retryAfterS: Number(res.headers['retry-after']) });
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
      // The open stream was not ended by the outage.
      expect(stream.hasEnded).toBe(false);
    } finally {
      await setConnectionsAllowed(true);
    }

    await alice.get('/api/auth/me').expect(200);
    const after = await alice.post('/api/job-tasks').set('X-Client-Id', TAB).send({ title: 'After the outage' });
    expect(after.status).toBe(201);
    await stream.waitFor(
      (e) => e.type === 'job-task:created' && (e.data as { id: number }).id === after.body.id,
      'the live event after recovery',
    );
    await request(t.baseUrl).post('/api/auth/login').send({ username: 'bob', password: PASSWORD }).expect(200);
    stream.close();
  });
});
