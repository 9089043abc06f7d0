import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, LockEndedEventData, LockEntityType } from '@tdgen/contracts';
import { eventsOf, type EventsProbe } from './support/events';
import { LockSweeper } from '../src/locks/lock-sweeper.service';
import { insertJobTask } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const DURATION_MS = 3000;
const GRACE_MS = 400;

const expiredOf = (entityId: number) => (e: AnySseEnvelope) =>
  e.type === 'lock:expired' && (e.data as LockEndedEventData).lock.entityId === entityId;

describe('lock expiry and orphan sweeping (docs/product.md § Locks)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let sweeper: LockSweeper;
  let alice: Session;
  let bob: Session;
  let observer: SseClient;
  const clients: SseClient[] = [];
  const connect = async (session: Session, clientId: string) => {
    const client = await SseClient.connect(t.baseUrl, { cookie: session.cookie, clientId });
    clients.push(client);
    return client;
  };
  const acquire = (s: Session, entityType: LockEntityType, entityId: number, clientId: string) =>
    s.post('/api/locks/acquire', { entityType, entityId, clientId }).expect(200);
  const task = () => insertJobTask(t.db, { createdBy: alice.id });
  /** Two more sweeps, then a marker through the stream: any duplicate would have arrived by now. */
  const afterMoreSweeps = async () => {
    await sweeper.sweep();
    await sweeper.sweep();
    const marker = await events.publish({
      type: 'job-task:permanent-deleted',
      data: { id: 0 },
      userId: null,
      clientId: null,
    });
    await observer.waitFor((e) => e.id === marker.id, 'the marker');
  };

  beforeAll(async () => {
    t = await startTestApp({
      LOCK_DURATION_MS: String(DURATION_MS),
      LOCK_REFRESH_INTERVAL_MS: '1000',
      LOCK_SWEEP_INTERVAL_MS: '100',
      LOCK_ORPHAN_GRACE_MS: String(GRACE_MS),
    });
    events = eventsOf(t);
    sweeper = t.app.get(LockSweeper);
    [alice, bob] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob')]);
  });
  beforeEach(async () => {
    observer = await connect(bob, 'tab-observer');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitUntil(() => events.listConnections().length === 0, 'every stream of the test to close');
  });
  afterAll(() => t.close());

  it('expires a lock whose holder tab is live after LOCK_DURATION_MS, with exactly one lock:expired', async () => {
    await connect(alice, 'tab-live');
    const id = await task();
    const acquired = await acquire(alice, 'JobTask', id, 'tab-live');
    const expired = await observer.waitFor(expiredOf(id), 'lock:expired');
    expect(expired).toMatchObject({
      userId: null,
      clientId: null,
      data: { lock: acquired.body.lock, by: null, reason: 'expired' },
    });
    expect(Date.parse(expired.timestamp)).toBeGreaterThanOrEqual(Date.parse(acquired.body.lock.expiresAt));
    await afterMoreSweeps();
    expect(observer.envelopes.filter(expiredOf(id))).toHaveLength(1);
    await alice.get(`/api/locks/status?entityType=JobTask&entityId=${id}`).expect(200, { lock: null });
  });

  it('emits lock:expired once when several sweepers race for the same expired locks', async () => {
    await connect(alice, 'tab-live');
    const ids = [await task(), await task(), await task()];
    for (const id of ids) await acquire(alice, 'JobTask', id, 'tab-live');
    await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = ANY($1)`, [ids]);
    const results = await Promise.all([sweeper.sweep(), sweeper.sweep(), sweeper.sweep(), sweeper.sweep()]);
    await afterMoreSweeps();
    for (const id of ids) expect(observer.envelopes.filter(expiredOf(id))).toHaveLength(1);
    const sweptHere = results.flatMap((r) => r.expired).map((l) => l.entityId);
    expect(new Set(sweptHere).size).toBe(sweptHere.length); // no lock reported by two sweepers
  });

  it('releases as orphaned the lock of a tab that never opened a stream, after the grace period', async () => {
    const id = await task();
    const acquired = await acquire(alice, 'JobTask', id, 'tab-without-stream');
    const orphaned = await observer.waitFor(expiredOf(id), 'lock:expired');
    expect(orphaned.data).toMatchObject({ lock: { clientId: 'tab-without-stream' }, reason: 'orphaned' });
    expect(Date.parse(orphaned.timestamp) - Date.parse(acquired.body.lock.acquiredAt)).toBeGreaterThanOrEqual(
      GRACE_MS - 50,
    );
    expect(Date.parse(orphaned.timestamp)).toBeLessThan(Date.parse(acquired.body.lock.expiresAt));
    await afterMoreSweeps();
    expect(observer.envelopes.filter(expiredOf(id))).toHaveLength(1);
  });

  it('keeps the lock of a live tab, and releases it once the tab has been gone for the grace period', async () => {
    const tab = await connect(alice, 'tab-closing');
    const id = await task();
    await acquire(alice, 'JobTask', id, 'tab-closing');
    // Long past the grace period (as the sweeper sees it) the live tab keeps its lock.
    expect((await sweeper.sweep(Date.now() + 10 * GRACE_MS)).orphaned).toEqual([]);
    tab.close();
    const goneAt = await waitUntil(() => events.tabIdleSince(alice.id, 'tab-closing'), 'the server to see the tab go');
    const orphaned = await observer.waitFor(expiredOf(id), 'lock:expired');
    expect(orphaned.data).toMatchObject({ reason: 'orphaned', lock: { clientId: 'tab-closing' } });
    expect(Date.parse(orphaned.timestamp) - goneAt).toBeGreaterThanOrEqual(GRACE_MS - 5);
  });

  it('ends the lock of a record that was permanently deleted', async () => {
    await connect(alice, 'tab-live');
    const id = await task();
    await acquire(alice, 'JobTask', id, 'tab-live');
    await t.db.query('DELETE FROM job_tasks WHERE id = $1', [id]);
    const ended = await observer.waitFor(expiredOf(id), 'lock:expired');
    expect(ended.data).toMatchObject({ reason: 'record deleted', lock: { entityId: id } });
  });

  it('does not release the lock of a tab that reconnected within the grace period', async () => {
    // The periodic sweep is paused so that a slow reconnect on a loaded machine cannot race the
    // check; the sweep below looks at a moment far past the grace period instead.
    await sweeper.onModuleDestroy();
    try {
      const first = await connect(alice, 'tab-flaky');
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-flaky');
      first.close();
      await waitUntil(
        async () => (await events.tabIdleSince(alice.id, 'tab-flaky')) !== null,
        'the server to see the drop',
      );
      await connect(alice, 'tab-flaky');
      expect((await sweeper.sweep(Date.now() + 10 * GRACE_MS)).orphaned).toEqual([]);
      expect((await alice.get(`/api/locks/status?entityType=JobTask&entityId=${id}`)).body.lock).toMatchObject({
        clientId: 'tab-flaky',
      });
    } finally {
      sweeper.onModuleInit();
    }
  });
});
