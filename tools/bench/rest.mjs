// REST latency under load — a script, not a test.
//
//   npx nx build api && node tools/bench/rest.mjs [--duration 8] [--connections 10] [--tasks 1000]
//
// Starts the built API on a fresh database (tools/bench/bench-server.mjs) holding --tasks job tasks
// (each with text and two tags), then drives it with autocannon over loopback, one load at a time:
//   1. GET /api/job-tasks?limit=500            (one page: the largest the API hands out)
//   2. the whole catalogue of 1000 tasks, the way the web app loads it: GET …?limit=500 then
//      …?limit=500&offset=500 on the same connection, timed together as one listing
//   3. POST /api/locks/acquire + /release pairs, every connection on its own task (its own tab,
//      with a live event stream like a browser tab, so the orphan sweep leaves its locks alone)
// and prints p50/p95/p99/max latency and requests/s per load. Each load runs --duration seconds.
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import {
  loadAverage,
  machineLine,
  openTabStream,
  percentiles,
  printTable,
  recordSummary,
  wholeNumber,
  withSignedInAdmin,
} from './bench-server.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    tasks: { type: 'string', default: '1000' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
const DURATION_S = wholeNumber('duration', args.duration, 1, 10);
const CONNECTIONS = wholeNumber('connections', args.connections, 1, 200);
const TASKS = wholeNumber('tasks', args.tasks, 1, 100_000);

/** 1000 tasks with realistic text and two of ten tags each, inserted in one statement. */
async function insertTasks(c, admin) {
  await c.query(
    `INSERT INTO job_tasks (title, title_key, text, pay_group, created_by_id, updated_by_id)
     SELECT 'Benchmark task ' || lpad(n::text, 5, '0'), 'benchmark task ' || lpad(n::text, 5, '0'),
            '<p>Checks applications number ' || n || ' for completeness and <strong>entitlement</strong>, '
              || 'advises citizens and issues the decisions.</p><ul><li>first step</li><li>second step</li></ul>',
            1 + n % 15, $1, $1
     FROM generate_series(1, $2::int) AS n`,
    [admin, TASKS],
  );
  await c.query(`INSERT INTO tags (name) SELECT 'bench tag ' || n FROM generate_series(0, 9) AS n`);
  await c.query(
    `INSERT INTO job_task_tags (job_task_id, tag_id)
     SELECT t.id, g.id FROM job_tasks t
     JOIN tags g ON g.name IN ('bench tag ' || (t.id % 10), 'bench tag ' || ((t.id + 3) % 10))`,
  );
}

/**
 * Runs one autocannon load and collects every response time (autocannon's histogram has no p95).
 * With `group` > 1 every `group` consecutive responses of one connection (a request sequence,
 * sent one after the other) count as one operation whose time is their sum.
 */
async function load(title, options, group = 1) {
  const times = [];
  const statuses = new Map();
  const partial = new Map(); // connection -> [responses so far, time so far]
  const instance = autocannon({ duration: DURATION_S, connections: CONNECTIONS, ...options });
  instance.on('response', (client, status, _bytes, responseTime) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const [count, sum] = partial.get(client) ?? [0, 0];
    if (count + 1 < group) {
      partial.set(client, [count + 1, sum + responseTime]);
      return;
    }
    partial.delete(client);
    times.push(sum + responseTime);
  });
  const result = await instance;
  const latency = percentiles(times);
  const other = [...statuses].filter(([status]) => status < 200 || status >= 300);
  return {
    title,
    latency,
    requestsPerSecond: result.requests.average,
    operationsPerSecond: times.length / DURATION_S,
    total: times.length,
    problems: [
      ...other.map(([status, count]) => `${count}× HTTP ${status}`),
      ...(result.errors ? [`${result.errors} errors`] : []),
      ...(result.timeouts ? [`${result.timeouts} timeouts`] : []),
    ],
  };
}

