// The catalogue at scale — a script, not a test (docs/performance.md § Catalogue at scale).
//
//   npx nx build api && node tools/bench/catalogue.mjs [--sizes 1000:200,10000:2000,100000:20000]
//                                                     [--duration 4] [--connections 10]
//
// Starts the built API on a fresh database (tools/bench/bench-server.mjs) and grows its catalogue
// through the sizes given (tasks:descriptions, seeded by tools/seed-large.mjs), measuring at each:
//   1. GET /api/job-tasks?limit=500                   the first page of 500 (with the total)
//   2. GET /api/job-tasks?limit=500&cursor=…          pages of 500 deep in the catalogue (keyset)
//   3. GET /api/job-tasks?q=objection                 free text matching ~5 % of the tasks
//   4. GET /api/job-tasks?q=hillside%200004           free text matching a handful
//   5. GET /api/job-tasks?q=north%200000, …           a new term each request (the page cache cannot answer)
//   6. GET /api/job-descriptions?limit=100            the first page of descriptions
// Repeated requests are answered from the API's page cache until data changes (ADR 0018), as for
// many users opening the board; load 5 shows the database's own cost. Each load runs
// first 20 requests one after the other ("alone": no queueing), then with autocannon over loopback,
// one load at a time, and prints one table with the API's CPU time per request and the machine's
// load average beside each size (other processes share the cores).
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { withClient } from '../db.mjs';
import { seedLarge, UNITS } from '../seed-large.mjs';
import {
  machineLine,
  percentiles,
  printTable,
  recordSummary,
  signIn,
  startBenchServer,
  wholeNumber,
} from './bench-server.mjs';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000:200,10000:2000,100000:20000' },
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
const DURATION_S = wholeNumber('duration', args.duration, 1, 10);
const CONNECTIONS = wholeNumber('connections', args.connections, 1, 100);
const SIZES = String(args.sizes)
  .split(',')
  .map((pair) => {
    const [tasks, descriptions] = pair.split(':');
    return {
      tasks: wholeNumber('sizes (tasks)', tasks, 10, 1_000_000),
      descriptions: wholeNumber('sizes (descriptions)', descriptions ?? '0', 0, 200_000),
    };
  });
for (let i = 1; i < SIZES.length; i++) {
  if (SIZES[i].tasks < SIZES[i - 1].tasks || SIZES[i].descriptions < SIZES[i - 1].descriptions) {
    console.error('--sizes must grow (the catalogue is seeded further for each size)');
    process.exit(2);
  }
}

const load1 = () => os.loadavg()[0].toFixed(1);

/**
 * CPU time the API process has used so far, in ms (Linux /proc; null elsewhere). Divided by the
 * requests of a load it is the API's cost per request, which the machine's load changes far less
 * than the latencies (other processes share the two cores).
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return null;
  }
}

/**
 * One autocannon load over `paths` (each connection cycles through them; a function instead gives
 * every request its own path); every response time.
 */
async function load(baseUrl, headers, paths, pid) {
  const cpuBefore = cpuMs(pid);
  const times = [];
  let bytes = 0;
  const problems = new Map();
  const instance = autocannon({
    url: baseUrl,
    duration: DURATION_S,
    connections: CONNECTIONS,
    requests:
      typeof paths === 'function'
        ? [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: paths() }) }]
        : paths.map((path) => ({ method: 'GET', path, headers })),
  });
  instance.on('response', (_client, status, size, responseTime) => {
    if (status !== 200) problems.set(status, (problems.get(status) ?? 0) + 1);
    times.push(responseTime);
    bytes += size;
  });
  const result = await instance;
  const cpuAfter = cpuMs(pid);
  if (result.errors || result.timeouts) problems.set('errors/timeouts', result.errors + result.timeouts);
  return {
    latency: percentiles(times),
    perSecond: times.length / DURATION_S,
    bytes: bytes / times.length,
    apiCpuMs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / times.length,
    problems,
  };
}

/** p50 of `count` requests one after the other on one connection (no queueing behind other requests). */
async function alone(baseUrl, headers, paths, count = 20) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const startedAt = performance.now();
    const path = typeof paths === 'function' ? paths() : paths[i % paths.length];
    const response = await fetch(`${baseUrl}${path}`, { headers });
    await response.arrayBuffer();
    times.push(performance.now() - startedAt);
  }
  return percentiles(times).p50;
}

async function getJson(baseUrl, headers, path) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/**
 * Waits until the API lists what the seeding wrote behind its back: seed:large announces it, and
 * the API's page cache drops what it held when the notification arrives (ADR 0018 § Page cache).
 */
