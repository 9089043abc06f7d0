// REST latency under load — a script, not a test.
//
//   npx nx build api && node tools/bench/rest.mjs [--duration 8] [--connections 10] [--tasks 1000]
//                                                 [--loads page,listing,locks,update]
//                                                 [--baseline <other build>/dist/apps/api/main.js [--rounds 2]]
//
// Starts the built API on a fresh database (tools/bench/bench-server.mjs) holding --tasks job tasks
// (each with text and two tags), then drives it with autocannon over loopback, one load at a time:
//   page     GET /api/job-tasks?limit=500 (one page: the largest the API hands out)
//   listing  the whole catalogue of 1000 tasks in pages of 500 on one connection, timed together
//   locks    POST /api/locks/acquire + /release pairs, every connection on its own task (its own tab,
//            with a live event stream like a browser tab, so the orphan sweep leaves its locks alone)
//   update   PATCH /api/job-tasks/:id renames, every connection holding its own task's lock
// and prints p50/p95/p99/max latency and requests/s per load. Each load runs --duration seconds.
// With --baseline the same loads run against that second build too (its own fresh database), the two
// taking turns --rounds times per load so a shared machine's load falls on both alike, and a table
// gives this build's throughput over the baseline's (docs/performance.md § Mutations).
// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API meanwhile.
import autocannon from 'autocannon';
import path from 'node:path';
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
    loads: { type: 'string', default: 'page,listing,locks,update' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
const DURATION_S = wholeNumber('duration', args.duration, 1, 10);
const CONNECTIONS = wholeNumber('connections', args.connections, 1, 200);
const TASKS = wholeNumber('tasks', args.tasks, 1, 100_000);
const LOADS = new Set(String(args.loads).split(','));
const BASELINE = args.baseline ? path.resolve(String(args.baseline)) : null;
const ROUNDS = wholeNumber('rounds', args.rounds, 1, 10);
const KNOWN_LOADS = ['page', 'listing', 'locks', 'update'];
if ([...LOADS].some((l) => !KNOWN_LOADS.includes(l))) {
  console.error(`--loads takes a comma-separated choice of ${KNOWN_LOADS.join(', ')}`);
  process.exit(2);
}

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
      const current = await prepareTarget('this build', server, cookie, streams);
      if (!BASELINE) return report(await runLoads([current]));
      console.log(`Starting the baseline build ${BASELINE} ...`);
      await withSignedInAdmin({ prepare: insertTasks, apiMain: BASELINE }, async (base) => {
        const baseline = await prepareTarget('baseline', base.server, base.cookie, streams);
        report(await runLoads([current, baseline]));
      });
    } finally {
      for (const stream of streams) stream.close();
    }
  });
}

/**
 * One server under test: checks its listing, opens one tab (with a live event stream) per
 * connection on its own task, and returns the loads as functions; `streams` collects the streams.
 */
async function prepareTarget(label, server, cookie, streams) {
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
  const tabs = lockable.slice(0, CONNECTIONS).map((task, i) => ({ taskId: task.id, clientId: `bench-rest-${i}` }));
  for (const tab of tabs) streams.push(await openTabStream(server.baseUrl, cookie, tab.clientId));
  const lockHeaders = (tab) => ({ ...headers, 'Content-Type': 'application/json', 'X-Client-Id': tab.clientId });
  const lockBody = (tab) => JSON.stringify({ entityType: 'JobTask', entityId: tab.taskId, clientId: tab.clientId });
  const pages = Math.ceil(TASKS / 500);
  /** Hands the tabs to autocannon's connections, one each. */
  const perTab = (requests) => {
    let next = 0;
    return (client) => client.setRequests(requests(tabs[next++ % tabs.length]));
  };
  const loads = {
    page: () => load('GET /api/job-tasks?limit=500', { url: `${server.baseUrl}/api/job-tasks?limit=500`, headers }),
    listing: () =>
      load(
        `list all ${TASKS} tasks (${pages} × GET …?limit=500&offset=…)`,
        {
          url: server.baseUrl,
          requests: Array.from({ length: pages }, (_, n) => ({
            method: 'GET',
            path: `/api/job-tasks?limit=500&offset=${n * 500}`,
            headers,
          })),
        },
        pages,
      ),
    locks: () =>
      load(
        'lock acquire + release (POST /api/locks/…)',
        {
          url: server.baseUrl,
          setupClient: perTab((tab) => [
            { method: 'POST', path: '/api/locks/acquire', headers: lockHeaders(tab), body: lockBody(tab) },
            { method: 'POST', path: '/api/locks/release', headers: lockHeaders(tab), body: lockBody(tab) },
          ]),
        },
        2,
      ),
    update: async () => {
      // Every tab holds its task's lock and renames the task over and over (one PATCH per operation).
      for (const tab of tabs) {
        const acquired = await fetch(`${server.baseUrl}/api/locks/acquire`, {
          method: 'POST',
          headers: lockHeaders(tab),
          body: lockBody(tab),
        });
        if (acquired.status >= 300) throw new Error(`lock acquire answered ${acquired.status}`);
      }
      let n = 0;
      return load('task update (PATCH /api/job-tasks/:id, lock held)', {
        url: server.baseUrl,
        setupClient: perTab((tab) => [
          {
            method: 'PATCH',
            path: `/api/job-tasks/${tab.taskId}`,
            headers: lockHeaders(tab),
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ title: `Renamed ${label} ${n++}` }) }),
          },
        ]),
      });
    },
  };
  return { label, loads };
}

