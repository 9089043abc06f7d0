import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, LockEndedEventData, PresenceEventData } from '@tdgen/contracts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { eventsOf } from './support/events';
import { insertJobDescription, insertJobTask } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './support/test-app';
import { waitUntil } from './support/wait-until';

const ROOT = path.resolve(process.cwd(), '../..');
const API_MAIN = path.join(ROOT, 'dist', 'apps', 'api', 'main.js');
/** Short liveness timings: an instance is dead 1 s after its last heartbeat, an orphan lock 1 s after its tab. */
const TIMINGS = {
  INSTANCE_HEARTBEAT_INTERVAL_MS: '200',
  INSTANCE_DEAD_AFTER_MS: '1000',
  LOCK_SWEEP_INTERVAL_MS: '200',
  LOCK_ORPHAN_GRACE_MS: '1000',
  SSE_RECONNECT_TIMEOUT_MS: '200',
};

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

/** The built API (`nx build api`, cached when nothing changed) as a real child process on the shared database. */
async function spawnInstance(
  database: TestDatabase,
  instanceId: string,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      PATH: process.env['PATH'],
      DATABASE_URL: database.url,
      JWT_SECRET: database.jwtSecret,
      PORT: String(port),
      INSTANCE_ID: instanceId,
      LOG_LEVEL: 'error',
      LOGIN_RATE_LIMIT: '1000',
      ...TIMINGS,
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => (await fetch(`${baseUrl}/api/health`).catch(() => null))?.ok,
    `instance ${instanceId} to answer`,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  return { child, baseUrl };
}

const isLockEnd = (entityId: number) => (e: AnySseEnvelope) =>
  e.type === 'lock:expired' && (e.data as LockEndedEventData).lock.entityId === entityId;
const isLeaveOf = (clientId: string) => (e: AnySseEnvelope) =>
  e.type === 'user:left-workspace' && (e.data as PresenceEventData).clientId === clientId;

/**
 * `kill -9` of one of three instances (docs/adr/0015-event-log-in-postgresql.md): the one that
 * dies is a real child process running the built API; the two survivors run in this process and
 * both reap and sweep, so "exactly once" is checked against two candidates.
 */
describe('an API instance killed without a goodbye (docs/product.md § Events, § Locks, § Presence)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let c: TestApp;
  let victim: { child: ChildProcess; baseUrl: string };

  beforeAll(async () => {
    // A build of its own, not a task of the `nx run-many -t test` this suite may run under: without
    // that parent's NX_INVOCATION_ROOT_PID, Nx does not take it (or nx-serve.spec's build running
    // in another worker at the same moment) for a recursive invocation of api:build.
    const env = { ...process.env };
    delete env.NX_INVOCATION_ROOT_PID;
    const build = spawnSync('npx', ['nx', 'build', 'api', '--outputStyle=static'], {
      cwd: ROOT,
      env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`nx build api failed:\n${build.stdout}\n${build.stderr}`);
    database = await createTestDatabase();
    a = await startTestApp({ ...TIMINGS, INSTANCE_ID: 'api-a' }, { database });
    c = await startTestApp({ ...TIMINGS, INSTANCE_ID: 'api-c' }, { database });
    victim = await spawnInstance(database, 'api-b');
  }, 300_000);
  afterAll(async () => {
    victim?.child.kill('SIGKILL');
    await a?.close();
    await c?.close();
    await database?.drop();
  });

  it('fails its clients over with nothing lost, and releases its gone tab’s locks and presence once', async () => {
    const [alice, bob]: Session[] = [await signIn(a, 'alice'), await signIn(a, 'bob')];
    const observer = await SseClient.connect(a.baseUrl, { cookie: bob.cookie, clientId: 'tab-observer' });
    const onVictim = (clientId: string) => SseClient.connect(victim.baseUrl, { cookie: alice.cookie, clientId });
    const staying = await onVictim('tab-stays');
    const dying = await onVictim('tab-dies');
    const toVictim = (p: string, body: object) =>
      request(victim.baseUrl)
        .post(p)
        .set('Cookie', alice.cookie)
        .send(body)
        .expect((r) => expect(r.status).toBeLessThan(300));
    const [lockedByDying, lockedByStaying] = [
      await insertJobTask(a.db, { createdBy: alice.id }),
      await insertJobTask(a.db, { createdBy: alice.id }),
    ];
    const workspace = await insertJobDescription(a.db, { createdBy: alice.id });
    await toVictim('/api/locks/acquire', { entityType: 'JobTask', entityId: lockedByDying, clientId: 'tab-dies' });
    await toVictim('/api/locks/acquire', { entityType: 'JobTask', entityId: lockedByStaying, clientId: 'tab-stays' });
    await toVictim('/api/events/presence', { clientId: 'tab-dies', jobDescriptionId: workspace });
    await toVictim('/api/events/presence', { clientId: 'tab-stays', jobDescriptionId: workspace });
    const [seen] = await eventsOf(a).publishProbes(1);
    await staying.waitFor((e) => e.id === seen.id, 'the last event before the crash');

    victim.child.kill('SIGKILL');
    await Promise.all([staying.waitForEnd(), dying.waitForEnd()]);
    // While the browser is away, both survivors write.
    const missed = [...(await eventsOf(a).publishProbes(2)), ...(await eventsOf(c).publishProbes(2))];
    const resumed = await SseClient.connect(c.baseUrl, {
      cookie: alice.cookie,
      clientId: 'tab-stays',
      lastEventIdHeader: String(seen.id),
    });
    await resumed.waitFor((e) => e.id === missed[3].id, 'the missed events after the failover');
    expect(resumed.envelopes.filter((e) => e.id === 0 && e.type !== 'heartbeat').map((e) => e.type)).toEqual(['hello']);
    expect(resumed.envelopes.filter((e) => e.id > 0).slice(0, 4)).toEqual(missed);

    // The tab that did not come back: its lock ends as orphaned and it leaves the workspace.
    const released = await observer.waitFor(isLockEnd(lockedByDying), 'the orphaned lock to be released', 20_000);
    expect(released.data).toMatchObject({ reason: 'orphaned', lock: { clientId: 'tab-dies' } });
    await observer.waitFor(isLeaveOf('tab-dies'), 'the gone tab to leave the workspace', 20_000);
    await waitUntil(
      async () => (await a.db.query("SELECT 1 FROM api_instances WHERE id = 'api-b'")).rowCount === 0,
      'the dead instance to be reaped',
    );
    // Several more heartbeats and sweeps of both survivors, then a marker: a duplicate would be here.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [marker] = await eventsOf(c).publishProbes(1);
    await observer.waitFor((e) => e.id === marker.id, 'the marker');
    expect(observer.envelopes.filter(isLockEnd(lockedByDying))).toHaveLength(1);
    expect(observer.envelopes.filter(isLeaveOf('tab-dies'))).toHaveLength(1);
    // The tab that failed over keeps its lock and its presence.
    expect(observer.envelopes.filter(isLockEnd(lockedByStaying))).toHaveLength(0);
    expect(observer.envelopes.filter(isLeaveOf('tab-stays'))).toHaveLength(0);
    const status = await alice.get(`/api/locks/status?entityType=JobTask&entityId=${lockedByStaying}`).expect(200);
    expect(status.body.lock).toMatchObject({ clientId: 'tab-stays' });
    const { rows } = await a.db.query('SELECT instance_id FROM event_streams WHERE client_id = $1', ['tab-stays']);
    expect(rows).toEqual([{ instance_id: 'api-c' }]);
    for (const client of [observer, resumed]) client.close();
  }, 120_000);
});