async function untilListsShow(server, headers) {
  const live = await withClient(server.databaseUrl, async (c) => {
    const { rows } = await c.query('SELECT count(*)::int AS n FROM job_tasks WHERE deleted_at IS NULL');
    return rows[0].n;
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await getJson(server.baseUrl, headers, '/api/job-tasks?limit=500')).total === live) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the API still lists another number of tasks than the ${live} in the database`);
}

/**
 * Paths searching "<unit> <first four digits>" — "north 0000", "south 0000", …, "airport 0000",
 * "north 0001", … — never the same twice in a run (10,000 terms). Seeded titles end in
 * "(<unit> <six digits>)", so at 100,000 tasks every term matches about ten tasks; at smaller sizes
 * only the first terms match (at 10,000 tasks the first 1,000, at 1,000 the first 100) and the rest
 * find nothing, which costs the index the same trigram lookups.
 */
function distinctSearches() {
  let n = 0;
  return () => {
    const term = `${UNITS[n % UNITS.length]} ${String(Math.floor(n / UNITS.length) % 1_000).padStart(4, '0')}`;
    n += 1;
    return `/api/job-tasks?q=${encodeURIComponent(term.toLowerCase())}`;
  };
}

/** Cursors of up to `count` pages of 500 spread over the catalogue (walked once with the cursor). */
async function deepCursors(baseUrl, headers, count) {
  const cursors = [];
  let cursor = null;
  do {
    const page = await getJson(
      baseUrl,
      headers,
      `/api/job-tasks?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  const step = Math.max(1, Math.floor(cursors.length / count));
  return cursors.filter((_, i) => i % step === 0).slice(0, count);
}

async function main() {
  console.log(`Starting the API (catalogue sizes ${SIZES.map((s) => `${s.tasks}/${s.descriptions}`).join(', ')}) ...`);
  const server = await startBenchServer({ seed: 'users' });
  const rows = [];
  const summary = [];
  try {
    const { cookie } = await signIn(server.baseUrl, 'admin');
    const headers = { Cookie: cookie, Accept: 'application/json' };
    let seeded = { tasks: 0, descriptions: 0 };
    for (const size of SIZES) {
      const added = await seedLarge(server.databaseUrl, {
        tasks: size.tasks - seeded.tasks,
        descriptions: size.descriptions - seeded.descriptions,
      });
      seeded = size;
      await untilListsShow(server, headers);
      const first = await getJson(server.baseUrl, headers, '/api/job-tasks?limit=500');
      const common = await getJson(server.baseUrl, headers, '/api/job-tasks?q=objection');
      const rare = await getJson(server.baseUrl, headers, '/api/job-tasks?q=hillside%200004');
      const cursors = await deepCursors(server.baseUrl, headers, 10);
      const loadBefore = load1();
      const label = `${size.tasks.toLocaleString('en')} tasks / ${size.descriptions.toLocaleString('en')} descr.`;
      console.log(
        `${label}: seeded in ${(added.ms / 1000).toFixed(1)} s; ${first.total} live tasks; load ${loadBefore}`,
      );
      const loads = [
        ['page of 500 (first)', ['/api/job-tasks?limit=500']],
        [
          'page of 500 (keyset, deep)',
          (cursors.length ? cursors : [null]).map(
            (c) => `/api/job-tasks?limit=500${c ? `&cursor=${encodeURIComponent(c)}` : ''}`,
          ),
        ],
        [`search "objection" (${common.total} hits, page of 100)`, ['/api/job-tasks?q=objection']],
        [`search "hillside 0004" (${rare.total} hits)`, ['/api/job-tasks?q=hillside%200004']],
        // Every request another term, so none is answered from the page cache: the database's search.
        ['search, a new term each request (uncached)', distinctSearches()],
        ['descriptions, page of 100', ['/api/job-descriptions?limit=100']],
      ];
      for (const [name, paths] of loads) {
        const single = await alone(server.baseUrl, headers, paths);
        const r = await load(server.baseUrl, headers, paths, server.pid);
        const problems = [...r.problems].map(([k, v]) => `${v}× ${k}`).join(', ');
        rows.push([
          label,
          name,
          `${single.toFixed(1)} ms`,
          `${r.latency.p50.toFixed(1)} ms`,
          `${r.latency.p95.toFixed(1)} ms`,
          `${r.latency.p99.toFixed(1)} ms`,
          r.perSecond.toFixed(0),
          `${(r.bytes / 1024).toFixed(0)} KiB`,
          r.apiCpuMs === null ? '' : `${r.apiCpuMs.toFixed(1)} ms`,
          `${loadBefore}→${load1()}`,
          problems,
        ]);
        summary.push({
          benchmark: `Catalogue ${label}, ${CONNECTIONS} connections: ${name}`,
          p50: r.latency.p50,
          p95: r.latency.p95,
          p99: r.latency.p99,
          rate: `${r.perSecond.toFixed(0)} requests/s`,
          note: `load ${loadBefore}→${load1()}${r.apiCpuMs === null ? '' : `, API CPU ${r.apiCpuMs.toFixed(1)} ms/request`}`,
        });
        if (problems) process.exitCode = 1;
      }
    }
    console.log(`\nCatalogue at scale: ${CONNECTIONS} connections, ${DURATION_S} s per load`);
    console.log(`${machineLine()}\n`);
    printTable(
      [
        'catalogue',
        'load',
        'alone p50',
        'p50',
        'p95',
        'p99',
        'requests/s',
        'response',
        'API CPU/request',
        'load avg (1 min)',
        'problems',
      ],
      rows,
    );
    recordSummary(summary);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