/** Every chosen load on every target; with a baseline the targets take turns, ROUNDS times per load. */
async function runLoads(targets) {
  const results = [];
  const rounds = targets.length > 1 ? ROUNDS : 1;
  for (const name of KNOWN_LOADS.filter((l) => LOADS.has(l))) {
    for (let round = 1; round <= rounds; round++) {
      for (const target of targets) {
        console.log(`Load ${name} on ${target.label}${rounds > 1 ? ` (round ${round})` : ''} for ${DURATION_S} s ...`);
        results.push({ ...(await target.loads[name]()), target: target.label, load: name });
      }
    }
  }
  return results;
}

function report(results) {
  const targets = [...new Set(results.map((r) => r.target))];
  console.log(`\nREST under load: ${CONNECTIONS} connections, ${DURATION_S} s per load, ${TASKS} job tasks`);
  console.log(`${machineLine()}, ${loadAverage()}\n`);
  const ms = (v) => `${v.toFixed(1)} ms`;
  const label = (r) => (targets.length > 1 ? `${r.title} [${r.target}]` : r.title);
  printTable(
    ['load (time per operation)', 'p50', 'p95', 'p99', 'max', 'operations/s', 'requests/s', 'operations'],
    results.map((r) => [
      label(r),
      ms(r.latency.p50),
      ms(r.latency.p95),
      ms(r.latency.p99),
      ms(r.latency.max),
      r.operationsPerSecond.toFixed(0),
      r.requestsPerSecond.toFixed(0),
      String(r.total),
    ]),
  );
  if (targets.length > 1) {
    // Throughput of this build over the baseline's, from all rounds together.
    console.log('');
    const rate = (load, target) => {
      const runs = results.filter((r) => r.load === load && r.target === target);
      return runs.reduce((sum, r) => sum + r.operationsPerSecond, 0) / runs.length;
    };
    printTable(
      ['load', 'this build operations/s', 'baseline operations/s', 'ratio'],
      [...new Set(results.map((r) => r.load))].map((load) => [
        load,
        rate(load, targets[0]).toFixed(0),
        rate(load, targets[1]).toFixed(0),
        `${(rate(load, targets[0]) / rate(load, targets[1])).toFixed(2)}×`,
      ]),
    );
  }
  recordSummary(
    results
      .filter((r) => r.target === targets[0])
      .map((r) => ({
        benchmark: `REST, ${CONNECTIONS} connections: ${r.title}`,
        p50: r.latency.p50,
        p95: r.latency.p95,
        p99: r.latency.p99,
        rate: `${r.operationsPerSecond.toFixed(0)} operations/s (${r.requestsPerSecond.toFixed(0)} requests/s)`,
      })),
  );
  const problems = results.filter((r) => r.problems.length);
  for (const r of problems) console.log(`! ${label(r)}: ${r.problems.join(', ')}`);
  if (problems.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
