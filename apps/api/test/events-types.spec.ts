import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DOMAIN_EVENT_TYPES,
  type AnySseEnvelope,
  type AssociationEventData,
  type DomainEnvelope,
  type DomainEventInput,
  type DomainEventType,
  type HelloEventData,
  type JobDescriptionDto,
  type JobTaskDto,
  type LockDto,
} from '@tdgen/contracts';
import { eventsOf, type EventsProbe } from './support/events';
import { insertJobDescription, insertJobTask } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Every event type of docs/product.md § Events reaches a second user with the documented payload. Lock and
 * presence events are caused through their REST endpoints; the job-task, job-description and
 * association events are published through the event log in-process here —
 * their REST endpoints belong to the domain module, whose own tests cover the causing calls.
 */
describe('every event type reaches another user (docs/product.md § Events)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let alice: Session;
  let bob: Session;
  let admin: Session;
  let observer: SseClient;
  let actorTab: SseClient;
  const received = new Set<DomainEventType>();
  const next = async (type: DomainEventType, after: number): Promise<AnySseEnvelope> => {
    const envelope = await observer.waitFor((e) => e.type === type && e.id > after, type);
    received.add(type);
    return envelope;
  };
  const mark = () => events.lastEventId();

  beforeAll(async () => {
    t = await startTestApp({ LOCK_SWEEP_INTERVAL_MS: '100' });
    events = eventsOf(t);
    [alice, bob, admin] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob'), signIn(t, 'admin')]);
    observer = await SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'tab-bob' });
    actorTab = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-alice' });
  });
  afterAll(async () => {
    observer.close();
    actorTab.close();
    await t.close();
  });

  it('lock:acquired, lock:refreshed (re-entrant acquire and refresh), lock:released', async () => {
    const id = await insertJobTask(t.db, { createdBy: alice.id });
    const ref = { entityType: 'JobTask', entityId: id, clientId: 'tab-alice' };
    let from = await mark();
    const { body } = await alice.post('/api/locks/acquire', ref).expect(200);
    expect(await next('lock:acquired', from)).toMatchObject({
      userId: alice.id,
      clientId: 'tab-alice',
      data: { lock: body.lock },
    });
    from = await mark();
    await alice.post('/api/locks/acquire', ref).expect(200);
    const reentrant = await next('lock:refreshed', from);
    from = await mark();
    const refreshed = await alice.post('/api/locks/refresh', ref).expect(200);
    expect(await next('lock:refreshed', from)).toMatchObject({ data: { lock: refreshed.body.lock } });
    expect(reentrant.data).toMatchObject({ lock: { entityId: id, holder: { id: alice.id } } });
    from = await mark();
    await alice.post('/api/locks/release', ref).expect(204);
    expect(await next('lock:released', from)).toMatchObject({
      userId: alice.id,
      data: { lock: { entityId: id, clientId: 'tab-alice' }, by: null, reason: null },
    });
  });

  it('lock:broken by an admin reaches everyone, the former holder tab at once', async () => {
    const id = await insertJobDescription(t.db, { createdBy: alice.id });
    await alice.post('/api/locks/acquire', { entityType: 'JobDescription', entityId: id, clientId: 'tab-alice' });
    const from = await mark();
    await admin.post('/api/locks/break', { entityType: 'JobDescription', entityId: id, reason: 'audit' }).expect(200);
    const broken = await next('lock:broken', from);
    expect(broken).toMatchObject({
      userId: admin.id,
      data: {
        lock: { entityId: id, clientId: 'tab-alice' },
        by: { id: admin.id, displayName: 'Ada Admin' },
        reason: 'audit',
      },
    });
    await actorTab.waitFor((e) => e.id === broken.id, 'the break on the former holder tab');
  });

  it('a takeover is lock:broken (by the same user, "taken over") followed by lock:acquired', async () => {
    const id = await insertJobTask(t.db, { createdBy: alice.id });
    await alice.post('/api/locks/acquire', { entityType: 'JobTask', entityId: id, clientId: 'tab-alice' }).expect(200);
    const from = await mark();
    await alice
      .post('/api/locks/acquire', { entityType: 'JobTask', entityId: id, clientId: 'tab-alice-2', takeover: true })
      .expect(200);
    const broken = await next('lock:broken', from);
    const acquired = await next('lock:acquired', from);
    expect(broken.id).toBeLessThan(acquired.id);
    expect(broken.data).toMatchObject({ lock: { clientId: 'tab-alice' }, by: { id: alice.id }, reason: 'taken over' });
    expect(acquired.data).toMatchObject({ lock: { clientId: 'tab-alice-2' } });
  });

  it('lock:expired from the sweeper, and live locks in the hello snapshot', async () => {
    const id = await insertJobTask(t.db, { createdBy: alice.id });
    const { body } = await alice
      .post('/api/locks/acquire', { entityType: 'JobTask', entityId: id, clientId: 'tab-alice' })
      .expect(200);
    const late = await SseClient.connect(t.baseUrl, { cookie: admin.cookie, clientId: 'tab-admin' });
    late.close();
    expect((late.envelopes[0].data as HelloEventData).locks).toContainEqual(body.lock as LockDto);
    const from = await mark();
    await t.db.query(`UPDATE locks SET expires_at = now() - interval '1 second' WHERE entity_id = $1`, [id]);
    expect(await next('lock:expired', from)).toMatchObject({
      userId: null,
      data: { lock: { entityId: id }, by: null, reason: 'expired' },
    });
  });

  it('user:joined-workspace and user:left-workspace', async () => {
    const id = await insertJobDescription(t.db, { createdBy: alice.id });
    let from = await mark();
    await alice.post('/api/events/presence', { clientId: 'tab-alice', jobDescriptionId: id }).expect(204);
    const user = { id: alice.id, displayName: 'Alice Editor' };
    expect(await next('user:joined-workspace', from)).toMatchObject({
      userId: alice.id,
      clientId: 'tab-alice',
      data: { jobDescriptionId: id, user, clientId: 'tab-alice' },
    });
    from = await mark();
    await alice.post('/api/events/presence', { clientId: 'tab-alice', jobDescriptionId: null }).expect(204);
    expect(await next('user:left-workspace', from)).toMatchObject({ data: { jobDescriptionId: id, user } });
  });

  it('job-task, job-description and association events (published in-process)', async () => {
    const task = sampleTask(7);
    const description = sampleDescription(3, task);
    const association: AssociationEventData = { jobDescriptionId: 3, jobTaskId: 7, jobDescription: description };
    const inputs: DomainEventInput[] = [
      ...(['created', 'updated', 'deleted', 'restored'] as const).map(
        (verb) => ({ type: `job-task:${verb}`, data: task }) as DomainEventInput,
      ),
      { type: 'job-task:permanent-deleted', data: { id: 7 } } as DomainEventInput,
      ...(['created', 'updated', 'deleted', 'restored'] as const).map(
        (verb) => ({ type: `job-description:${verb}`, data: description }) as DomainEventInput,
      ),
      { type: 'job-description:permanent-deleted', data: { id: 3 } } as DomainEventInput,
      ...(['created', 'updated', 'deleted', 'reordered', 'percentage-changed'] as const).map(
        (verb) => ({ type: `job-description-task:${verb}`, data: association }) as DomainEventInput,
      ),
    ].map((input) => ({ ...input, userId: alice.id, clientId: 'tab-alice' }));
    const from = await mark();
    const sent: DomainEnvelope[] = [];
    for (const input of inputs) sent.push(await events.publish(input));
    for (const envelope of sent) {
      expect(await next(envelope.type, from)).toEqual(envelope);
    }
  });

  it('the negotiation events: handover requested, declined, handed over; queue changed; offered', async () => {
    const id = await insertJobTask(t.db, { createdBy: alice.id });
    const ref = (clientId: string) => ({ entityType: 'JobTask', entityId: id, clientId });
    await alice.post('/api/locks/acquire', ref('tab-alice')).expect(200);
    let from = await mark();
    await admin.post('/api/locks/handover/request', { ...ref('tab-admin'), message: 'May I?' }).expect(200);
    expect(await next('lock:handover-requested', from)).toMatchObject({
      userId: admin.id,
      data: { request: { requester: { id: admin.id }, holderClientId: 'tab-alice', message: 'May I?' } },
    });
    from = await mark();
    await alice.post('/api/locks/handover/decline', ref('tab-alice')).expect(204);
    expect(await next('lock:handover-declined', from)).toMatchObject({ data: { reason: 'declined' } });
    from = await mark();
    await admin.post('/api/locks/queue/join', ref('tab-admin')).expect(200);
    expect(await next('lock:queue-changed', from)).toMatchObject({
      data: { line: { entityId: id, waiting: [{ user: { id: admin.id }, clientId: 'tab-admin' }], offer: null } },
    });
    from = await mark();
    await alice.post('/api/locks/release', ref('tab-alice')).expect(204);
    expect(await next('lock:offered', from)).toMatchObject({
      data: { offer: { entityId: id, user: { id: admin.id }, clientId: 'tab-admin' } },
    });
    await admin.post('/api/locks/acquire', ref('tab-admin')).expect(200);
    await bob.post('/api/locks/handover/request', ref('tab-bob-2')).expect(200);
    from = await mark();
    const accepted = await admin.post('/api/locks/handover/accept', ref('tab-admin')).expect(200);
    expect(await next('lock:handed-over', from)).toMatchObject({
      userId: admin.id,
      clientId: 'tab-admin',
      data: { lock: accepted.body.lock, previous: { holder: { id: admin.id } }, reason: 'accepted' },
    });
  });

  it('covered every domain event type', () => {
    expect([...received].sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
  });
});

function sampleTask(id: number): JobTaskDto {
  const who = { id: 1, displayName: 'Ada Admin' };
  return {
    id,
    title: 'Plan the budget',
    text: '<p>Yearly <strong>budget</strong></p>',
    payGroup: 9,
    tags: ['finance'],
    readOnlyForEditors: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: who,
    updatedAt: '2025-01-02T00:00:00.000Z',
    updatedBy: who,
    deletedAt: null,
    deletedBy: null,
  };
}

function sampleDescription(id: number, task: JobTaskDto): JobDescriptionDto {
  const { createdAt, createdBy, updatedAt, updatedBy } = task;
  return {
    id,
    title: 'Head of finance',
    tags: [],
    readOnlyForEditors: false,
    frameworkData: {
      taskSummary: null,
      reportsTo: 'Board',
      directReports: null,
      deputyFor: null,
      deputizedBy: null,
      authorities: null,
      education: null,
      otherSkills: null,
    },
    tasks: [{ jobTaskId: task.id, order: 0, percentage: 100, task }],
    taskCount: 1,
    weightedPayGroup: 9,
    createdAt,
    createdBy,
    updatedAt,
    updatedBy,
    deletedAt: null,
    deletedBy: null,
  };
}
