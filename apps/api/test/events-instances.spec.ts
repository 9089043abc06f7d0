import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, DomainEnvelope, LockDto } from '@tdgen/contracts';
import request from 'supertest';
import { eventsOf } from './support/events';
import { insertJobTask } from './support/raw-records';
import { signIn, SseClient, type OpenOptions, type Session } from './support/sse-client';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './support/test-app';
import { waitUntil } from './support/wait-until';

const domain = (client: SseClient) => client.envelopes.filter((e) => e.id > 0);
const streamTypes = (client: SseClient) =>
  client.envelopes.filter((e) => e.id === 0 && e.type !== 'heartbeat').map((e) => e.type);

/**
 * Two API instances on one PostgreSQL (docs/adr/0015-event-log-in-postgresql.md): events cross
 * between them through the log and LISTEN/NOTIFY, a client moves from one to the other without
 * losing anything, and the per-user cap and logout hold across both. (Both run in this process:
 * they share passport's strategy registry, harmless here as both use one database and one
 * secret; the instance that dies in events-instance-crash.spec.ts is a real child process.)
 */
describe('several API instances on one database (docs/product.md § Events)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let alice: Session;
  let bob: Session;
  const clients: SseClient[] = [];
  const connect = async (app: TestApp, session: Session, clientId: string, options: OpenOptions = {}) => {
    const client = await SseClient.connect(app.baseUrl, { cookie: session.cookie, clientId, ...options });
    clients.push(client);
    return client;
  };
  /** A POST with the session's cookie to the given instance. */
  const postTo = (app: TestApp, session: Session, path: string, body: object) =>
    request(app.baseUrl).post(path).set('Cookie', session.cookie).send(body);

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { SSE_MAX_CONNECTIONS_PER_USER: '3', SSE_RECONNECT_TIMEOUT_MS: '200' };
    a = await startTestApp({ ...env, INSTANCE_ID: 'api-a' }, { database });
    b = await startTestApp({ ...env, INSTANCE_ID: 'api-b' }, { database });
    [alice, bob] = await Promise.all([signIn(a, 'alice'), signIn(b, 'bob')]);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitUntil(
      async () => (await a.db.query('SELECT 1 FROM event_streams')).rowCount === 0,
      'every stream of the test to leave the shared table',
    );
  });
  afterAll(async () => {
    await a.close(); // b was started last: its passport strategy serves both until the end
    await b.close();
    await database.drop();
  });

  it('delivers an event written through instance A to a stream on instance B, with the same id', async () => {
    const onA = await connect(a, bob, 'tab-on-a');
    const onB = await connect(b, bob, 'tab-on-b');
    const id = await insertJobTask(a.db, { createdBy: alice.id });
    const acquired = await postTo(a, alice, '/api/locks/acquire', {
      entityType: 'JobTask',
      entityId: id,
      clientId: 't',
    });
    expect(acquired.status).toBe(200);
    const isAcquired = (e: AnySseEnvelope) =>
      e.type === 'lock:acquired' && (e.data as { lock: LockDto }).lock.entityId === id;
    const [seenOnA, seenOnB] = await Promise.all([
      onA.waitFor(isAcquired, 'lock:acquired on A'),
      onB.waitFor(isAcquired, 'lock:acquired on B'),
    ]);
    expect(seenOnB).toEqual(seenOnA);
    expect(seenOnB.data).toEqual({ lock: acquired.body.lock });
    await postTo(a, alice, '/api/locks/release', { entityType: 'JobTask', entityId: id, clientId: 't' }).expect(204);
  });

  it('lets a client that dropped from A resume on B with Last-Event-ID and miss nothing', async () => {
    const first = await connect(a, bob, 'tab-moving');
    const seen = await eventsOf(a).publishProbes(3);
    await first.waitFor((e) => e.id === seen[2].id, 'the third event on A');
    first.close();
    const missed = [...(await eventsOf(a).publishProbes(2)), ...(await eventsOf(b).publishProbes(2))];
    const second = await connect(b, bob, 'tab-moving', { lastEventIdHeader: String(seen[2].id) });
    const [live] = await eventsOf(a).publishProbes(1);
    await second.waitFor((e) => e.id === live.id, 'a live event on B');
    expect(streamTypes(second)).toEqual(['hello']);
    expect(domain(second)).toEqual([...missed, live]);
  });

  it('counts SSE_MAX_CONNECTIONS_PER_USER over both instances', async () => {
    await connect(a, alice, 'tab-cap-1');
    await connect(b, alice, 'tab-cap-2');
    await connect(a, alice, 'tab-cap-3');
    for (const app of [a, b]) {
      const refused = await SseClient.open(app.baseUrl, { cookie: alice.cookie, clientId: 'tab-cap-4' });
      await refused.waitForEnd();
      expect(refused.status).toBe(429);
    }
    clients.pop()?.close(); // tab-cap-3 on A closes: B accepts one again
    await waitUntil(
      async () => (await a.db.query('SELECT 1 FROM event_streams WHERE user_id = $1', [alice.id])).rowCount === 2,
      'the closed stream to leave the shared table',
    );
    expect((await connect(b, alice, 'tab-cap-5')).status).toBe(200);
  });

  it('ends the signed-out session’s stream on the other instance at logout', async () => {
    const browser = await signIn(a, 'bob');
    const elsewhere = await signIn(b, 'bob');
    const onB = await connect(b, browser, 'tab-logout');
    const otherBrowserOnB = await connect(b, elsewhere, 'tab-other-browser');
    await browser.post('/api/auth/logout').expect(204); // through instance A
    expect(await onB.waitFor((e) => e.type === 'session-expired', 'session-expired on B')).toMatchObject({ id: 0 });
    await onB.waitForEnd();
    const [probe] = await eventsOf(a).publishProbes(1);
    await otherBrowserOnB.waitFor((e) => e.id === probe.id, 'the probe in the other browser');
    expect(otherBrowserOnB.envelopes.some((e) => e.type === 'session-expired')).toBe(false);
  });

  it('shows every event exactly once, in id order, on every stream while 100 writers race on two instances', async () => {
    const streams = [
      await connect(a, bob, 'tab-race-a1'),
      await connect(a, alice, 'tab-race-a2'),
      await connect(b, bob, 'tab-race-b1'),
      await connect(b, alice, 'tab-race-b2'),
    ];
    const from = await eventsOf(a).lastEventId();
    const tasks = await Promise.all(Array.from({ length: 100 }, () => insertJobTask(a.db, { createdBy: alice.id })));
    const answers = await Promise.all(
      tasks.map((entityId, i) =>
        postTo(i % 2 === 0 ? a : b, i % 4 < 2 ? alice : bob, '/api/locks/acquire', {
          entityType: 'JobTask',
          entityId,
          clientId: `writer-${i}`,
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(tasks.map(() => 200));
    const { rows } = await a.db.query<{ id: string }>('SELECT e.id::text FROM events e WHERE e.id > $1 ORDER BY e.id', [
      from,
    ]);
    const committed = rows.map((r) => Number(r.id));
    expect(committed).toHaveLength(100);
    for (const stream of streams) {
      await stream.waitFor((e) => e.id === committed[99], 'the last event', 30_000);
      const ids = domain(stream)
        .map((e) => e.id)
        .filter((id) => id > from);
      expect(ids).toEqual(committed); // all of them, each once, ascending
    }
    const lockedOnStreams = domain(streams[2])
      .filter((e): e is DomainEnvelope & { type: 'lock:acquired' } => e.type === 'lock:acquired' && e.id > from)
      .map((e) => Number(e.data.lock.entityId))
      .sort((x, y) => x - y);
    expect(lockedOnStreams).toEqual(tasks.map(Number).sort((x, y) => x - y));
  }, 60_000);
});
