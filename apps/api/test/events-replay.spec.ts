import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySseEnvelope, DomainEnvelope } from '@tdgen/contracts';
import { EventSource } from 'eventsource';
import { EventLogPruner } from '../src/events/event-log-pruner';
import type { SseConnection } from '../src/events/sse-connection';
import { eventsOf, type EventsProbe } from './support/events';
import { signIn, SseClient, type OpenOptions, type Session } from './support/sse-client';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/** SSE_EVENT_RETENTION as a count: the pruner keeps the newest RETENTION ids. */
const RETENTION = 100;

function publish(events: EventsProbe, n: number): Promise<DomainEnvelope[]> {
  return events.publishProbes(n);
}

const domainIds = (client: SseClient) => client.envelopes.filter((e) => e.id > 0).map((e) => e.id);
const streamTypes = (client: SseClient) =>
  client.envelopes.filter((e) => e.id === 0 && e.type !== 'heartbeat').map((e) => e.type);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('replay and resync (docs/product.md § Events)', () => {
  let t: TestApp;
  let events: EventsProbe;
  let alice: Session;
  const clients: SseClient[] = [];
  const connect = async (options: OpenOptions) => {
    const client = await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'tab-replay', ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({ SSE_EVENT_RETENTION: String(RETENTION), SSE_RECONNECT_TIMEOUT_MS: '200' });
    events = eventsOf(t);
    alice = await signIn(t, 'alice');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitUntil(() => events.listConnections().length === 0, 'every stream of the test to close');
  });
  afterAll(() => t.close());

  it.each([
    ['the Last-Event-ID header', (id: string): OpenOptions => ({ lastEventIdHeader: id })],
    ['the lastEventId query parameter', (id: string): OpenOptions => ({ lastEventIdQuery: id })],
  ])('replays what a dropped connection missed, via %s, then continues live', async (_, reconnectWith) => {
    const first = await connect({});
    const seen = await publish(events, 3);
    await first.waitFor((e) => e.id === seen[2].id, 'the third event');
    first.close();
    const missed = await publish(events, 5);
    const second = await connect(reconnectWith(String(seen[2].id)));
    await second.waitFor((e) => e.id === missed[4].id, 'the last missed event');
    const live = await publish(events, 1);
    await second.waitFor((e) => e.id === live[0].id, 'a live event');
    expect(second.envelopes[0].type).toBe('hello');
    expect((second.envelopes[0].data as { lastEventId: number }).lastEventId).toBe(missed[4].id);
    expect(domainIds(second)).toEqual([...missed, ...live].map((e) => e.id));
    expect(second.envelopes.filter((e) => e.id > 0)).toEqual([...missed, ...live]);
    expect(streamTypes(second)).toEqual(['hello']);
  });

  it('lets the header win over the query parameter', async () => {
    const [last] = await publish(events, 1);
    const missed = await publish(events, 2);
    const client = await connect({ lastEventIdHeader: String(last.id), lastEventIdQuery: '12' });
    await client.waitFor((e) => e.id === missed[1].id, 'the missed events');
    expect(domainIds(client)).toEqual(missed.map((e) => e.id));
    expect(streamTypes(client)).toEqual(['hello']);
  });

  it('has no gap and no duplicate when events are published while the replay is prepared', async () => {
    const [mark] = await publish(events, 1);
    await publish(events, 20);
    let isPublishing = true;
    let last = mark.id;
    const publisher = (async () => {
      for (let i = 0; i < 300 && isPublishing; i++) {
        last = (await publish(events, 1))[0].id;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const client = await connect({ lastEventIdHeader: String(mark.id) });
    await publisher;
    isPublishing = false;
    await client.waitFor((e) => e.id === last, 'the last published event');
    expect(domainIds(client)).toEqual(range(mark.id + 1, last));
    expect(streamTypes(client)).toEqual(['hello']);
  });

  it('sends one resync for an id older than the retention (pruned from the log), then live events', async () => {
    const [old] = await publish(events, 1);
    await publish(events, RETENTION + 5);
    expect(await t.app.get(EventLogPruner).prune()).toBeGreaterThan(0);
    const client = await connect({ lastEventIdHeader: String(old.id) });
    const [live] = await publish(events, 1);
    await client.waitFor((e) => e.id === live.id, 'a live event');
    expect(streamTypes(client)).toEqual(['hello', 'resync']);
    expect(client.envelopes[1]).toMatchObject({ type: 'resync', data: { reason: 'buffer-exceeded' } });
    expect(domainIds(client)).toEqual([live.id]);
  });

  it.each([
    ['an id from the future', async () => String((await events.lastEventId()) + 1000), 'unknown-id'],
    ['a malformed id', async () => 'abc', 'unknown-id'],
  ])('sends one resync for %s', async (_, id, reason) => {
    const client = await connect({ lastEventIdHeader: await id() });
    const [live] = await publish(events, 1);
    await client.waitFor((e) => e.id === live.id, 'a live event');
    expect(streamTypes(client)).toEqual(['hello', 'resync']);
    expect(client.envelopes[1]).toMatchObject({ type: 'resync', data: { reason } });
  });

  it('lets a standard EventSource reconnect by itself and replay with Last-Event-ID', async () => {
    const received: AnySseEnvelope[] = [];
    const lastEventIdHeaders: (string | undefined)[] = [];
    const source = new EventSource(`${t.baseUrl}/api/events/stream?clientId=tab-eventsource`, {
      fetch: (url, init) => {
        lastEventIdHeaders.push(init.headers['Last-Event-ID'] ?? init.headers['last-event-id']);
        return fetch(url, { ...init, headers: { ...init.headers, Cookie: alice.cookie } });
      },
    });
    source.onmessage = (message) => received.push(JSON.parse(message.data));
    try {
      await waitUntil(() => received.some((e) => e.type === 'hello'), 'hello');
      const before = await publish(events, 2);
      await waitUntil(() => received.some((e) => e.id === before[1].id), 'the first two events');
      const connection = events.listConnections().find((c) => c.clientId === 'tab-eventsource') as SseConnection;
      connection.end(null, 'client'); // the server drops the stream ...
      const missed = await publish(events, 3); // ... and events happen before the browser is back
      await waitUntil(() => received.some((e) => e.id === missed[2].id), 'the missed events');
      expect(lastEventIdHeaders).toEqual([undefined, String(before[1].id)]);
      expect(received.filter((e) => e.id > 0).map((e) => e.id)).toEqual([...before, ...missed].map((e) => e.id));
      expect(received.filter((e) => e.type === 'hello')).toHaveLength(2);
    } finally {
      source.close();
    }
  });
});

// Two apps in one process share passport's strategy registry (the last one started wins), so
// the restart is played strictly one app after the other — on the same database.
describe('replay after a real server restart (docs/product.md § Events)', () => {
  it('replays what happened across the restart, without resync, and keeps the ids going', async () => {
    const database = await createTestDatabase();
    const before = await startTestApp({}, { database });
    const probeBefore = eventsOf(before);
    const bob = await signIn(before, 'bob');
    const first = await SseClient.connect(before.baseUrl, { cookie: bob.cookie, clientId: 'tab-restart' });
    const [seen] = await probeBefore.publishProbes(1);
    await first.waitFor((e) => e.id === seen.id, 'the event before the restart');
    const missedBefore = await probeBefore.publishProbes(2); // while the browser is away
    await before.close();
    const after = await startTestApp({}, { database });
    try {
      const missedAfter = await eventsOf(after).publishProbes(2); // before the browser is back
      const client = await SseClient.connect(after.baseUrl, {
        cookie: bob.cookie,
        clientId: 'tab-restart',
        lastEventIdHeader: String(seen.id),
      });
      const lastId = missedAfter[1].id;
      await client.waitFor((e) => e.id === lastId, 'the events missed across the restart');
      expect(streamTypes(client)).toEqual(['hello']);
      expect(client.envelopes.filter((e) => e.id > 0)).toEqual([...missedBefore, ...missedAfter]);
      expect(missedAfter[0].id).toBe(missedBefore[1].id + 1);
      client.close();
      first.close();
    } finally {
      await after.close();
      await database.drop();
    }
  });
});
