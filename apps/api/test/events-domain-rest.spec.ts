import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, DomainEventType } from '@tdgen/contracts';
import request from 'supertest';
import { eventsOf, type EventsProbe } from './support/events';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The domain events of docs/product.md § Events, each caused by its REST call and received over a real event
 * stream by another user, with the same DTO the REST response returned.
 */
describe('domain events caused through REST reach another user (docs/product.md § Events)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let alice: Session;
  let admin: Session;
  let observer: SseClient;
  const call = (who: Session, tab: string, method: 'post' | 'patch' | 'delete', path: string, body?: object) => {
    const req = request(t.baseUrl)[method](path).set('Cookie', who.cookie).set('X-Client-Id', tab);
    return body === undefined ? req : req.send(body);
  };
  const lock = (entityType: string, entityId: number) =>
    alice.post('/api/locks/acquire', { entityType, entityId, clientId: 'tab-alice' }).expect(200);
  const unlock = (entityType: string, entityId: number) =>
    alice.post('/api/locks/release', { entityType, entityId, clientId: 'tab-alice' }).expect(204);
  const next = (type: DomainEventType, after: number): Promise<AnySseEnvelope> =>
    observer.waitFor((e) => e.type === type && e.id > after, type);

  beforeAll(async () => {
    t = await startTestApp();
    events = eventsOf(t);
    [alice, admin] = await Promise.all([signIn(t, 'alice'), signIn(t, 'admin')]);
    const bob = await signIn(t, 'bob');
    observer = await SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'tab-bob' });
  });
  afterAll(async () => {
    observer.close();
    await t.close();
  });

  it('job-task events', async () => {
    let from = await events.lastEventId();
    const created = await call(alice, 'tab-alice', 'post', '/api/job-tasks', { title: 'Event task' }).expect(201);
    expect(await next('job-task:created', from)).toMatchObject({
      userId: alice.id,
      clientId: 'tab-alice',
      data: created.body,
    });

    await lock('JobTask', created.body.id);
    from = await events.lastEventId();
    const updated = await call(alice, 'tab-alice', 'patch', `/api/job-tasks/${created.body.id}`, {
      title: 'Event task 2',
    }).expect(200);
    expect((await next('job-task:updated', from)).data).toEqual(updated.body);

    from = await events.lastEventId();
    const deleted = await call(alice, 'tab-alice', 'delete', `/api/job-tasks/${created.body.id}`).expect(200);
    expect((await next('job-task:deleted', from)).data).toEqual(deleted.body);
    await unlock('JobTask', created.body.id);

    from = await events.lastEventId();
    const restored = await call(admin, 'tab-admin', 'post', `/api/job-tasks/${created.body.id}/restore`).expect(200);
    expect((await next('job-task:restored', from)).data).toEqual(restored.body);

    from = await events.lastEventId();
    await call(admin, 'tab-admin', 'delete', `/api/job-tasks/${created.body.id}/permanent`).expect(204);
    expect((await next('job-task:permanent-deleted', from)).data).toEqual({ id: created.body.id });
  });

  it('job-description and association events', async () => {
    const taskA = await call(alice, 'tab-alice', 'post', '/api/job-tasks', { title: 'Assoc A' }).expect(201);
    const taskB = await call(alice, 'tab-alice', 'post', '/api/job-tasks', { title: 'Assoc B' }).expect(201);
    let from = await events.lastEventId();
    const created = await call(alice, 'tab-alice', 'post', '/api/job-descriptions', {
      title: 'Event description',
    }).expect(201);
    expect((await next('job-description:created', from)).data).toEqual(created.body);
    const id = created.body.id;
    await lock('JobDescription', id);

    from = await events.lastEventId();
    await call(alice, 'tab-alice', 'post', '/api/job-description-tasks', {
      jobDescriptionId: id,
      jobTaskId: taskA.body.id,
    }).expect(201);
    const added = await call(alice, 'tab-alice', 'post', '/api/job-description-tasks', {
      jobDescriptionId: id,
      jobTaskId: taskB.body.id,
    }).expect(201);
    const createdEvent = await observer.waitFor(
      (e) =>
        e.type === 'job-description-task:created' &&
        e.id > from &&
        (e.data as { jobTaskId: number }).jobTaskId === taskB.body.id,
      'second association',
    );
    expect(createdEvent.data).toEqual({ jobDescriptionId: id, jobTaskId: taskB.body.id, jobDescription: added.body });

    from = await events.lastEventId();
    const moved = await call(alice, 'tab-alice', 'patch', `/api/job-description-tasks/${id}/${taskB.body.id}`, {
      index: 0,
    }).expect(200);
    expect((await next('job-description-task:reordered', from)).data).toMatchObject({ jobDescription: moved.body });

    from = await events.lastEventId();
    const shares = await call(alice, 'tab-alice', 'patch', `/api/job-descriptions/${id}/percentages`, {
      percentages: [
        { jobTaskId: taskA.body.id, percentage: 70 },
        { jobTaskId: taskB.body.id, percentage: 30 },
      ],
    }).expect(200);
    expect((await next('job-description-task:percentage-changed', from)).data).toMatchObject({
      jobDescription: shares.body,
    });

    from = await events.lastEventId();
    const renamed = await call(alice, 'tab-alice', 'patch', `/api/job-descriptions/${id}`, {
      title: 'Event description 2',
    }).expect(200);
    expect((await next('job-description:updated', from)).data).toEqual(renamed.body);

    from = await events.lastEventId();
    const removed = await call(
      alice,
      'tab-alice',
      'delete',
      `/api/job-description-tasks/${id}/${taskB.body.id}`,
    ).expect(200);
    expect((await next('job-description-task:deleted', from)).data).toEqual({
      jobDescriptionId: id,
      jobTaskId: taskB.body.id,
      jobDescription: removed.body,
    });
    expect(removed.body.tasks.map((x: { percentage: number }) => x.percentage)).toEqual([100]);

    from = await events.lastEventId();
    const deleted = await call(alice, 'tab-alice', 'delete', `/api/job-descriptions/${id}`).expect(200);
    expect((await next('job-description:deleted', from)).data).toEqual(deleted.body);
    await unlock('JobDescription', id);

    from = await events.lastEventId();
    const restored = await call(admin, 'tab-admin', 'post', `/api/job-descriptions/${id}/restore`).expect(200);
    expect((await next('job-description:restored', from)).data).toEqual(restored.body);

    from = await events.lastEventId();
    await call(admin, 'tab-admin', 'delete', `/api/job-descriptions/${id}/permanent`).expect(204);
    expect((await next('job-description:permanent-deleted', from)).data).toEqual({ id });
  });
});
