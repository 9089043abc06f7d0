import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';

describe('authentication and sessions (docs/product.md § Roles)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '5', LOGIN_RATE_WINDOW_MS: '60000' });
  });
  afterAll(() => t.close());

  it('signs in with the right password and sets an httpOnly SameSite=Strict cookie', async () => {
    const res = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'alice', password: PASSWORD })
      .expect(200);
    expect(res.body).toEqual({ id: t.users.alice.id, username: 'alice', displayName: 'Alice Editor', role: 'EDITOR' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^tdgen_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure is set behind HTTPS
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|hash/i);
  });

  it('refuses a wrong password and an unknown user with the same generic 401', async () => {
    const wrong = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'bob', password: 'nope-nope' })
      .expect(401);
    const unknown = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'mallory', password: 'nope-nope' })
      .expect(401);
    expect(wrong.body.message).toBe('Wrong username or password');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers 401 without a session and returns the user with one', async () => {
    await request(t.baseUrl).get('/api/auth/me').expect(401);
    const agent = await t.agent('admin');
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual({ id: t.users.admin.id, username: 'admin', displayName: 'Ada Admin', role: 'ADMIN' });
  });

  it('rejects an expired or forged token', async () => {
    const expired = await new JwtService({ secret: 'x'.repeat(40) }).signAsync(
      { sub: t.users.alice.id },
      { expiresIn: -10 },
    );
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${expired}`).expect(401);
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', 'tdgen_session=not.a.jwt').expect(401);
  });

  it('rejects an unexpired token signed with another secret or another algorithm', async () => {
    const otherSecret = await new JwtService({ secret: 'x'.repeat(40) }).signAsync({ sub: t.users.alice.id });
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${otherSecret}`).expect(401);
    const signer = t.app.get(JwtService);
    const hs512 = await signer.signAsync({ sub: t.users.alice.id }, { algorithm: 'HS512' });
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${hs512}`).expect(401);
    const hs256 = await signer.signAsync({ sub: t.users.alice.id });
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${hs256}`).expect(200);
  });

  it('rejects a token that has expired even when correctly signed', async () => {
    const signer = t.app.get(JwtService);
    const token = await signer.signAsync({ sub: t.users.alice.id }, { expiresIn: -1 });
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${token}`).expect(401);
    const valid = await signer.signAsync({ sub: t.users.alice.id });
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', `tdgen_session=${valid}`).expect(200);
  });

  it('gives an editor 403 on an admin route and an admin 200', async () => {
    const alice = await t.agent('alice');
    const res = await alice.get('/api/users').expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const admin = await t.agent('admin');
    const list = await admin.get('/api/users').expect(200);
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(['admin', 'alice', 'bob']);
    expect(JSON.stringify(list.body)).not.toMatch(/password|hash/i);
  });

  it('logs out: clears the cookie so the next request is 401', async () => {
    const agent = await t.agent('bob');
    await agent.get('/api/auth/me').expect(200);
    const res = await agent.post('/api/auth/logout').expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/tdgen_session=;/);
    await agent.get('/api/auth/me').expect(401);
  });

  it('logs out for good: the signed-out token is refused even if a copy of the cookie is replayed', async () => {
    const signIn = () =>
      request(t.baseUrl).post('/api/auth/login').send({ username: 'bob', password: PASSWORD }).expect(200);
    const cookieOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0];
    const [signedOut, elsewhere] = [cookieOf(await signIn()), cookieOf(await signIn())];
    await request(t.baseUrl).post('/api/auth/logout').set('Cookie', signedOut).expect(204);
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', signedOut).expect(401);
    await request(t.baseUrl).get('/api/job-tasks').set('Cookie', signedOut).expect(401);
    await request(t.baseUrl).get('/api/events/stream?clientId=tab-x').set('Cookie', signedOut).expect(401);
    // The same user's other sign-in is untouched.
    await request(t.baseUrl).get('/api/auth/me').set('Cookie', elsewhere).expect(200);
    const payload = JSON.parse(Buffer.from(signedOut.split('.')[1], 'base64url').toString()) as {
      sid: string;
      exp: number;
    };
    const { rows } = await t.db.query('SELECT expires_at FROM revoked_sessions WHERE session_id = $1', [payload.sid]);
    expect(rows.map((r) => new Date(r.expires_at).getTime())).toEqual([payload.exp * 1000]);
  });

  it('refuses a disabled user at login and ends their running session', async () => {
    const admin = await t.agent('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'carol', displayName: 'Carol', role: 'EDITOR', password: 'carol-password' })
      .expect(201);
    const carol = request.agent(t.baseUrl);
    await carol.post('/api/auth/login').send({ username: 'carol', password: 'carol-password' }).expect(200);
    await admin.patch(`/api/users/${created.body.id}`).send({ disabled: true }).expect(200);
    await carol.get('/api/auth/me').expect(401);
    await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'carol', password: 'carol-password' })
      .expect(401);
    await admin
      .patch(`/api/users/${created.body.id}`)
      .send({ disabled: false, password: 'new-password-1' })
      .expect(200);
    await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'carol', password: 'new-password-1' })
      .expect(200);
  });

  it.each([
    ['unknown field', { username: 'alice', password: PASSWORD, admin: true }],
    ['missing password', { username: 'alice' }],
    ['wrong type', { username: 42, password: PASSWORD }],
    ['over-long username', { username: 'a'.repeat(5000), password: PASSWORD }],
  ])('answers 400 for bad login input (%s)', async (_, body) => {
    const res = await request(t.baseUrl).post('/api/auth/login').send(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('answers 400 for malformed JSON, not 500', async () => {
    const res = await request(t.baseUrl)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "alice", ')
      .expect(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('refuses a cross-site mutation', async () => {
    const agent = await t.agent('admin');
    await agent
      .post('/api/users')
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ username: 'eve', displayName: 'Eve', role: 'ADMIN', password: 'eve-password' })
      .expect(403);
    await agent
      .post('/api/users')
      .set('Origin', 'https://evil.example')
      .send({ username: 'eve', displayName: 'Eve', role: 'ADMIN', password: 'eve-password' })
      .expect(403);
    const users = await t.db.query("SELECT 1 FROM users WHERE username = 'eve'");
    expect(users.rowCount).toBe(0);
  });

  it('rate-limits repeated login attempts with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await request(t.baseUrl)
        .post('/api/auth/login')
        .send({ username: 'throttled', password: 'wrong-password' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('serves health, config and the OpenAPI document without a session', async () => {
    await request(t.baseUrl).get('/api/health').expect(200, { status: 'ok', database: 'up' });
    const config = await request(t.baseUrl).get('/api/config').expect(200);
    expect(config.body).toEqual({
      lock: {
        durationMs: 1_800_000,
        refreshIntervalMs: 300_000,
        handoverIdleMs: 120_000,
        handoverTimeoutMs: 60_000,
        offerMs: 30_000,
        expiryWarningMs: 120_000,
      },
      sse: { heartbeatIntervalMs: 30_000, reconnectTimeoutMs: 5_000 },
      limits: { maxTasksPerDescription: 10 },
      signIn: { isLocalLoginEnabled: true, sso: null },
    });
    const docs = await request(t.baseUrl).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users']));
  });
});
