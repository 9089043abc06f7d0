import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TabLiveness } from '../src/events/tab-liveness';
import { PrismaService } from '../src/prisma/prisma.service';
import { eventsOf } from './support/events';
import { insertJobDescription } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * Recording streams' opens and closes in `event_streams` / `browser_tabs` (TabLiveness, docs/adr/0015
 * § 5) under bursts and outages: a close is queued, written in batches on at most two pool
 * connections, and retried until written — a row left behind would keep a gone tab "live" for the
 * lock sweeper and presence until the instance dies.
 */

async function streamRows(t: TestApp): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM event_streams');
  return rows[0].n;
}

async function leftEvents(t: TestApp): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE envelope::jsonb->>'type' = 'user:left-workspace'`,
  );
  return rows[0].n;
}

/**
 * Opens `n` streams of one user, `wave` at a time, each its own tab. With a tiny pool an opening
 * may get 503 (its hello snapshot found no connection in time); like a browser, it tries again.
 */
async function openStreams(t: TestApp, session: Session, n: number, wave: number): Promise<SseClient[]> {
  const connect = async (clientId: string): Promise<SseClient> => {
    for (let attempt = 1; ; attempt++) {
      const client = await SseClient.open(t.baseUrl, { cookie: session.cookie, clientId });
      if (client.status === 200) {
        await client.waitFor((e) => e.type === 'hello', 'hello');
        return client;
      }
      if (client.status !== 503 || attempt === 10) throw new Error(`Expected an event stream, got ${client.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const clients: SseClient[] = [];
  for (let i = 0; i < n; i += wave) {
    const count = Math.min(wave, n - i);
    clients.push(...(await Promise.all(Array.from({ length: count }, (_, k) => connect(`burst-tab-${i + k}`)))));
  }
  return clients;
}

describe('stream bookkeeping under a burst of closes', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A pool of two connections whose waiters give up after 250 ms: 300 closes each taking a
    // connection of their own could not all be recorded.
    t = await startTestApp({
      DATABASE_POOL_MAX: '2',
      DATABASE_CONNECT_TIMEOUT_MS: '250',
      SSE_MAX_CONNECTIONS_PER_USER: '400',
    });
  });
  afterAll(() => t.close());

  it('records all of 300 streams closing at once, and the tabs with presence leave it', async () => {
    const alice = await signIn(t, 'alice');
    const description = await insertJobDescription(t.db, { createdBy: alice.id });
    const clients = await openStreams(t, alice, 300, 10);
    expect(await streamRows(t)).toBe(300);
    for (let i = 0; i < 5; i++) {
      await alice
        .post('/api/events/presence', { clientId: `burst-tab-${i}`, jobDescriptionId: description })
        .expect(204);
    }

    for (const client of clients) client.close();

    await waitUntil(async () => (await streamRows(t)) === 0, 'every stream row to be removed', { intervalMs: 100 });
    const { rows } = await t.db.query<{ open: number; closed: number }>(
      `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed
       FROM browser_tabs WHERE client_id LIKE 'burst-tab-%'`,
    );
    expect(rows[0]).toEqual({ open: 0, closed: 300 });
    await waitUntil(async () => (await leftEvents(t)) === 5, 'the five tabs to leave presence');
    const presence = await t.db.query('SELECT 1 FROM presence');
    expect(presence.rowCount).toBe(0);
  });
});

describe('stream bookkeeping: the per-user cap with openings batched', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SSE_MAX_CONNECTIONS_PER_USER: '5' });
  });
  afterAll(() => t.close());

  it('lets exactly SSE_MAX_CONNECTIONS_PER_USER of 12 simultaneous openings through', async () => {
    const bob = await signIn(t, 'bob');
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => SseClient.open(t.baseUrl, { cookie: bob.cookie, clientId: `cap-tab-${i}` })),
    );
    const statuses = attempts.map((c) => c.status).sort();
    expect(statuses).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
    expect(await streamRows(t)).toBe(5);
    for (const client of attempts) client.close();
    await waitUntil(async () => (await streamRows(t)) === 0, 'every stream row to be removed');
  });
});

describe('stream bookkeeping during a database outage', () => {
  let t: TestApp;
  let databaseName: string;
  let serverUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    const url = new URL((t.db as unknown as { options: { connectionString: string } }).options.connectionString);
    databaseName = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/postgres';
    serverUrl = url.toString();
  });
  afterAll(async () => {
    await setConnectionsAllowed(true);
    await t.close();
  });

  /** Only this test's own database is closed to connections and its backends terminated. */
  async function setConnectionsAllowed(allowed: boolean): Promise<void> {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS ${allowed}`);
      if (!allowed) {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName]);
      }
    } finally {
      await c.end();
    }
  }

  it('records a close that happened while the database was unreachable once it is back', async () => {
    const bob = await signIn(t, 'bob');
    const description = await insertJobDescription(t.db, { createdBy: bob.id });
    const stream = await SseClient.connect(t.baseUrl, { cookie: bob.cookie, clientId: 'outage-tab' });
    await bob.post('/api/events/presence', { clientId: 'outage-tab', jobDescriptionId: description }).expect(204);
    expect(await streamRows(t)).toBe(1);

    await setConnectionsAllowed(false);
    try {
      stream.close();
      await waitUntil(() => eventsOf(t).listConnections().length === 0, 'the stream to close');
      // Long enough for several tries to fail.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await setConnectionsAllowed(true);
    }

    await waitUntil(async () => (await streamRows(t)) === 0, 'the stream row to be removed once the database is back');
    const { rows } = await t.db.query<{ closed_at: Date | null }>(
      `SELECT closed_at FROM browser_tabs WHERE user_id = $1 AND client_id = 'outage-tab'`,
      [bob.id],
    );
    expect(rows[0].closed_at).not.toBeNull();
    await waitUntil(async () => (await leftEvents(t)) === 1, 'the tab to leave presence');
  });
});

describe('stream bookkeeping at shutdown', () => {
  it('writes the queued closes before the database pool closes', async () => {
    const t = await startTestApp();
    const order: string[] = [];
    const prisma = t.app.get(PrismaService);
    const liveness = t.app.get(TabLiveness);
    const disconnect = prisma.onApplicationShutdown.bind(prisma);
    prisma.onApplicationShutdown = async () => {
      order.push('pool closes');
      await disconnect();
    };
    const flush = liveness.flush.bind(liveness);
    liveness.flush = async (timeoutMs) => {
      order.push('closes flushed');
      return flush(timeoutMs);
    };
    const alice = await signIn(t, 'alice');
    await SseClient.connect(t.baseUrl, { cookie: alice.cookie, clientId: 'shutdown-tab' });
    await t.close();
    // Once before the instance leaves the table (onModuleDestroy), once after the streams were ended.
    expect(order).toEqual(['closes flushed', 'closes flushed', 'pool closes']);
  });
});
