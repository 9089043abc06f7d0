#!/usr/bin/env node
// `npm run reliability`: what clients see when the database goes away, the API restarts, crashes,
// or a client stops reading its event stream — measured against the built API on a fresh database
// (TEST_DATABASE_URL's server, else an embedded PostgreSQL). Prints one table; docs/reliability.md
// records a run. Options: --outage-seconds N (default 10), --writes N (default 300).
import http from 'node:http';
import { parseArgs } from 'node:util';
import { withClient } from './db.mjs';
import { signIn, startBenchServer, wholeNumber } from './bench/bench-server.mjs';

const { values } = parseArgs({
  options: { 'outage-seconds': { type: 'string', default: '10' }, writes: { type: 'string', default: '300' } },
});
const OUTAGE_S = wholeNumber('--outage-seconds', values['outage-seconds'], 1, 600);
const WRITES = wholeNumber('--writes', values.writes, 10, 100_000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = [];
const record = (scenario, figure, value) => {
  rows.push({ scenario, figure, value: String(value) });
  console.log(`${scenario.padEnd(18)} ${figure.padEnd(58)} ${value}`);
};

/** An event stream read (or, with `isReading` false, never read) over a plain socket. */
function openStream(baseUrl, cookie, clientId, { lastEventId, isReading = true } = {}) {
  return new Promise((resolve, reject) => {
    const query = `clientId=${clientId}${lastEventId ? `&lastEventId=${lastEventId}` : ''}`;
    const stream = { text: '', hasEnded: false, lastId: null, req: null };
    stream.req = http.get(
      `${baseUrl}/api/events/stream?${query}`,
      { headers: { Cookie: cookie, Accept: 'text/event-stream' }, agent: false },
      (res) => {
        stream.status = res.statusCode;
        stream.res = res;
        res.setEncoding('utf8');
        if (isReading) {
          res.on('data', (chunk) => {
            stream.text += chunk;
            for (const m of chunk.matchAll(/^id: (\d+)$/gm)) stream.lastId = m[1];
          });
        } else res.pause();
        const end = () => (stream.hasEnded = true);
        // A paused response emits no 'end'; the socket still reports being closed by the server.
        res.socket.on('close', end);
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
        resolve(stream);
      },
    );
    stream.req.on('error', (err) => (stream.status ? (stream.hasEnded = true) : reject(err)));
  });
}

async function call(baseUrl, method, path, { cookie, body } = {}) {
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        'X-Client-Id': 'reliability-tab',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const json = await res.json().catch(() => null);
    return { status: res.status, body: json, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 0, body: null };
  }
}

async function setConnectionsAllowed(server, isAllowed) {
  await withClient(server.serverUrl, async (c) => {
    await c.query(`ALTER DATABASE "${server.database}" ALLOW_CONNECTIONS ${isAllowed}`);
    if (!isAllowed)
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [server.database]);
  });
}

async function databaseOutage(server) {
  const { cookie } = await signIn(server.baseUrl, 'alice');
  const stream = await openStream(server.baseUrl, cookie, 'reliability-outage');
  const requests = {
    'GET /api/auth/me': () => call(server.baseUrl, 'GET', '/api/auth/me', { cookie }),
    'GET /api/job-tasks': () => call(server.baseUrl, 'GET', '/api/job-tasks', { cookie }),
    'POST /api/job-tasks': () =>
      call(server.baseUrl, 'POST', '/api/job-tasks', { cookie, body: { title: `Outage ${Math.random()}` } }),
    'POST /api/auth/login': () =>
      call(server.baseUrl, 'POST', '/api/auth/login', { body: { username: 'bob', password: 'bob-demo-pass' } }),
  };
  const statuses = {};
  await setConnectionsAllowed(server, false);
  const outageEnds = Date.now() + OUTAGE_S * 1000;
  let total = 0;
  let withRetryAfter = 0;
  while (Date.now() < outageEnds) {
    for (const [name, send] of Object.entries(requests)) {
      const res = await send();
      total++;
      if (res.retryAfter) withRetryAfter++;
      statuses[`${name} → ${res.status}`] = (statuses[`${name} → ${res.status}`] ?? 0) + 1;
    }
    await sleep(50);
  }
  await setConnectionsAllowed(server, true);
  const back = Date.now();
  while ((await call(server.baseUrl, 'GET', '/api/auth/me', { cookie })).status !== 200) await sleep(20);
  const recoveryMs = Date.now() - back;
  const after = await call(server.baseUrl, 'POST', '/api/job-tasks', {
    cookie,
    body: { title: `After ${Date.now()}` },
  });
  record('database outage', `requests during a ${OUTAGE_S} s outage`, total);
  for (const [key, count] of Object.entries(statuses).sort()) record('database outage', `  ${key}`, count);
  record('database outage', 'answers with Retry-After', `${withRetryAfter} of ${total}`);
  record('database outage', 'first 200 after connections are allowed again (ms)', recoveryMs);
  record('database outage', 'write after recovery, same session', after.status);
  record('database outage', 'event stream still open after the outage', !stream.hasEnded);
  stream.req.destroy();
}

