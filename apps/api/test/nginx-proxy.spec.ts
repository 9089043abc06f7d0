import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import request from 'supertest';
import { startNginx } from './support/nginx.mjs';
import { SseClient, signIn } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

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
