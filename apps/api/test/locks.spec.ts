import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainEnvelope, LockDto, LockEntityType } from '@tdgen/contracts';
import type { Subscription } from 'rxjs';
import request from 'supertest';
import { EventLog } from '../src/events/event-log';
import { LocksService } from '../src/locks/locks.service';
import { PrismaService } from '../src/prisma/prisma.service';
import { insertJobDescription, insertJobTask } from './support/raw-records';
import { signIn, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';
import { expectApiError } from './support/api-errors';

const DURATION_MS = 10 * 60_000;

describe('pessimistic locks (docs/product.md § Locks)', () => {
  let t: TestApp;
  let locks: LocksService;
  let prisma: PrismaService;
  let alice: Session;
  let bob: Session;
  let admin: Session;
  let published: DomainEnvelope[] = [];
  let subscription: Subscription;

  const acquire = (s: Session, entityType: LockEntityType, entityId: number, clientId: string, takeover?: boolean) =>
    s.post('/api/locks/acquire', { entityType, entityId, clientId, ...(takeover === undefined ? {} : { takeover }) });
  const task = () => insertJobTask(t.db, { createdBy: admin.id });
  const lockEvents = () => published.filter((e) => e.type.startsWith('lock:'));
  /** Runs LocksService.assertHeld the way a domain write does: inside a transaction. */
  const writeAs = (s: Session, clientId: string, entityType: LockEntityType, entityId: number) =>
    prisma.$transaction((tx) => locks.assertHeld(tx, entityType, entityId, s.id, clientId));
  const lockCount = async () => Number((await t.db.query('SELECT count(*) FROM locks')).rows[0].count);

  beforeAll(async () => {
    t = await startTestApp({ LOCK_DURATION_MS: String(DURATION_MS) });
    locks = t.app.get(LocksService);
    prisma = t.app.get(PrismaService);
    subscription = t.app.get(EventLog).committed.subscribe((e) => published.push(e));
    [alice, bob, admin] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob'), signIn(t, 'admin')]);
  });
  afterEach(() => {
    published = [];
  });
  afterAll(async () => {
    subscription.unsubscribe();
    await t.close();
  });

  describe('acquire', () => {
    it('grants a free record and names holder, tab and expiry', async () => {
      const id = await task();
      const before = Date.now();
      const res = await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      const lock: LockDto = res.body.lock;
      expect(lock).toEqual({
        entityType: 'JobTask',
        entityId: id,
        holder: { id: alice.id, displayName: 'Alice Editor' },
        clientId: 'tab-a',
        acquiredAt: expect.any(String),
        expiresAt: expect.any(String),
        fence: expect.any(Number),
      });
      expect(Date.parse(lock.expiresAt) - Date.parse(lock.acquiredAt)).toBe(DURATION_MS);
      expect(Date.parse(lock.acquiredAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(lockEvents()).toMatchObject([
        { type: 'lock:acquired', data: { lock }, userId: alice.id, clientId: 'tab-a' },
      ]);
    });

    it('answers 423 naming the holder to another user', async () => {
      const id = await task();
      const { body } = await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      const refused = await acquire(bob, 'JobTask', id, 'tab-b').expect(423);
      expect(refused.body).toMatchObject({ statusCode: 423, error: 'LOCKED', lock: body.lock });
      expectApiError(refused, 'LOCKED', {
        heldBySelfElsewhere: false,
        record: { entityType: 'JobTask', id },
        lock: { holder: { displayName: 'Alice Editor' } },
      });
      expect(refused.body.message).toMatch(/Alice Editor/);
    });

    it('is re-entrant for the same tab: extends the expiry, keeps acquiredAt, publishes lock:refreshed', async () => {
      const id = await task();
      const first = (await acquire(alice, 'JobTask', id, 'tab-a').expect(200)).body.lock as LockDto;
      const again = (await acquire(alice, 'JobTask', id, 'tab-a').expect(200)).body.lock as LockDto;
      expect(again.acquiredAt).toBe(first.acquiredAt);
      expect(Date.parse(again.expiresAt)).toBeGreaterThanOrEqual(Date.parse(first.expiresAt));
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired', 'lock:refreshed']);
    });

    it('tells the same user in another tab (heldBySelfElsewhere) and allows an explicit takeover', async () => {
      const id = await task();
      const old = (
        await acquire(alice, 'JobDescription', await insertJobDescription(t.db, { createdBy: alice.id }), 'x').expect(
          200,
        )
      ).body.lock as LockDto;
      expect(old.clientId).toBe('x');
      await acquire(alice, 'JobTask', id, 'tab-old').expect(200);
      const refused = await acquire(alice, 'JobTask', id, 'tab-new').expect(423);
      expect(refused.body).toMatchObject({ heldBySelfElsewhere: true, lock: { clientId: 'tab-old' } });
      await acquire(bob, 'JobTask', id, 'tab-bob', true).expect(423); // takeover is for the same user only
      published = [];
      const taken = await acquire(alice, 'JobTask', id, 'tab-new', true).expect(200);
      expect(taken.body.lock).toMatchObject({ clientId: 'tab-new', holder: { id: alice.id } });
      expect(lockEvents()).toMatchObject([
        {
          type: 'lock:broken',
          data: {
            lock: { clientId: 'tab-old' },
            by: { id: alice.id, displayName: 'Alice Editor' },
            reason: 'taken over',
          },
        },
        { type: 'lock:acquired', data: { lock: { clientId: 'tab-new' } } },
      ]);
      // The old tab's late write is refused; the new tab may write.
      await expect(writeAs(alice, 'tab-old', 'JobTask', id)).rejects.toMatchObject({ status: 423 });
      await expect(writeAs(alice, 'tab-new', 'JobTask', id)).resolves.toBeUndefined();
    });

    it('takes over an expired lock of someone else and reports the old one as expired', async () => {
      const id = await task();
      await acquire(bob, 'JobTask', id, 'tab-bob').expect(200);
      await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = $1`, [id]);
      published = [];
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      expect(lockEvents()).toMatchObject([
        { type: 'lock:expired', data: { lock: { holder: { id: bob.id } }, by: null, reason: 'expired' } },
        { type: 'lock:acquired', data: { lock: { holder: { id: alice.id } } } },
      ]);
      await expect(writeAs(bob, 'tab-bob', 'JobTask', id)).rejects.toMatchObject({ status: 423 });
    });

    it('answers 404 for unknown records and 409 for a deleted description', async () => {
      await acquire(alice, 'JobTask', 999_999, 'tab-a').expect(404);
      const missing = await acquire(alice, 'JobDescription', 999_999, 'tab-a').expect(404);
      expect(missing.body.message).toBe('Job description 999999 does not exist');
      const deleted = await insertJobDescription(t.db, { createdBy: alice.id, deleted: true });
      const res = await acquire(alice, 'JobDescription', deleted, 'tab-a').expect(409);
      expect(res.body.message).toMatch(/deleted/);
      // A deleted task stays lockable: its holder may still change it, and the rules for
      // restore and permanent delete do not need a lock (docs/product.md § Deletion and restore).
      await acquire(
        alice,
        'JobTask',
        await insertJobTask(t.db, { createdBy: alice.id, deleted: true }),
        'tab-a',
      ).expect(200);
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired']);
    });

    it('answers 403 to an editor on a read-only record and lets an admin lock it', async () => {
      const readOnlyTask = await insertJobTask(t.db, { createdBy: admin.id, readOnlyForEditors: true });
      const readOnlyDescription = await insertJobDescription(t.db, { createdBy: admin.id, readOnlyForEditors: true });
      await acquire(alice, 'JobTask', readOnlyTask, 'tab-a').expect(403);
      await acquire(bob, 'JobDescription', readOnlyDescription, 'tab-b').expect(403);
      await acquire(admin, 'JobTask', readOnlyTask, 'tab-admin').expect(200);
      await acquire(admin, 'JobDescription', readOnlyDescription, 'tab-admin').expect(200);
    });

    it('lets exactly one of 50 concurrent acquirers win', async () => {
      const id = await insertJobDescription(t.db, { createdBy: admin.id });
      const sessions = [alice, bob, admin];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => acquire(sessions[i % 3], 'JobDescription', id, `tab-race-${i}`)),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 423)).toHaveLength(49);
      const winner = results.find((r) => r.status === 200)?.body.lock as LockDto;
      for (const r of results.filter((x) => x.status === 423)) expect(r.body.lock).toEqual(winner);
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired']);
      const { rows } = await t.db.query('SELECT client_id FROM locks WHERE entity_id = $1 AND entity_type = $2', [
        id,
        'JobDescription',
      ]);
      expect(rows).toEqual([{ client_id: winner.clientId }]);
    });

    it('lets exactly one of 50 concurrent acquirers win an expired lock, with one expired event', async () => {
      const id = await task();
      await acquire(bob, 'JobTask', id, 'tab-bob').expect(200);
      await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = $1`, [id]);
      published = [];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => acquire(i % 2 ? alice : admin, 'JobTask', id, `tab-${i}`)),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 423)).toHaveLength(49);
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:expired', 'lock:acquired']);
    });
  });

  describe('release, refresh, break', () => {
    it('releases for the holder only; others get 423 and the lock stays', async () => {
      const id = await task();
      const ref = { entityType: 'JobTask', entityId: id, clientId: 'tab-a' };
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      await bob.post('/api/locks/release', { ...ref, clientId: 'tab-b' }).expect(423);
      const otherTab = await alice.post('/api/locks/release', { ...ref, clientId: 'tab-z' }).expect(423);
      expect(otherTab.body.heldBySelfElsewhere).toBe(true);
      expect(
        (await alice.get(`/api/locks/status?entityType=JobTask&entityId=${id}`).expect(200)).body.lock,
      ).not.toBeNull();
      await alice.post('/api/locks/release', ref).expect(204);
      expect((await alice.get(`/api/locks/status?entityType=JobTask&entityId=${id}`).expect(200)).body).toEqual({
        lock: null,
      });
      await alice.post('/api/locks/release', ref).expect(204); // nothing left to release: a no-op
      expect(lockEvents()).toMatchObject([
        { type: 'lock:acquired' },
        { type: 'lock:released', data: { lock: { entityId: id, clientId: 'tab-a' }, by: null, reason: null } },
      ]);
      await expect(writeAs(alice, 'tab-a', 'JobTask', id)).rejects.toMatchObject({ status: 428 });
    });

    it('accepts a release sent by navigator.sendBeacon as text/plain, validated like JSON', async () => {
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      const beacon = (body: string) => alice.post('/api/locks/release').set('Content-Type', 'text/plain').send(body);
      await beacon('not json').expect(400);
      await beacon('[]').expect(400);
      await beacon(JSON.stringify({ entityType: 'JobTask', entityId: id, clientId: 'tab-a', extra: 1 })).expect(400);
      await beacon(JSON.stringify({ entityType: 'JobTask', entityId: String(id), clientId: 'tab-a' })).expect(400);
      expect(await lockCount()).toBeGreaterThan(0);
      await beacon(JSON.stringify({ entityType: 'JobTask', entityId: id, clientId: 'tab-a' })).expect(204);
      expect(await locks.status('JobTask', id)).toBeNull();
    });

    it('refreshes for the holder only: 423 for others, 428 without a lock', async () => {
      const id = await task();
      const first = (await acquire(alice, 'JobTask', id, 'tab-a').expect(200)).body.lock as LockDto;
      await new Promise((resolve) => setTimeout(resolve, 5)); // expiresAt has millisecond resolution
      const refreshed = await alice.post('/api/locks/refresh', {
        entityType: 'JobTask',
        entityId: id,
        clientId: 'tab-a',
      });
      expect(refreshed.status).toBe(200);
      expect(Date.parse(refreshed.body.lock.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
      expect(refreshed.body.lock.acquiredAt).toBe(first.acquiredAt);
      await bob.post('/api/locks/refresh', { entityType: 'JobTask', entityId: id, clientId: 'tab-b' }).expect(423);
      const none = await alice
        .post('/api/locks/refresh', { entityType: 'JobTask', entityId: await task(), clientId: 'tab-a' })
        .expect(428);
      expect(none.body).toMatchObject({ statusCode: 428, error: 'LOCK_REQUIRED' });
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired', 'lock:refreshed']);
    });

    it('lets only an admin break a lock; the former holder is told and its next write fails', async () => {
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      await writeAs(alice, 'tab-a', 'JobTask', id);
      await bob.post('/api/locks/break', { entityType: 'JobTask', entityId: id }).expect(403);
      const broken = await admin
        .post('/api/locks/break', { entityType: 'JobTask', entityId: id, reason: '  urgent fix  ' })
        .expect(200);
      expect(broken.body.lock).toMatchObject({ entityId: id, holder: { id: alice.id }, clientId: 'tab-a' });
      expect(lockEvents()).toMatchObject([
        { type: 'lock:acquired' },
        {
          type: 'lock:broken',
          userId: admin.id,
          data: { lock: { clientId: 'tab-a' }, by: { id: admin.id, displayName: 'Ada Admin' }, reason: 'urgent fix' },
        },
      ]);
      await expect(writeAs(alice, 'tab-a', 'JobTask', id)).rejects.toMatchObject({ status: 428 });
      await alice.post('/api/locks/refresh', { entityType: 'JobTask', entityId: id, clientId: 'tab-a' }).expect(428);
      await admin.post('/api/locks/break', { entityType: 'JobTask', entityId: id }).expect(404);
    });

    it('makes a break wait for a write that holds the lock, and refuses the next write', async () => {
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      let isBreakDone = false;
      let breaking: Promise<request.Response> | null = null;
      await prisma.$transaction(async (tx) => {
        await locks.assertHeld(tx, 'JobTask', id, alice.id, 'tab-a');
        breaking = admin
          .post('/api/locks/break', { entityType: 'JobTask', entityId: id })
          .then((r) => ((isBreakDone = true), r));
        await waitUntil(async () => {
          const { rows } = await t.db.query(
            `SELECT 1 FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%DELETE FROM locks%'`,
          );
          return rows.length > 0;
        }, 'the break to block on the lock row');
        expect(isBreakDone).toBe(false);
      });
      expect((await (breaking as unknown as Promise<request.Response>)).status).toBe(200);
      await expect(writeAs(alice, 'tab-a', 'JobTask', id)).rejects.toMatchObject({ status: 428 });
    });
  });

  describe('guards for domain writes', () => {
    it('assertNotHeldByOther passes without a lock or with the own one and refuses another holder', async () => {
      const id = await task();
      const check = (s: Session, clientId: string | null) =>
        prisma.$transaction((tx) => locks.assertNotHeldByOther(tx, 'JobTask', id, s.id, clientId));
      await expect(check(bob, null)).resolves.toBeUndefined();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      await expect(check(alice, 'tab-a')).resolves.toBeUndefined();
      await expect(check(bob, 'tab-b')).rejects.toMatchObject({ status: 423 });
      await expect(check(alice, 'tab-other')).rejects.toMatchObject({ status: 423 });
    });
  });

  describe('status, list, logout', () => {
    it('reports status and lists every live lock, oldest first', async () => {
      await t.db.query('DELETE FROM locks');
      const [a, b] = [await task(), await task()];
      await acquire(alice, 'JobTask', a, 'tab-a').expect(200);
      await acquire(bob, 'JobTask', b, 'tab-b').expect(200);
      const expired = await task();
      await acquire(bob, 'JobTask', expired, 'tab-b').expect(200);
      await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = $1`, [expired]);
      const list = (await alice.get('/api/locks').expect(200)).body as LockDto[];
      expect(list.map((l) => [l.entityId, l.holder.id])).toEqual([
        [a, alice.id],
        [b, bob.id],
      ]);
      expect((await bob.get(`/api/locks/status?entityType=JobTask&entityId=${a}`).expect(200)).body.lock).toEqual(
        list[0],
      );
      expect((await bob.get(`/api/locks/status?entityType=JobTask&entityId=${expired}`).expect(200)).body).toEqual({
        lock: null,
      });
    });

    it("releases all of a user's locks on logout, one lock:released each", async () => {
      await t.db.query('DELETE FROM locks');
      const carolLike = await signIn(t, 'bob');
      const [a, b] = [await task(), await task()];
      await acquire(carolLike, 'JobTask', a, 'tab-1').expect(200);
      await acquire(carolLike, 'JobTask', b, 'tab-2').expect(200);
      published = [];
      await carolLike.post('/api/auth/logout').expect(204);
      expect(lockEvents().map((e) => [e.type, (e.data as { lock: LockDto }).lock.entityId])).toEqual([
        ['lock:released', a],
        ['lock:released', b],
      ]);
      const { rows } = await t.db.query('SELECT * FROM locks WHERE user_id = $1', [bob.id]);
      expect(rows).toEqual([]);
    });
  });

  describe('bad input', () => {
    const acquireBodies: [string, unknown][] = [
      ['unknown entity type', { entityType: 'User', entityId: 1, clientId: 'a' }],
      ['string id', { entityType: 'JobTask', entityId: '1', clientId: 'a' }],
      ['negative id', { entityType: 'JobTask', entityId: -1, clientId: 'a' }],
      ['zero id', { entityType: 'JobTask', entityId: 0, clientId: 'a' }],
      ['fractional id', { entityType: 'JobTask', entityId: 1.5, clientId: 'a' }],
      ['id beyond int4', { entityType: 'JobTask', entityId: 2 ** 31, clientId: 'a' }],
      ['missing clientId', { entityType: 'JobTask', entityId: 1 }],
      ['huge clientId', { entityType: 'JobTask', entityId: 1, clientId: 'a'.repeat(10_000) }],
      ['clientId with spaces', { entityType: 'JobTask', entityId: 1, clientId: 'a b' }],
      ['non-boolean takeover', { entityType: 'JobTask', entityId: 1, clientId: 'a', takeover: 'yes' }],
      ['unknown field', { entityType: 'JobTask', entityId: 1, clientId: 'a', userId: 2 }],
      ['array body', [1, 2]],
    ];

    it.each(acquireBodies)('answers 400 to acquire with %s and writes nothing', async (_, body) => {
      const before = await lockCount();
      const res = await alice.post('/api/locks/acquire').send(body as object);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400 });
      expect(await lockCount()).toBe(before);
    });

    it('answers 400, never 500, on the other endpoints', async () => {
      for (const path of ['/api/locks/release', '/api/locks/refresh']) {
        await alice.post(path, { entityType: 'JobTask', entityId: 'x', clientId: 'a' }).expect(400);
        await alice.post(path, {}).expect(400);
      }
      await admin.post('/api/locks/break', { entityType: 'JobTask', entityId: 1, reason: 'x'.repeat(201) }).expect(400);
      await admin.post('/api/locks/break', { entityType: 'JobTask', entityId: 1, clientId: 'a' }).expect(400);
      for (const query of [
        '',
        'entityType=JobTask',
        'entityType=JobTask&entityId=abc',
        'entityType=Nope&entityId=1',
        'entityType=JobTask&entityId=-3',
        'entityType=JobTask&entityId=1&x=1',
      ]) {
        await alice.get(`/api/locks/status?${query}`).expect(400);
      }
      await alice.post('/api/locks/acquire').set('Content-Type', 'application/json').send('{"broken').expect(400);
    });

    it('answers 401 without a session', async () => {
      await request(t.baseUrl).get('/api/locks').expect(401);
      await request(t.baseUrl)
        .post('/api/locks/acquire')
        .send({ entityType: 'JobTask', entityId: 1, clientId: 'a' })
        .expect(401);
      await request(t.baseUrl).post('/api/locks/release').set('Content-Type', 'text/plain').send('{}').expect(401);
    });
  });
  describe('the one-statement fast paths (docs/adr/0016 § Fast paths)', () => {
    it('announce the same lock as the answer, and a refresh keeps acquiredAt and fence', async () => {
      const id = await task();
      const granted: LockDto = (await acquire(alice, 'JobTask', id, 'tab-fast').expect(200)).body.lock;
      const refreshed: LockDto = (await acquire(alice, 'JobTask', id, 'tab-fast').expect(200)).body.lock;
      await alice.post('/api/locks/release', { entityType: 'JobTask', entityId: id, clientId: 'tab-fast' }).expect(204);
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired', 'lock:refreshed', 'lock:released']);
      const [acquiredEvent, refreshedEvent, releasedEvent] = lockEvents();
      expect(acquiredEvent.data).toEqual({ lock: granted });
      expect(refreshedEvent.data).toEqual({ lock: refreshed });
      expect(refreshed).toEqual({ ...granted, expiresAt: refreshed.expiresAt });
      expect(Date.parse(refreshed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(granted.expiresAt));
      expect(releasedEvent.data).toEqual({ lock: refreshed, by: null, reason: null });
      expect([acquiredEvent, refreshedEvent, releasedEvent].map((e) => [e.userId, e.clientId])).toEqual([
        [alice.id, 'tab-fast'],
        [alice.id, 'tab-fast'],
        [alice.id, 'tab-fast'],
      ]);
      expect(await lockCount()).toBe(0);
    });

    it('leave a record they cannot decide alone to the full path (read-only for editors, held by another)', async () => {
      const readOnly = await insertJobTask(t.db, { createdBy: admin.id, readOnlyForEditors: true });
      expectApiError(await acquire(alice, 'JobTask', readOnly, 'tab-a'), 'RECORD_READ_ONLY');
      await acquire(admin, 'JobTask', readOnly, 'tab-admin').expect(200);
      expectApiError(await acquire(bob, 'JobTask', readOnly, 'tab-b'), 'RECORD_READ_ONLY');
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      expectApiError(await acquire(bob, 'JobTask', id, 'tab-b'), 'LOCKED');
      expectApiError(await acquire(alice, 'JobTask', id, 'tab-other'), 'LOCKED', { heldBySelfElsewhere: true });
      await admin
        .post('/api/locks/release', { entityType: 'JobTask', entityId: readOnly, clientId: 'tab-admin' })
        .expect(204);
      await alice.post('/api/locks/release', { entityType: 'JobTask', entityId: id, clientId: 'tab-a' }).expect(204);
      expect(await lockCount()).toBe(0);
    });

    it('release through the full path while another transaction holds the lock row (NOWAIT refused)', async () => {
      const id = await task();
      await acquire(alice, 'JobTask', id, 'tab-a').expect(200);
      const holder = await t.db.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM locks WHERE entity_type = 'JobTask' AND entity_id = $1 FOR SHARE`, [id]);
        let isDone = false;
        const release = alice
          .post('/api/locks/release', { entityType: 'JobTask', entityId: id, clientId: 'tab-a' })
          .then((res) => {
            isDone = true;
            return res;
          });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(isDone).toBe(false); // the full path waits for the row instead of failing
        await holder.query('COMMIT');
        expect((await release).status).toBe(204);
      } finally {
        holder.release();
      }
      expect(await lockCount()).toBe(0);
      expect(lockEvents().map((e) => e.type)).toEqual(['lock:acquired', 'lock:released']);
    });
  });
});