async function restart(server, signal) {
  const { cookie } = await signIn(server.baseUrl, 'alice');
  const stream = await openStream(server.baseUrl, cookie, `reliability-${signal}`);
  await call(server.baseUrl, 'POST', '/api/job-tasks', { cookie, body: { title: `Before ${signal} ${Date.now()}` } });
  // The id the browser would reconnect with: wait for that event (a fixed pause is too short under load).
  for (let waited = 0; stream.lastId === null && waited < 10_000; waited += 50) await sleep(50);
  const lastId = stream.lastId;
  // Writes in flight while the process ends; each acknowledged id must survive.
  const acknowledged = [];
  let isWriting = true;
  const writer = (async () => {
    for (let i = 0; isWriting && i < WRITES; i++) {
      const res = await call(server.baseUrl, 'POST', '/api/job-tasks', {
        cookie,
        body: { title: `${signal} write ${i} ${Date.now()}` },
      });
      if (res.status === 201) acknowledged.push(res.body.id);
    }
  })();
  await sleep(1500);
  const downMs = await server.restart(signal);
  isWriting = false;
  await writer;
  const present = await withClient(
    server.databaseUrl,
    async (c) =>
      (await c.query('SELECT count(*)::int AS n FROM job_tasks WHERE id = ANY($1::int[])', [acknowledged])).rows[0].n,
  );
  const me = await call(server.baseUrl, 'GET', '/api/auth/me', { cookie });
  const again = await openStream(server.baseUrl, cookie, `reliability-${signal}`, { lastEventId: lastId });
  await sleep(500);
  const resync = /"type":"resync".*?"reason":"([a-z-]+)"/.exec(again.text)?.[1] ?? 'none';
  const scenario = signal === 'SIGKILL' ? 'crash (SIGKILL)' : 'restart (SIGTERM)';
  record(scenario, 'old event stream ended', stream.hasEnded);
  record(scenario, 'start to healthy after the exit (ms)', downMs);
  record(scenario, 'acknowledged writes lost', `${acknowledged.length - present} of ${acknowledged.length}`);
  record(scenario, 'session cookie after the restart', me.status);
  record(scenario, 'reconnect with the old Last-Event-ID', `resync (${resync})`);
  // The event log (ADR 0015) outlives the process: the writes' events come back on the reconnect.
  const replayed = (again.text.match(/"type":"job-task:created"/g) ?? []).length;
  record(scenario, 'their job-task:created events replayed', `${replayed} of ${acknowledged.length}`);
  again.req.destroy();
}

async function slowClient(server) {
  const { cookie } = await signIn(server.baseUrl, 'alice');
  const slow = await openStream(server.baseUrl, cookie, 'reliability-slow', { isReading: false });
  const reader = await openStream(server.baseUrl, cookie, 'reliability-reader');
  const text = '<p>' + 'x'.repeat(19_000) + '</p>';
  const EVENTS = 300;
  for (let i = 0; i < EVENTS; i++) {
    await call(server.baseUrl, 'POST', '/api/job-tasks', { cookie, body: { title: `Large ${i} ${Date.now()}`, text } });
  }
  await sleep(500);
  const published = reader.text.length;
  // Now read what the server had sent to the stalled client before it closed the stream.
  let received = 0;
  slow.res.on('data', (chunk) => (received += chunk.length));
  slow.res.resume();
  const deadline = Date.now() + 10_000;
  while (!slow.hasEnded && Date.now() < deadline) await sleep(100);
  const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  record(
    'slow client',
    `an unread stream while ${EVENTS} events of ~19 kB (${mb(published)}) were sent`,
    slow.hasEnded ? 'closed by the server' : 'still open',
  );
  record(
    'slow client',
    'bytes the stalled client got before the close (socket buffers + SSE_MAX_PENDING_BYTES)',
    mb(received),
  );
  record('slow client', 'a reading stream on the same server kept going', !reader.hasEnded);
  slow.req.destroy();
  reader.req.destroy();
}

const server = await startBenchServer({ seed: 'users', env: { SSE_MAX_PENDING_BYTES: String(1024 * 1024) } });
try {
  await databaseOutage(server);
  await restart(server, 'SIGTERM');
  await restart(server, 'SIGKILL');
  await slowClient(server);
} finally {
  await server.stop();
}
console.log('\n| scenario | figure | value |\n| --- | --- | --- |');
for (const r of rows) console.log(`| ${r.scenario} | ${r.figure.trim()} | ${r.value} |`);
