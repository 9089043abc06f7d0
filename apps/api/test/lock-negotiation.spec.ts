import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainEnvelope, HandoverRequestDto, LockDto, LockLineDto, LockNegotiationsDto } from '@tdgen/contracts';
import type { Subscription } from 'rxjs';
import request from 'supertest';
import { EventLog } from '../src/events/event-log';
import { LockNegotiationSweeper } from '../src/locks/lock-negotiation.sweeper';
import { insertJobTask } from './support/raw-records';
import { SseClient, signIn, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

// docs/product.md § Locks (handover, wait-list, offers) and docs/adr/0016. Deadlines are
// timestamps in PostgreSQL: the tests move them into the past and run one sweep, as the timer of
// any instance would.
describe('negotiable locks (docs/product.md § Locks)', () => {
  let t: TestApp;
  let sweeper: LockNegotiationSweeper;
  let alice: Session;
  let bob: Session;
  let admin: Session;
  let published: DomainEnvelope[] = [];
  let subscription: Subscription;

  const task = () => insertJobTask(t.db, { createdBy: admin.id });
  const ref = (entityId: number, clientId: string) => ({ entityType: 'JobTask', entityId, clientId });
  const acquire = (s: Session, id: number, tab: string) => s.post('/api/locks/acquire', ref(id, tab));
  const release = (s: Session, id: number, tab: string) => s.post('/api/locks/release', ref(id, tab));
  const ask = (s: Session, id: number, tab: string, message?: string) =>
    s.post('/api/locks/handover/request', { ...ref(id, tab), ...(message === undefined ? {} : { message }) });
  const join = (s: Session, id: number, tab: string) => s.post('/api/locks/queue/join', ref(id, tab));
  /** A guarded write through the real REST route, as the web app sends it. */
  const rename = (s: Session, id: number, tab: string, title: string, fences?: string) => {
    const req = request(t.baseUrl).patch(`/api/job-tasks/${id}`).set('Cookie', s.cookie).set('X-Client-Id', tab);
    if (fences) req.set('X-Lock-Fences', fences);
    return req.send({ title });
  };
  const events = (type: DomainEnvelope['type']) => published.filter((e) => e.type === type);
  const negotiations = async (): Promise<LockNegotiationsDto> =>
    (await alice.get('/api/locks/negotiations').expect(200)).body;
  const requestOf = async (id: number): Promise<HandoverRequestDto | undefined> =>
    (await negotiations()).requests.find((r) => r.entityId === id);
  const lineOf = async (id: number): Promise<LockLineDto | undefined> =>
    (await negotiations()).lines.find((l) => l.entityId === id);
  const holderOf = async (id: number): Promise<LockDto | null> =>
    (await alice.get(`/api/locks/status?entityType=JobTask&entityId=${id}`).expect(200)).body.lock;
  const makeIdle = (id: number) =>
    t.db.query(`UPDATE locks SET last_input_at = now() - interval '1 hour' WHERE entity_id = $1`, [id]);
  const passDeadline = (id: number) =>
    t.db.query(`UPDATE lock_handover_requests SET decide_by = now() - interval '1 second' WHERE entity_id = $1`, [id]);

  beforeAll(async () => {
    t = await startTestApp({
      LOCK_DURATION_MS: String(10 * 60_000),
      // The tests run every sweep themselves.
      LOCK_NEGOTIATION_SWEEP_MS: String(3_600_000),
      LOCK_SWEEP_INTERVAL_MS: String(3_600_000),
      LOCK_QUEUE_LEAVE_GRACE_MS: '60000',
    });
    sweeper = t.app.get(LockNegotiationSweeper);
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

  describe('handover', () => {
    it('asks the holder with a message; accepted, the lock moves with a new fence and the old tab is refused', async () => {
      const id = await task();
      const held: LockDto = (await acquire(alice, id, 'a1').expect(200)).body.lock;
      const asked = await ask(bob, id, 'b1', '  Need to fix the title  ').expect(200);
      const request: HandoverRequestDto = asked.body.request;
      expect(asked.body.lock).toBeNull();
      expect(request).toMatchObject({
        requester: { id: bob.id, displayName: 'Bob Editor' },
        requesterClientId: 'b1',
        holder: { id: alice.id },
        holderClientId: 'a1',
        message: 'Need to fix the title',
      });
      expect(Date.parse(request.decideBy) - Date.parse(request.requestedAt)).toBe(60_000);
      expect(events('lock:handover-requested')).toMatchObject([{ data: { request }, userId: bob.id, clientId: 'b1' }]);

      const accepted: LockDto = (await alice.post('/api/locks/handover/accept', ref(id, 'a1')).expect(200)).body.lock;
      expect(accepted).toMatchObject({ holder: { id: bob.id }, clientId: 'b1' });
      expect(accepted.fence).toBeGreaterThan(held.fence);
      expect(events('lock:handed-over')).toMatchObject([
        { data: { lock: accepted, previous: held, reason: 'accepted' }, userId: alice.id, clientId: 'a1' },
      ]);
      expect(await requestOf(id)).toBeUndefined();
      // A late write of the old holder: 423 naming the new one, nothing changed.
      const late = await rename(alice, id, 'a1', 'Late write');
      expect(late.status).toBe(423);
      expect(late.body.lock).toMatchObject({ holder: { id: bob.id } });
      await rename(bob, id, 'b1', 'Bob took over', `JobTask:${id}=${accepted.fence}`).expect(200);
    });

    it('declined by an active holder: the lock stays and the requester is told', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await alice.post('/api/locks/handover/decline', ref(id, 'a1')).expect(204);
      expect(events('lock:handover-declined')).toMatchObject([
        { data: { request: { requester: { id: bob.id } }, reason: 'declined' }, userId: alice.id },
      ]);
      expect(await holderOf(id)).toMatchObject({ holder: { id: alice.id }, clientId: 'a1' });
      expect(await requestOf(id)).toBeUndefined();
      // Declining again: nothing to decline.
      await alice.post('/api/locks/handover/decline', ref(id, 'a1')).expect(404);
    });

    it('passes at once when the holder tab has had no input for LOCK_HANDOVER_IDLE_MS', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await makeIdle(id);
      const res = await ask(bob, id, 'b1').expect(200);
      expect(res.body.request).toBeNull();
      expect(res.body.lock).toMatchObject({ holder: { id: bob.id }, clientId: 'b1' });
      expect(events('lock:handover-requested')).toEqual([]);
      expect(events('lock:handed-over')).toMatchObject([{ data: { reason: 'idle' }, userId: null }]);
    });

    it('passes when the holder goes idle during the countdown', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await sweeper.sweep();
      expect(await holderOf(id)).toMatchObject({ holder: { id: alice.id } });
      await makeIdle(id);
      await sweeper.sweep();
      expect(await holderOf(id)).toMatchObject({ holder: { id: bob.id }, clientId: 'b1' });
      expect(events('lock:handed-over')).toMatchObject([{ data: { reason: 'idle' } }]);
    });

    it('passes at the timeout when the holder neither answered nor typed', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await passDeadline(id);
      await sweeper.sweep();
      expect(await holderOf(id)).toMatchObject({ holder: { id: bob.id } });
      expect(events('lock:handed-over')).toMatchObject([{ data: { reason: 'timeout' } }]);
    });

    it('stays with a holder who kept typing without answering ("no answer")', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await new Promise((r) => setTimeout(r, 20));
      await alice.post('/api/locks/activity', ref(id, 'a1')).expect(204);
      await passDeadline(id);
      await sweeper.sweep();
      expect(await holderOf(id)).toMatchObject({ holder: { id: alice.id } });
      expect(events('lock:handover-declined')).toMatchObject([{ data: { reason: 'no answer' }, userId: null }]);
      expect(events('lock:handed-over')).toEqual([]);
    });

    it('refuses a write carrying the fence of an earlier lock even from the same tab (423 STALE_LOCK)', async () => {
      const id = await task();
      const first: LockDto = (await acquire(alice, id, 'a1').expect(200)).body.lock;
      await makeIdle(id);
      await ask(bob, id, 'b1').expect(200); // passes at once
      await release(bob, id, 'b1').expect(204);
      const again: LockDto = (await acquire(alice, id, 'a1').expect(200)).body.lock;
      expect(again.fence).not.toBe(first.fence);
      const stale = await rename(alice, id, 'a1', 'From before the handover', `JobTask:${id}=${first.fence}`);
      expect(stale.status).toBe(423);
      expect(stale.body).toMatchObject({ code: 'STALE_LOCK', lock: { fence: again.fence }, record: { id } });
      const { rows } = await t.db.query('SELECT title FROM job_tasks WHERE id = $1', [id]);
      expect(rows[0].title).not.toBe('From before the handover');
      await rename(alice, id, 'a1', 'Current fence', `JobTask:${id}=${again.fence}`).expect(200);
    });

    it('of two racing requesters exactly one asks; the other gets 409 HANDOVER_PENDING', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      const results = await Promise.all([ask(bob, id, 'b1'), ask(admin, id, 'd1')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({
        code: 'HANDOVER_PENDING',
        requester: { id: results.find((r) => r.status === 200)!.body.request.requester.id },
      });
      expect(events('lock:handover-requested')).toHaveLength(1);
      // Asking again as the same requester answers with the open request.
      const winner = results.find((r) => r.status === 200)!.body.request as HandoverRequestDto;
      const again = await ask(winner.requester.id === bob.id ? bob : admin, id, winner.requesterClientId).expect(200);
      expect(again.body.request).toEqual(winner);
    });

    it('withdrawn by the requester; a release ends an open request ("lock ended")', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await bob
        .post('/api/locks/handover/withdraw', JSON.stringify(ref(id, 'b1')))
        .set('Content-Type', 'text/plain')
        .expect(204);
      expect(events('lock:handover-declined')).toMatchObject([{ data: { reason: 'withdrawn' } }]);
      await ask(bob, id, 'b1').expect(200);
      await release(alice, id, 'a1').expect(204);
      expect(events('lock:handover-declined').at(-1)).toMatchObject({ data: { reason: 'lock ended' } });
      expect(await requestOf(id)).toBeUndefined();
    });

    it('answers bad requests with 4xx and changes nothing', async () => {
      const id = await task();
      expect((await ask(bob, id, 'b1').expect(409)).body.code).toBe('RECORD_FREE'); // take it
      await acquire(alice, id, 'a1').expect(200);
      expect((await ask(alice, id, 'a1').expect(409)).body).toMatchObject({ code: 'OWN_LOCK', isOtherTab: false });
      expect((await ask(alice, id, 'a2').expect(409)).body).toMatchObject({ code: 'OWN_LOCK', isOtherTab: true });
      await ask(bob, id, 'b1', 'x'.repeat(501)).expect(400);
      await bob.post('/api/locks/handover/request', { ...ref(id, 'b1'), extra: 1 }).expect(400);
      const none = await alice.post('/api/locks/handover/accept', ref(id, 'a1')).expect(404);
      expect(none.body).toMatchObject({ code: 'NO_HANDOVER_REQUEST', record: { entityType: 'JobTask', id } });
      await ask(bob, id, 'b1').expect(200);
      await bob.post('/api/locks/handover/accept', ref(id, 'b1')).expect(423); // not the holder
      await alice.post('/api/locks/handover/accept', ref(id, 'a2')).expect(423); // holder's other tab
      await ask(bob, 999_999, 'b1').expect(404);
      expect(await holderOf(id)).toMatchObject({ holder: { id: alice.id }, clientId: 'a1' });
      await alice.post('/api/locks/activity', ref(id, 'a2')).expect(423);
      await bob.post('/api/locks/activity', ref(await task(), 'b1')).expect(428);
    });
  });

  describe('wait-list and offers', () => {
    it('keeps the order, offers the freed record to the first in line and reserves it against others', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      expect((await join(bob, id, 'b1').expect(200)).body.line.waiting).toMatchObject([{ user: { id: bob.id } }]);
      const line = (await join(admin, id, 'd1').expect(200)).body.line as LockLineDto;
      expect(line.waiting.map((w) => w.user.id)).toEqual([bob.id, admin.id]);
      expect(events('lock:queue-changed')).toHaveLength(2);
      // The holder cannot wait for herself.
      expect((await join(alice, id, 'a1').expect(409)).body).toMatchObject({ code: 'OWN_LOCK', isOtherTab: false });

      published = [];
      await release(alice, id, 'a1').expect(204);
      const [offered] = events('lock:offered');
      expect(offered.data).toMatchObject({ offer: { user: { id: bob.id }, clientId: 'b1' } });
      const offer = (offered.data as { offer: { offeredAt: string; expiresAt: string } }).offer;
      expect(Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)).toBe(30_000);
      expect((await lineOf(id))!.waiting.map((w) => w.user.id)).toEqual([admin.id]);

      expect((await join(bob, id, 'b1').expect(409)).body.code).toBe('OFFERED_TO_YOU');
      const refused = await acquire(admin, id, 'd1').expect(423);
      expect(refused.body).toMatchObject({ code: 'LOCK_OFFERED', offer: { user: { id: bob.id } }, record: { id } });
      await acquire(alice, id, 'a1').expect(423);
      await acquire(bob, id, 'b1').expect(200);
      expect(await lineOf(id)).toMatchObject({ offer: null, waiting: [{ user: { id: admin.id } }] });

      published = [];
      await release(bob, id, 'b1').expect(204);
      expect(events('lock:offered')).toMatchObject([{ data: { offer: { user: { id: admin.id } } } }]);
      await acquire(admin, id, 'd1').expect(200);
      expect(await lineOf(id)).toBeUndefined();
    });

    it('moves the offer to the next when it runs out, and frees the record when nobody is left', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await join(admin, id, 'd1').expect(200);
      await release(alice, id, 'a1').expect(204);
      await t.db.query(`UPDATE lock_lines SET offer_expires_at = now() - interval '1 second' WHERE entity_id = $1`, [
        id,
      ]);
      published = [];
      await sweeper.sweep();
      expect(events('lock:offered')).toMatchObject([{ data: { offer: { user: { id: admin.id } } } }]);
      expect((await lineOf(id))!.waiting).toEqual([]);
      await acquire(bob, id, 'b1').expect(423);
      await t.db.query(`UPDATE lock_lines SET offer_expires_at = now() - interval '1 second' WHERE entity_id = $1`, [
        id,
      ]);
      await sweeper.sweep();
      expect(await lineOf(id)).toBeUndefined();
      await acquire(bob, id, 'b1').expect(200);
    });

    it('leaving the line: a waiter leaves, an offered tab leaving passes the offer on (beacon body too)', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await join(admin, id, 'd1').expect(200);
      await admin.post('/api/locks/queue/leave', ref(id, 'd1')).expect(204);
      expect((await lineOf(id))!.waiting.map((w) => w.user.id)).toEqual([bob.id]);
      await join(admin, id, 'd1').expect(200); // back at the end
      await release(alice, id, 'a1').expect(204);
      published = [];
      await bob
        .post('/api/locks/queue/leave', JSON.stringify(ref(id, 'b1')))
        .set('Content-Type', 'text/plain')
        .expect(204);
      expect(events('lock:offered')).toMatchObject([{ data: { offer: { user: { id: admin.id } } } }]);
      await bob.post('/api/locks/queue/leave', ref(id, 'b1')).expect(204); // idempotent
    });

    it('a tab whose event stream ended leaves the line', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      const stream = await SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'b-stream' });
      await join(bob, id, 'b-stream').expect(200);
      await join(admin, id, 'd-nostream').expect(200);
      await sweeper.sweep();
      expect((await lineOf(id))!.waiting.map((w) => w.user.id)).toEqual([bob.id, admin.id]);
      // LOCK_QUEUE_LEAVE_GRACE_MS later: the admin's tab never had a stream and leaves; Bob's is live.
      const backdate = () =>
        Promise.all([
          t.db.query(`UPDATE lock_waiters SET joined_at = now() - interval '2 minutes' WHERE entity_id = $1`, [id]),
          t.db.query(`UPDATE browser_tabs SET closed_at = now() - interval '2 minutes' WHERE closed_at IS NOT NULL`),
        ]);
      await backdate();
      await sweeper.sweep();
      expect((await lineOf(id))!.waiting.map((w) => w.user.id)).toEqual([bob.id]);
      stream.close();
      await waitUntil(async () => {
        await backdate();
        await sweeper.sweep();
        return (await lineOf(id)) === undefined;
      }, 'the line to be emptied once the waiting tab’s stream is gone');
    });

    it('an admin break offers the record to the line, or clears the line with clearQueue', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await admin.post('/api/locks/break', { entityType: 'JobTask', entityId: id, reason: 'lunch' }).expect(200);
      expect(events('lock:offered')).toMatchObject([{ data: { offer: { user: { id: bob.id } } } }]);
      await acquire(bob, id, 'b1').expect(200);
      await join(alice, id, 'a1').expect(200);
      published = [];
      await admin.post('/api/locks/break', { entityType: 'JobTask', entityId: id, clearQueue: true }).expect(200);
      expect(events('lock:offered')).toEqual([]);
      expect(events('lock:queue-changed')).toMatchObject([
        { data: { line: { waiting: [], offer: null }, clearedBy: { id: admin.id } } },
      ]);
      expect(await lineOf(id)).toBeUndefined();
      await acquire(alice, id, 'a1').expect(200);
    });

    it('an expired lock offers the record to the line (sweeper), never to the first acquirer', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = $1`, [id]);
      // Before any sweep, someone not in line tries: the line decides inside the acquire.
      const refused = await acquire(admin, id, 'd1').expect(423);
      expect(refused.body.offer).toMatchObject({ user: { id: bob.id } });
      expect(events('lock:expired')).toHaveLength(1);
      await acquire(bob, id, 'b1').expect(200);
    });

    it('of racing acquirers of an offered record only the one it is offered to wins', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await release(alice, id, 'a1').expect(204);
      const results = await Promise.all([acquire(admin, id, 'd1'), acquire(bob, id, 'b1'), acquire(alice, id, 'a1')]);
      expect(results.map((r) => r.status)).toEqual([423, 200, 423]);
    });

    it('a handover to someone in the line removes their place', async () => {
      const id = await task();
      await acquire(alice, id, 'a1').expect(200);
      await join(bob, id, 'b1').expect(200);
      await join(admin, id, 'd1').expect(200);
      await ask(bob, id, 'b1').expect(200);
      await alice.post('/api/locks/handover/accept', ref(id, 'a1')).expect(200);
      expect((await lineOf(id))!.waiting.map((w) => w.user.id)).toEqual([admin.id]);
    });

    it('negotiation events missed while a tab was away are replayed once after its reconnect', async () => {
      const id = await task();
      const first = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'a-replay' });
      await acquire(alice, id, 'a-replay').expect(200);
      const seen = await first.waitFor((e) => e.type === 'lock:acquired', 'the acquire');
      first.close();
      await ask(bob, id, 'b1', 'while you were away').expect(200);
      await join(admin, id, 'd1').expect(200);
      const again = await SseClient.connect(t.baseUrl, {
        cookie: alice.cookie,
        clientId: 'a-replay',
        lastEventIdHeader: String(seen.id),
      });
      try {
        await again.waitFor((e) => e.type === 'lock:queue-changed', 'the replayed line');
        const replayed = again.envelopes.filter((e) => e.id > seen.id);
        expect(replayed.map((e) => e.type)).toEqual(['lock:handover-requested', 'lock:queue-changed']);
        expect(replayed[0].data).toMatchObject({
          request: { message: 'while you were away', holderClientId: 'a-replay' },
        });
      } finally {
        again.close();
      }
    });

    it("signing out withdraws the user's requests and leaves their lines; an offer to them moves on", async () => {
      const [first, second] = [await task(), await task()];
      await acquire(alice, first, 'a1').expect(200);
      await acquire(alice, second, 'a1').expect(200);
      const leaving = await signIn(t, 'bob');
      await ask(leaving, first, 'b-out').expect(200);
      await join(leaving, second, 'b-out').expect(200);
      await join(admin, second, 'd1').expect(200);
      await release(alice, second, 'a1').expect(204); // offered to Bob, Admin waits
      published = [];
      await leaving.post('/api/auth/logout').expect(204);
      // Every request and place of the user goes (this one and any left by earlier tests).
      const about = (e: DomainEnvelope, id: number) => JSON.stringify(e.data).includes(`"entityId":${id},`);
      expect(events('lock:handover-declined').filter((e) => about(e, first))).toMatchObject([
        { data: { request: { requester: { id: bob.id } }, reason: 'withdrawn' } },
      ]);
      expect(events('lock:offered').filter((e) => about(e, second))).toMatchObject([
        { data: { offer: { user: { id: admin.id } } } },
      ]);
      expect(await requestOf(first)).toBeUndefined();
      expect(await holderOf(first)).toMatchObject({ holder: { id: alice.id } });
    });

    it('answers 409 to joining the line of a free record', async () => {
      const id = await task();
      const res = await join(bob, id, 'b1').expect(409);
      expect(res.body).toMatchObject({ code: 'RECORD_FREE', record: { entityType: 'JobTask', id } });
      expect(await lineOf(id)).toBeUndefined();
    });
  });
});
