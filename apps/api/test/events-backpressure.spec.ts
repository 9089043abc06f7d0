import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainEnvelope, JobTaskDto } from '@tdgen/contracts';
import type net from 'node:net';
import { EventLog } from '../src/events/event-log';
import { eventsOf, type EventsProbe } from './support/events';
import type { SseConnection } from '../src/events/sse-connection';
import { openStalledStream, signIn, SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const MAX_PENDING_BYTES = 64 * 1024;

function bulkyTask(id: number): JobTaskDto {
  const who = { id: 1, displayName: 'Ada Admin' };
  const at = new Date().toISOString();
  return {
    id,
    title: `Task ${id}`,
    text: `<p>${'x'.repeat(32 * 1024)}</p>`,
    payGroup: null,
    tags: [],
    readOnlyForEditors: false,
    createdAt: at,
    createdBy: who,
    updatedAt: at,
    updatedBy: who,
    deletedAt: null,
    deletedBy: null,
  };
}

describe('slow consumers (docs/product.md § Events, § Limits)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let stalled: net.Socket | null = null;

  beforeAll(async () => {
    t = await startTestApp({ SSE_MAX_PENDING_BYTES: String(MAX_PENDING_BYTES) });
    events = eventsOf(t);
  });
  afterAll(async () => {
    stalled?.destroy();
    await t.close();
  });

  it('cuts off a stream whose unsent backlog passes SSE_MAX_PENDING_BYTES, and only that one', async () => {
    const [alice, bob] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob')]);
    const healthy = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-reading' });
    stalled = await openStalledStream(t.baseUrl, bob.cookie, 'tab-frozen');
    const findFrozen = () =>
      events.listConnections().find((c) => c.clientId === 'tab-frozen') as SseConnection | undefined;
    await waitUntil(() => findFrozen()?.isStarted, 'the frozen stream to start');

    // Publish until the kernel buffers of the frozen socket are full and its backlog passes the
    // limit; bounded, so a server that never evicts fails the test instead of hanging.
    let last: DomainEnvelope | null = null;
    let maxPendingSeen = 0;
    for (let i = 1; i <= 2000 && findFrozen(); i++) {
      last = await events.publish({ type: 'job-task:updated', data: bulkyTask(i), userId: null, clientId: null });
      maxPendingSeen = Math.max(maxPendingSeen, findFrozen()?.pendingBytes ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(findFrozen()).toBeUndefined();
    expect(maxPendingSeen).toBeLessThanOrEqual(MAX_PENDING_BYTES + 40 * 1024); // never more than ~one frame over

    // The reading tab kept its stream and got everything.
    const lastId = (last as DomainEnvelope).id;
    await healthy.waitFor((e) => e.id === lastId, 'the last event on the healthy stream', 60_000);
    expect(events.listConnections().map((c) => c.clientId)).toEqual(['tab-reading']);
    healthy.close();
  }, 120_000);

  it('hands a burst far above SSE_MAX_PENDING_BYTES, read from the log in one go, whole to a reading stream', async () => {
    const alice = await signIn(t, 'alice');
    const reader = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-burst' });
    // One transaction of 300 bulky events (~10 MB): the feed reads them in one batch and must pace
    // them so that a consumer that keeps up is never mistaken for a slow one.
    const burst = await t.app.get(EventLog).publish(
      ...Array.from({ length: 300 }, (_, i) => ({
        type: 'job-task:updated' as const,
        data: bulkyTask(10_000 + i),
        userId: null,
        clientId: null,
      })),
    );
    const lastId = burst[burst.length - 1].id;
    await reader.waitFor((e) => e.id === lastId, 'the end of the burst', 60_000);
    expect(reader.envelopes.filter((e) => e.id > 0).map((e) => e.id)).toEqual(burst.map((e) => e.id));
    expect(events.listConnections().map((c) => c.clientId)).toEqual(['tab-burst']);
    reader.close();
  }, 120_000);
});
