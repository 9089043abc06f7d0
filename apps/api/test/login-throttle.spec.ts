import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../src/bootstrap';
import { ConfigService } from '../src/config/config.service';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { expectApiError } from './support/api-errors';

const login = (baseUrl: string, username: string, password: string, headers: Record<string, string> = {}) =>
  request(baseUrl).post('/api/auth/login').set(headers).send({ username, password });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sign-in throttling: attempts are counted before the password is verified, per account at a
 * client address and per address, in PostgreSQL; the client address comes from X-Forwarded-For
 * only when the peer is a trusted proxy; a growing delay, never a lock-out of the right password.
 */
describe('login throttle (no trusted proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A 10-minute window: no attempt is refilled while the test runs.
    t = await startTestApp({ LOGIN_RATE_LIMIT: '10', LOGIN_RATE_WINDOW_MS: '600000' });
  });
  afterAll(() => t.close());

  it('evaluates at most the limit of 40 parallel wrong passwords for one account', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => login(t.baseUrl, 'alice', 'wrong-password')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const refused = results.find((r) => r.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/Too many sign-in attempts; try again in \d+ s/);
    expectApiError(refused, 'RATE_LIMITED', { retryAfterS: Number(refused.headers['retry-after']) });
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await login(t.baseUrl, 'mallory', 'wrong-password', { 'X-Forwarded-For': `203.0.113.${i + 1}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-Host from an untrusted peer', async () => {
    const res = await login(t.baseUrl, 'admin', PASSWORD, { 'X-Forwarded-Proto': 'https' }).expect(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    const admin = await t.agent('admin');
    await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', 'tab-1')
      .set('Origin', 'https://evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .send({ title: 'Forged host' })
      .expect(403);
    expect((await t.db.query("SELECT 1 FROM job_tasks WHERE title = 'Forged host'")).rowCount).toBe(0);
  });

  it('keeps its state in the database: a second API instance refuses the same account', async () => {
    for (let i = 0; i < 10; i++) await login(t.baseUrl, 'carol', 'wrong-password').expect(401);
    const other: INestApplication = await createApp(t.app.get(ConfigService).values);
    await other.listen(0, '127.0.0.1');
    try {
      const { port } = other.getHttpServer().address() as { port: number };
      await login(`http://127.0.0.1:${port}`, 'carol', 'wrong-password').expect(429);
    } finally {
      await other.close();
    }
  });
});

describe('login throttle delays (2 attempts per 2 s)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '2', LOGIN_RATE_WINDOW_MS: '2000' });
  });
  afterAll(() => t.close());

  /** Wrong passwords until one is refused (the budget refills while a slow machine verifies). */
  async function exhaust(username: string): Promise<request.Response> {
    for (let i = 0; i < 20; i++) {
      const res = await login(t.baseUrl, username, 'wrong-password');
      if (res.status === 429) return res;
      expect(res.status).toBe(401);
    }
    throw new Error('never refused');
  }

  it('does not lock the right password out: it is accepted once the short delay has passed', async () => {
    await exhaust('alice');
    let res = await login(t.baseUrl, 'alice', PASSWORD);
    if (res.status === 429) {
      // One base interval (window / limit = 1 s), not the whole window or longer.
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(2);
      await sleep(Number(res.headers['retry-after']) * 1000);
      res = await login(t.baseUrl, 'alice', PASSWORD);
    }
    expect(res.status).toBe(200);
  });

  it('makes each wrong password past the budget wait longer than the one before', async () => {
    const refusedFirst = await exhaust('bob');
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(Number(waits.length ? waits.at(-1) : refusedFirst.headers['retry-after']) * 1000);
      await login(t.baseUrl, 'bob', 'wrong-password').expect(401);
      const refused = await login(t.baseUrl, 'bob', 'wrong-password').expect(429);
      waits.push(Number(refused.headers['retry-after']));
    }
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
  }, 30_000);
});

describe('login throttle behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_MS: '60000', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('keys attempts by the forwarded client address', async () => {
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    for (let i = 0; i < 3; i++) await login(t.baseUrl, 'alice', 'wrong-password', from('198.51.100.7')).expect(401);
    await login(t.baseUrl, 'alice', 'wrong-password', from('198.51.100.7')).expect(429);
    // Another client behind the same proxy is a different address with its own budget.
    await login(t.baseUrl, 'alice', 'wrong-password', from('198.51.100.8')).expect(401);
    await login(t.baseUrl, 'alice', PASSWORD, from('198.51.100.9')).expect(200);
    const rows = await t.db.query<{ key: string }>('SELECT key FROM login_throttle ORDER BY key');
    expect(rows.rows.map((r) => r.key)).toEqual(
      expect.arrayContaining(['address:198.51.100.7', 'address:198.51.100.8']),
    );
  });

  it('honours X-Forwarded-Proto (Secure cookie) and X-Forwarded-Host from the proxy', async () => {
    const res = await login(t.baseUrl, 'admin', PASSWORD, { 'X-Forwarded-Proto': 'https' }).expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const admin = await t.agent('admin');
    await admin
      .post('/api/job-tasks')
      .set('X-Client-Id', 'tab-1')
      .set('Origin', 'https://tdgen.example')
      .set('X-Forwarded-Host', 'tdgen.example')
      .send({ title: 'Behind the proxy' })
      .expect(201);
  });
});
