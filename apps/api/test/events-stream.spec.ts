import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { DomainEnvelope } from '@tdgen/contracts';
import { connect as connectTcp } from 'node:net';
import request from 'supertest';
import { eventsOf, type EventsProbe } from './support/events';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';
import { expectApiError } from './support/api-errors';

const RECONNECT_MS = 4000;

function publishProbe(events: EventsProbe, id: number): Promise<DomainEnvelope> {
  return events.publish({ type: 'job-task:permanent-deleted', data: { id }, userId: null, clientId: null });
}

describe('event stream (docs/product.md § Events, § Presence, § Limits)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let alice: Session;
  let bob: Session;
  const open: SseClient[] = [];
  const connect = async (session: Session, clientId: string) => {
    const client = await SseClient.connect(t.baseUrl, { cookie: session.cookie, clientId });
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({
      SSE_HEARTBEAT_INTERVAL_MS: '200',
      SSE_RECONNECT_TIMEOUT_MS: String(RECONNECT_MS),
      SSE_MAX_CONNECTIONS_PER_USER: '3',
    });
    events = eventsOf(t);
    [alice, bob] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob')]);
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await t.close();
  });

  it('answers 401 JSON without a valid session and opens no stream', async () => {
    for (const cookie of [undefined, 'tdgen_session=not.a.jwt']) {
      const client = await SseClient.open(t.baseUrl, { cookie, clientId: 'tab-anon' });
      await client.waitForEnd();
      expect(client.status).toBe(401);
      expect(client.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.parse(client.body)).toMatchObject({ statusCode: 401 });
    }
    expect(events.listConnections()).toHaveLength(0);
  });

  it('answers 400 for a missing or malformed clientId', async () => {
    for (const clientId of [undefined, 'has space', 'x'.repeat(65)]) {
      const client = await SseClient.open(t.baseUrl, { cookie: alice.cookie, clientId });
      await client.waitForEnd();
      expect(client.status).toBe(400);
    }
    const unknownParam = await SseClient.open(t.baseUrl, { cookie: alice.cookie, clientId: 'a', extraQuery: 'x=1' });
    await unknownParam.waitForEnd();
    expect(unknownParam.status).toBe(400);
    expect(events.listConnections()).toHaveLength(0);
  });

  it('starts with hello, with stream headers and a jittered retry', async () => {
    const clients = await Promise.all([1, 2, 3].map((n) => connect(bob, `tab-hello-${n}`)));
    const [first] = clients;
    expect(first.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(first.headers['cache-control']).toContain('no-cache');
    expect(first.headers['x-accel-buffering']).toBe('no');
    expect(first.headers['content-encoding']).toBeUndefined();
    const hello = first.envelopes[0];
    expect(hello.type).toBe('hello');
    expect(first.messages[0].id).toBeUndefined(); // stream frames do not move Last-Event-ID
    expect(hello).toMatchObject({ id: 0, userId: null, clientId: null });
    if (hello.type !== 'hello') throw new Error('unreachable');
    expect(hello.data).toMatchObject({ lastEventId: await events.lastEventId(), presence: [], locks: [] });
    expect(hello.data.connectionId).toMatch(/^[0-9a-f-]{36}$/);
    const retries = clients.flatMap((c) => c.retries);
    expect(retries).toHaveLength(3);
    for (const retry of retries) {
      expect(retry).toBeGreaterThanOrEqual(RECONNECT_MS * 0.75);
      expect(retry).toBeLessThanOrEqual(RECONNECT_MS * 1.25);
    }
    const connectionIds = new Set(clients.map((c) => (c.envelopes[0].data as { connectionId: string }).connectionId));
    expect(connectionIds.size).toBe(3);
    for (const client of clients) client.close();
    await waitUntil(() => events.listConnections().length === 0, 'the streams to close');
  });

  it('sends each envelope with its id as the SSE id, ids strictly increasing', async () => {
    const client = await connect(alice, 'tab-envelope');
    const before = await events.lastEventId();
    const sent = [await publishProbe(events, 1), await publishProbe(events, 2), await publishProbe(events, 3)];
    const received = await client.waitForCount((e) => e.type === 'job-task:permanent-deleted', 3, 'probes');
    expect(received).toEqual(sent);
    expect(Object.keys(received[0])).toEqual(['id', 'type', 'data', 'userId', 'clientId', 'timestamp']);
    const ids = client.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
    expect(ids).toEqual(sent.map((e) => e.id));
    expect(ids[1]).toBe(ids[0] + 1);
    expect(ids[2]).toBe(ids[1] + 1);
    expect(ids[0]).toBe(before + 1); // global ids from the log
    client.close();
  });

  it('writes well-formed HTTP/1.1 chunks, and plain bytes to an HTTP/1.0 client', async () => {
    // Frames go to the socket as ready-made chunks (sse-connection.ts): read the wire itself.
    const { hostname, port } = new URL(t.baseUrl);
    for (const version of ['1.1', '1.0']) {
      const socket = connectTcp(Number(port), hostname);
      let wire = '';
      socket.setEncoding('latin1'); // one character per byte, so chunk sizes can be checked
      socket.on('data', (data: string) => (wire += data));
      const clientId = `tab-wire-${version.replace('.', '')}`;
      socket.write(
        `GET /api/events/stream?clientId=${clientId} HTTP/${version}\r\nHost: ${hostname}\r\nCookie: ${alice.cookie}\r\n\r\n`,
      );
      await waitUntil(() => wire.includes('"type":"hello"'), `hello over HTTP/${version}`);
      const sent = [await publishProbe(events, 31), await publishProbe(events, 32)];
      await waitUntil(() => wire.includes(`id: ${sent[1].id}\n`), `the probes over HTTP/${version}`);
      socket.destroy();
      const headEnd = wire.indexOf('\r\n\r\n');
      const head = wire.slice(0, headEnd);
      let body = wire.slice(headEnd + 4);
      expect(head).toMatch(new RegExp(`^HTTP/1\\.1 200 `));
      if (version === '1.1') {
        expect(head).toMatch(/\r\ntransfer-encoding: chunked/i);
        let decoded = '';
        while (body.length > 0) {
          const sizeEnd = body.indexOf('\r\n');
          const size = Number.parseInt(body.slice(0, sizeEnd), 16);
          expect(body.slice(0, sizeEnd)).toMatch(/^[0-9a-f]+$/);
          expect(body.slice(sizeEnd + 2 + size, sizeEnd + 4 + size)).toBe('\r\n');
          decoded += body.slice(sizeEnd + 2, sizeEnd + 2 + size);
          body = body.slice(sizeEnd + 4 + size);
        }
        body = decoded;
      } else {
        expect(head).not.toMatch(/chunked/i);
      }
      expect(body).not.toContain('\r'); // the frames' own line ends are \n: no chunk framing left over
      for (const envelope of sent) {
        expect(body).toContain(`id: ${envelope.id}\ndata: ${JSON.stringify(envelope)}\n\n`);
      }
      expect(body.indexOf(`id: ${sent[0].id}\n`)).toBeLessThan(body.indexOf(`id: ${sent[1].id}\n`));
      await waitUntil(() => events.listConnections().every((c) => c.clientId !== clientId), 'the stream to close');
    }
  });

  it('delivers to both tabs of one user, and closing one does not silence the other', async () => {
    const tabA = await connect(alice, 'tab-a');
    const tabB = await connect(alice, 'tab-b');
    const first = await publishProbe(events, 10);
    await tabA.waitFor((e) => e.id === first.id, 'first probe in tab A');
    await tabB.waitFor((e) => e.id === first.id, 'first probe in tab B');
    tabA.close();
    await waitUntil(() => events.listConnections().every((c) => c.clientId !== 'tab-a'), 'tab A to be gone');
    const second = await publishProbe(events, 11);
    await tabB.waitFor((e) => e.id === second.id, 'second probe in tab B');
    expect(events.listConnections().filter((c) => c.userId === alice.id)).toHaveLength(1);
    tabB.close();
  });

  it('sends heartbeats from the shared timer', async () => {
    const client = await connect(bob, 'tab-heartbeat');
    const beats = await client.waitForCount((e) => e.type === 'heartbeat', 2, 'heartbeats');
    expect(beats[0]).toMatchObject({ id: 0, data: { serverTime: expect.any(String) } });
    client.close();
  });

  it('refuses more than SSE_MAX_CONNECTIONS_PER_USER streams with 429, per user', async () => {
    await waitUntil(() => events.listConnections().length === 0, 'earlier streams to close');
    const tabs = await Promise.all([1, 2, 3].map((n) => connect(alice, `tab-cap-${n}`)));
    const refused = await SseClient.open(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-cap-4' });
    await refused.waitForEnd();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expectApiError({ status: refused.status, body: JSON.parse(refused.body) }, 'TOO_MANY_STREAMS', { limit: 3 });
    const otherUser = await connect(bob, 'tab-bob'); // the cap is per user
    tabs[0].close();
    await waitUntil(() => events.listConnections().filter((c) => c.userId === alice.id).length === 2, 'one fewer');
    await waitUntil(
      async () => (await openStreamRows(t, alice.id)) === 2,
      'the closed stream to leave the shared table',
    );
    const again = await connect(alice, 'tab-cap-5');
    expect(again.status).toBe(200);
    for (const c of [...tabs, otherUser, again]) c.close();
    await waitUntil(() => events.listConnections().length === 0, 'all streams to close');
    // Closes are recorded in batches after the sockets closed: the next test opens alice's streams again.
    await waitUntil(async () => (await openStreamRows(t)) === 0, 'every stream row to be removed');
  });

  it('closes and removes every connection after many connect/disconnect cycles', async () => {
    let completed = 0;
    const cycles = 40;
    for (let round = 0; round < cycles / 2; round++) {
      const pair = await Promise.all([connect(alice, `tab-cycle-${round}`), connect(bob, `tab-cycle-${round}`)]);
      for (const connection of events.listConnections()) {
        void connection.whenClosed().then(() => completed++);
      }
      for (const client of pair) client.close();
      await waitUntil(() => events.listConnections().length === 0, `round ${round} to close`);
    }
    expect(completed).toBe(cycles);
    expect(events.listConnections()).toHaveLength(0);
    await waitUntil(async () => (await openStreamRows(t)) === 0, 'every stream row to be removed');
    expect(await events.tabIdleSince(alice.id, 'tab-cycle-3')).toEqual(expect.any(Number));
  });

  it('sends session-expired and ends the stream when the session JWT expires', async () => {
    const token = await t.app.get(JwtService).signAsync({ sub: alice.id }, { expiresIn: 3 });
    const client = await connect({ ...alice, cookie: `tdgen_session=${token}` }, 'tab-expiring');
    const expired = await client.waitFor((e) => e.type === 'session-expired', 'session-expired');
    expect(expired).toMatchObject({ id: 0, data: {} });
    await client.waitForEnd();
    await waitUntil(() => events.listConnections().length === 0, 'the expired stream to be removed');
  });

  it('ends every stream of a user an administrator disables with session-expired, and only theirs', async () => {
    const admin = await t.agent('admin');
    const created = await admin
      .post('/api/users')
      .send({ username: 'dora', displayName: 'Dora', role: 'EDITOR', password: 'dora-password-1' })
      .expect(201);
    const doraId = created.body.id as number;
    const login = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: 'dora', password: 'dora-password-1' })
      .expect(200);
    const doraCookie = String(login.headers['set-cookie']).split(';')[0];
    const doraTabs = await Promise.all(
      ['tab-dora-1', 'tab-dora-2'].map((clientId) => SseClient.connect(t.baseUrl, { cookie: doraCookie, clientId })),
    );
    open.push(...doraTabs);
    const bystander = await connect(bob, 'tab-bystander');

    await admin.patch(`/api/users/${doraId}`).send({ disabled: true }).expect(200);
    for (const tab of doraTabs) {
      const ended = await tab.waitFor((e) => e.type === 'session-expired', 'session-expired');
      expect(ended).toMatchObject({ id: 0, data: {} });
      await tab.waitForEnd();
    }
    await waitUntil(
      () => events.listConnections().every((c) => c.userId !== doraId),
      "the disabled user's streams to be removed",
    );
    expect(events.listConnections().filter((c) => c.userId === bob.id)).toHaveLength(1);
    const probe = await publishProbe(events, 30);
    await bystander.waitFor((e) => e.id === probe.id, 'the probe at the bystander');
    expect(bystander.envelopes.some((e) => e.type === 'session-expired')).toBe(false);
    const reconnect = await SseClient.open(t.baseUrl, { cookie: doraCookie, clientId: 'tab-dora-1' });
    await reconnect.waitForEnd();
    expect(reconnect.status).toBe(401);
    bystander.close();
    await waitUntil(() => events.listConnections().length === 0, 'the bystander stream to close');
  });

  it('ends the streams of the signed-out session on logout, not those of the same user elsewhere', async () => {
    const [thisBrowser, otherBrowser] = [await signIn(t, 'bob'), await signIn(t, 'bob')];
    const tabs = [await connect(thisBrowser, 'tab-logout-1'), await connect(thisBrowser, 'tab-logout-2')];
    const elsewhere = await connect(otherBrowser, 'tab-elsewhere');

    await thisBrowser.post('/api/auth/logout').expect(204);
    for (const tab of tabs) {
      expect(await tab.waitFor((e) => e.type === 'session-expired', 'session-expired')).toMatchObject({ id: 0 });
      await tab.waitForEnd();
    }
    await waitUntil(
      () => events.listConnections().filter((c) => c.userId === bob.id).length === 1,
      "the signed-out session's streams to be removed",
    );
    const probe = await publishProbe(events, 31);
    await elsewhere.waitFor((e) => e.id === probe.id, 'the probe in the other browser');
    expect(elsewhere.envelopes.some((e) => e.type === 'session-expired')).toBe(false);
    elsewhere.close();
    await waitUntil(() => events.listConnections().length === 0, 'the other stream to close');
  });
});

/** Rows of the shared stream table (TabLiveness): of one user, or all. */
async function openStreamRows(t: TestApp, userId?: number): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM event_streams WHERE $1::int IS NULL OR user_id = $1',
    [userId ?? null],
  );
  return rows[0].n;
}

describe('event stream on shutdown (docs/product.md § Events, § Limits)', () => {
  it('sends server-shutdown with a jittered retry hint to every stream and closes it', async () => {
    const t = await startTestApp({ SSE_RECONNECT_TIMEOUT_MS: String(RECONNECT_MS) });
    const [alice, bob] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob')]);
    const clients = await Promise.all([
      SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-1' }),
      SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'tab-2' }),
    ]);
    const closing = t.close();
    for (const client of clients) {
      const shutdown = await client.waitFor((e) => e.type === 'server-shutdown', 'server-shutdown');
      if (shutdown.type !== 'server-shutdown') throw new Error('unreachable');
      expect(shutdown.data.retryAfterMs).toBeGreaterThanOrEqual(RECONNECT_MS * 0.5);
      expect(shutdown.data.retryAfterMs).toBeLessThanOrEqual(RECONNECT_MS * 1.5);
      await client.waitForEnd();
    }
    await closing;
  });
});
