import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import request from 'supertest';
import { startNginx } from './support/nginx.mjs';
import { SseClient, signIn } from './support/sse-client';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './support/test-app';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The reverse proxy of the deployment (deploy/nginx/tdgen.conf.template, used by docker-compose.yml
 * and `npm run cluster`), run from the Debian package in front of the real application and of an
 * instance that is down: REST and the event stream pass through it, and an instance that cannot be
 * reached is skipped (docs/deployment.md).
 */
describe('nginx in front of the API instances', () => {
  let t: TestApp;
  let proxied: TestApp;
  let proxy: Awaited<ReturnType<typeof startNginx>>;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    const down = await freePort(); // an instance that is down: nothing listens there
    const port = await freePort();
    proxy = await startNginx({ upstreams: [`127.0.0.1:${down}`, new URL(t.baseUrl).host], port });
    proxied = { ...t, baseUrl: `http://127.0.0.1:${port}` };
  });

  afterAll(async () => {
    await proxy?.stop();
    await t?.close();
  });

  it('answers every request through the instance that is up, a sign-in (POST) included', async () => {
    for (let i = 0; i < 6; i++) {
      await request(proxied.baseUrl).get('/api/health').expect(200);
    }
    const alice = await signIn(proxied, 'alice');
    const me = await alice.get('/api/auth/me').expect(200);
    expect(me.body.username).toBe('alice');
  });

  it('delivers the event stream unbuffered and uncompressed, with the stream headers intact', async () => {
    const alice = await signIn(proxied, 'alice');
    const bob = await signIn(proxied, 'bob');
    const stream = await SseClient.connect(proxied.baseUrl, { cookie: bob.cookie, clientId: 'tab-bob' });
    try {
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['content-encoding']).toBeUndefined();
      const { body: task } = await request(proxied.baseUrl)
        .post('/api/job-tasks')
        .set('Cookie', alice.cookie)
        .set('X-Client-Id', 'tab-alice')
        .send({ title: 'Through the proxy' })
        .expect(201);
      // A single small event must arrive while the stream stays open (a buffering proxy holds it back).
      const created = await stream.waitFor((e) => e.type === 'job-task:created', 'job-task:created');
      expect(created.data).toEqual(task);
      expect(stream.hasEnded).toBe(false);
    } finally {
      stream.close();
    }
  });
});

/**
 * Two instances on one database behind the proxy, as docker-compose.yml runs them: when the
 * instance under a stream goes away (a rolling update), the stream reconnects through the same
 * proxy with its last event id, lands on the other instance and misses nothing, with no resync.
 */
describe('nginx in front of two instances on one database', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let proxied: TestApp;
  let proxy: Awaited<ReturnType<typeof startNginx>>;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestApp({ INSTANCE_ID: 'api-a', TRUST_PROXY: 'loopback' }, { database });
    b = await startTestApp({ INSTANCE_ID: 'api-b', TRUST_PROXY: 'loopback' }, { database });
    const port = await freePort();
    proxy = await startNginx({ upstreams: [new URL(a.baseUrl).host, new URL(b.baseUrl).host], port });
    proxied = { ...b, baseUrl: `http://127.0.0.1:${port}` };
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await proxy?.stop();
    await a?.close(); // already closed by the test; closing again is harmless
    await b?.close();
    await database?.drop();
  });

  it('keeps every stream whole when one instance stops: reconnects land on the other, nothing lost', async () => {
    const alice = await signIn(proxied, 'alice');
    const bob = await signIn(proxied, 'bob');
    const create = (title: string) =>
      request(proxied.baseUrl)
        .post('/api/job-tasks')
        .set('Cookie', alice.cookie)
        .set('X-Client-Id', 'tab-alice')
        .send({ title })
        .expect(201)
        .then((res) => res.body.id as number);
    // Balanced by open connections, two streams of Bob's land one on each instance.
    for (const tab of ['tab-1', 'tab-2']) {
      streams.push(await SseClient.connect(proxied.baseUrl, { cookie: bob.cookie, clientId: tab }));
    }
    const before = await create('Before the update');
    for (const s of streams) await s.waitFor((e) => e.type === 'job-task:created', 'the first task');

    await a.app.close(); // instance A leaves, as in a rolling update; its stream is told to come back
    const during = [await create('During the update 1'), await create('During the update 2')];

    // Each stream that ended comes back through the proxy with its last id (what the browser does).
    const originals = [...streams];
    const resumed: SseClient[] = [];
    for (const [i, s] of originals.entries()) {
      if (!s.hasEnded) {
        resumed.push(s);
        continue;
      }
      const lastId = [...s.envelopes].reverse().find((e) => e.id > 0)?.id;
      const again = await SseClient.connect(proxied.baseUrl, {
        cookie: bob.cookie,
        clientId: `tab-${i + 1}`,
        lastEventIdHeader: String(lastId),
      });
      streams.push(again);
      resumed.push(again);
    }
    expect(streams.length).toBeGreaterThan(2); // at least one stream really moved
    const after = await create('After the update');

    for (const [i, s] of resumed.entries()) {
      const original = originals[i];
      const ids = (x: SseClient) =>
        x.envelopes.filter((e) => e.type === 'job-task:created').map((e) => (e.data as { id: number }).id);
      await s.waitFor(
        (e) => e.type === 'job-task:created' && (e.data as { id: number }).id === after,
        'the task after the update',
      );
      const seen = s === original ? ids(s) : [...ids(original), ...ids(s)];
      expect(seen).toEqual([before, ...during, after]);
      expect(s.envelopes.some((e) => e.type === 'resync')).toBe(false);
    }
  });
});