async function main() {
  console.log(`Starting the API with ${TASKS} job tasks ...`);
  const streams = [];
  await withSignedInAdmin({ prepare: insertTasks }, async ({ server, cookie }) => {
    try {
      await measure(server, cookie, streams);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
}

/** The three loads, one after the other; `streams` collects the tabs' event streams for closing. */
async function measure(server, cookie, streams) {
  const headers = { Cookie: cookie, Accept: 'application/json' };
  const first = await fetch(`${server.baseUrl}/api/job-tasks?limit=500`, { headers });
  const page = await first.json();
  if (first.status !== 200 || page.items.length !== Math.min(500, TASKS) || page.total !== TASKS) {
    throw new Error(`unexpected listing: ${first.status}, ${page.items?.length} items of ${page.total}`);
  }
  const { items: lockable } = await (
    await fetch(`${server.baseUrl}/api/job-tasks?limit=${CONNECTIONS}&offset=0`, { headers })
  ).json();
  if (lockable.length < CONNECTIONS) throw new Error(`--connections needs at least as many tasks`);

  const results = [];
  console.log(`Load 1/3: GET /api/job-tasks?limit=500 for ${DURATION_S} s ...`);
  results.push(
    await load('GET /api/job-tasks?limit=500', { url: `${server.baseUrl}/api/job-tasks?limit=500`, headers }),
  );
  const pages = Math.ceil(TASKS / 500);
  console.log(`Load 2/3: list all ${TASKS} tasks (${pages} pages of 500 in sequence) for ${DURATION_S} s ...`);
  const listing = await load(
    `list all ${TASKS} tasks (${pages} × GET …?limit=500&offset=…)`,
    {
      url: server.baseUrl,
      requests: Array.from({ length: pages }, (_, page) => ({
        method: 'GET',
        path: `/api/job-tasks?limit=500&offset=${page * 500}`,
        headers,
      })),
    },
    pages,
  );
  results.push(listing);

  // Every connection is one tab on its own task, with a live event stream.
  const tabs = lockable.slice(0, CONNECTIONS).map((task, i) => ({ taskId: task.id, clientId: `bench-rest-${i}` }));
  for (const tab of tabs) streams.push(await openTabStream(server.baseUrl, cookie, tab.clientId));
  let nextTab = 0;
  const lockHeaders = { ...headers, 'Content-Type': 'application/json' };
  console.log(`Load 3/3: lock acquire/release pairs for ${DURATION_S} s ...`);
  const locks = await load(
    'lock acquire + release (POST /api/locks/…)',
    {
      url: server.baseUrl,
      setupClient: (client) => {
        const tab = tabs[nextTab++ % tabs.length];
        const body = JSON.stringify({ entityType: 'JobTask', entityId: tab.taskId, clientId: tab.clientId });
        client.setRequests([
          {
            method: 'POST',
            path: '/api/locks/acquire',
            headers: { ...lockHeaders, 'X-Client-Id': tab.clientId },
            body,
          },
          {
            method: 'POST',
            path: '/api/locks/release',
            headers: { ...lockHeaders, 'X-Client-Id': tab.clientId },
            body,
          },
        ]);
      },
    },
    2,
  );
  results.push(locks);

  console.log(`\nREST under load: ${CONNECTIONS} connections, ${DURATION_S} s per load, ${TASKS} job tasks`);
  console.log(`${machineLine()}, ${loadAverage()}\n`);
  const ms = (v) => `${v.toFixed(1)} ms`;
  printTable(
    ['load (time per operation)', 'p50', 'p95', 'p99', 'max', 'operations/s', 'requests/s', 'operations'],
    results.map((r) => [
      r.title,
      ms(r.latency.p50),
      ms(r.latency.p95),
      ms(r.latency.p99),
      ms(r.latency.max),
      r.operationsPerSecond.toFixed(0),
      r.requestsPerSecond.toFixed(0),
      String(r.total),
    ]),
  );
  recordSummary(
    results.map((r) => ({
      benchmark: `REST, ${CONNECTIONS} connections: ${r.title}`,
      p50: r.latency.p50,
      p95: r.latency.p95,
      p99: r.latency.p99,
      rate: `${r.operationsPerSecond.toFixed(0)} operations/s (${r.requestsPerSecond.toFixed(0)} requests/s)`,
    })),
  );
  const problems = results.filter((r) => r.problems.length);
  for (const r of problems) console.log(`! ${r.title}: ${r.problems.join(', ')}`);
  if (problems.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
