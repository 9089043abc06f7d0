import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, HelloEventData, PresenceEventData } from '@tdgen/contracts';
import request from 'supertest';
import { eventsOf, type EventsProbe } from './support/events';
import { insertJobDescription } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const GRACE_MS = 400;
const isPresence = (e: AnySseEnvelope) => e.type === 'user:joined-workspace' || e.type === 'user:left-workspace';
/** The presence events a stream saw, compactly: "joined 12 tab-a". */
const presenceLog = (client: SseClient) =>
  client.envelopes.filter(isPresence).map((e) => {
    const data = e.data as PresenceEventData;
    return `${e.type === 'user:joined-workspace' ? 'joined' : 'left'} ${data.jobDescriptionId} ${data.clientId}`;
  });

describe('workspace presence (docs/product.md § Presence)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let alice: Session;
  let bob: Session;
  let observer: SseClient;
  let d1: number;
  let d2: number;
  let deleted: number;
  const clients: SseClient[] = [];
  const connect = async (session: Session, clientId: string) => {
    const client = await SseClient.connect(t.baseUrl, { cookie: session.cookie, clientId });
    clients.push(client);
    return client;
  };
  const setPresence = (session: Session, clientId: string, jobDescriptionId: number | null) =>
    session.post('/api/events/presence', { clientId, jobDescriptionId });
  /** Publishes a marker and waits for it, so that everything published before has arrived too. */
  const settle = async (client: SseClient) => {
    const marker = await events.publish({
      type: 'job-description:permanent-deleted',
      data: { id: 0 },
      userId: null,
      clientId: null,
    });
    await client.waitFor((e) => e.id === marker.id, 'the marker');
  };

  beforeAll(async () => {
    t = await startTestApp({ LOCK_ORPHAN_GRACE_MS: String(GRACE_MS), LOCK_SWEEP_INTERVAL_MS: '100' });
    events = eventsOf(t);
    [alice, bob] = await Promise.all([signIn(t, 'alice'), signIn(t, 'bob')]);
    d1 = await insertJobDescription(t.db, { createdBy: alice.id });
    d2 = await insertJobDescription(t.db, { createdBy: alice.id });
    deleted = await insertJobDescription(t.db, { createdBy: alice.id, deleted: true });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitUntil(() => events.listConnections().length === 0, 'every stream of the test to close');
    await waitUntil(() => presenceIsEmpty(), 'presence to be empty');
  });
  afterAll(() => t.close());

  async function presenceIsEmpty(): Promise<boolean> {
    const probe = await SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'probe' });
    probe.close();
    return (probe.envelopes[0].data as HelloEventData).presence.length === 0;
  }

  it('publishes joined and left on change only, per tab, with the user reference', async () => {
    observer = await connect(bob, 'tab-observer');
    await connect(alice, 'tab-a');
    await setPresence(alice, 'tab-a', d1).expect(204);
    await setPresence(alice, 'tab-a', d1).expect(204); // no change, no event
    await setPresence(alice, 'tab-a', d2).expect(204);
    await setPresence(alice, 'tab-a', null).expect(204);
    await setPresence(alice, 'tab-a', null).expect(204);
    await settle(observer);
    expect(presenceLog(observer)).toEqual([
      `joined ${d1} tab-a`,
      `left ${d1} tab-a`,
      `joined ${d2} tab-a`,
      `left ${d2} tab-a`,
    ]);
    const joined = observer.envelopes.find(isPresence);
    expect(joined).toMatchObject({
      type: 'user:joined-workspace',
      userId: alice.id,
      clientId: 'tab-a',
      data: { jobDescriptionId: d1, user: { id: alice.id, displayName: 'Alice Editor' }, clientId: 'tab-a' },
    });
    expect(Object.keys((joined as AnySseEnvelope).data)).toEqual(['jobDescriptionId', 'user', 'clientId']);
  });

  it('includes the current presence in hello', async () => {
    await connect(alice, 'tab-a');
    await setPresence(alice, 'tab-a', d1).expect(204);
    const late = await connect(bob, 'tab-late');
    expect((late.envelopes[0].data as HelloEventData).presence).toEqual([
      { jobDescriptionId: d1, user: { id: alice.id, displayName: 'Alice Editor' }, clientId: 'tab-a' },
    ]);
  });

  it('keeps a user present while any tab is, and leaves per tab when its stream closes', async () => {
    observer = await connect(bob, 'tab-observer');
    const tabA = await connect(alice, 'tab-a');
    const tabB = await connect(alice, 'tab-b');
    await setPresence(alice, 'tab-a', d1).expect(204);
    await setPresence(alice, 'tab-b', d1).expect(204);
    tabA.close();
    await observer.waitFor((e) => e.type === 'user:left-workspace', 'tab A leaving');
    await settle(observer);
    expect(presenceLog(observer)).toEqual([`joined ${d1} tab-a`, `joined ${d1} tab-b`, `left ${d1} tab-a`]);
    const late = await connect(bob, 'tab-late');
    expect((late.envelopes[0].data as HelloEventData).presence.map((p) => p.clientId)).toEqual(['tab-b']);
    tabB.close();
    await observer.waitFor(
      (e) => isPresence(e) && (e.data as PresenceEventData).clientId === 'tab-b' && e.type === 'user:left-workspace',
      'tab B leaving',
    );
  });

  it('keeps a tab present until the last of its streams closes', async () => {
    observer = await connect(bob, 'tab-observer');
    const first = await connect(alice, 'tab-twice');
    const second = await connect(alice, 'tab-twice');
    await setPresence(alice, 'tab-twice', d2).expect(204);
    first.close();
    await waitUntil(
      () => events.listConnections().filter((c) => c.clientId === 'tab-twice').length === 1,
      'one stream',
    );
    await settle(observer);
    expect(presenceLog(observer)).toEqual([`joined ${d2} tab-twice`]);
    second.close();
    await observer.waitFor((e) => e.type === 'user:left-workspace', 'the tab leaving');
  });

  it('leaves the workspace of a tab that just disappears (socket destroyed)', async () => {
    observer = await connect(bob, 'tab-observer');
    const vanishing = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-gone' });
    await setPresence(alice, 'tab-gone', d1).expect(204);
    await observer.waitFor((e) => e.type === 'user:joined-workspace', 'joined');
    vanishing.close(); // no goodbye: the socket is destroyed
    const left = await observer.waitFor((e) => e.type === 'user:left-workspace', 'left');
    expect(left).toMatchObject({ userId: alice.id, clientId: 'tab-gone', data: { jobDescriptionId: d1 } });
  });

  it('removes the presence of a tab that never opens a stream after the grace period', async () => {
    observer = await connect(bob, 'tab-observer');
    const announcedAt = Date.now();
    await setPresence(alice, 'tab-ghost', d2).expect(204);
    const left = await observer.waitFor(
      (e) => e.type === 'user:left-workspace' && (e.data as PresenceEventData).clientId === 'tab-ghost',
      'the ghost tab leaving',
    );
    expect(Date.parse(left.timestamp) - announcedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
  });

  it('refuses unknown (404) and deleted (409) descriptions and bad input (400), without events', async () => {
    observer = await connect(bob, 'tab-observer');
    await setPresence(alice, 'tab-a', 999_999).expect(404);
    const gone = await setPresence(alice, 'tab-a', deleted).expect(409);
    expect(gone.body).toMatchObject({ statusCode: 409, message: expect.stringMatching(/deleted/) });
    for (const body of [
      { clientId: 'tab-a' },
      { clientId: 'tab-a', jobDescriptionId: String(d1) },
      { clientId: 'tab-a', jobDescriptionId: -1 },
      { clientId: 'tab-a', jobDescriptionId: 1.5 },
      { clientId: 'bad id', jobDescriptionId: d1 },
      { clientId: 'tab-a', jobDescriptionId: d1, extra: true },
      { jobDescriptionId: d1 },
    ]) {
      await alice.post('/api/events/presence', body).expect(400);
    }
    await request(t.baseUrl).post('/api/events/presence').send({ clientId: 'x', jobDescriptionId: d1 }).expect(401);
    await settle(observer);
    expect(presenceLog(observer)).toEqual([]);
  });
});
