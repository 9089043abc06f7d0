// SSE fan-out benchmark — a script, not a test.
//
//   npx nx build api && npm run bench:sse -- [--clients 100,1000,5000] [--mutations 200] [--interval-ms 50] [--writers 8]
//
// Starts the built API (dist/apps/api/main.js) through bench-server.mjs — a fresh database on
// TEST_DATABASE_URL's server, else an embedded PostgreSQL — opens N event streams on loopback, performs M lock mutations
// through the REST API (acquire/release of one job task, alternating) and measures, for every
// event at every client, the time from the mutation's commit (the envelope's timestamp, taken
// right after the commit) to its receipt. Then it runs the same fan-out through a minimal raw
// Node `http` SSE server (tools/bench/raw-sse-server.mjs) and prints both and their ratio.
//
// Two phases per server: "latency" has one writer pacing its mutations (--interval-ms apart) so
// the figures are not queueing delay; "throughput" has --writers concurrent writers (each on its
// own task) sending back to back and reports events/s delivered to every client. Memory per
// connection is the server process's RSS growth over the N streams. --clients takes a
// comma-separated list: every count is measured in turn (API, then raw) on a fresh server.
//
// Then a two-instance phase (--two-instances N, default 1000, 0 skips it): two API processes on one
// database (ADR 0015), the N streams spread over both, the writers alternating between them — so
// half of every event's deliveries cross instances through the event log and LISTEN/NOTIFY —
// compared with one instance and N streams.
import http from 'node:http';
import { parseArgs } from 'node:util';
import {
  insertJobTasks,
  machineLine,
  percentiles,
  printTable,
  recordSummary,
  settledRss,
  signIn,
  startBenchServer,
  startRawSseServer,
  wholeNumber,
} from './bench-server.mjs';
import { openStream } from './sse-client.mjs';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '100,1000,5000' },
    mutations: { type: 'string', default: '200' },
    'interval-ms': { type: 'string', default: '50' },
    writers: { type: 'string', default: '8' },
    'two-instances': { type: 'string', default: '1000' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
// `--clients none` skips the comparison with the raw server (e.g. to run only the two-instance phase).
const CLIENT_COUNTS =
  args.clients === 'none'
    ? []
    : String(args.clients)
        .split(',')
        .map((raw) => wholeNumber('clients', raw.trim(), 1, 20_000));
const MUTATIONS = wholeNumber('mutations', args.mutations, 1, 100_000);
const INTERVAL_MS = wholeNumber('interval-ms', args['interval-ms'], 0, 10_000);
const WRITERS = wholeNumber('writers', args.writers, 1, 64);
const TWO_INSTANCE_CLIENTS = wholeNumber('two-instances', args['two-instances'], 0, 20_000);
if (CLIENT_COUNTS.some((clients) => WRITERS > clients)) {
  console.error('--writers must not exceed any --clients count (every writer tab keeps a stream open)');
  process.exit(2);
}
const CONNECT_BATCH = 100;
const PHASE_TIMEOUT_MS = 120_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => performance.timeOrigin + performance.now();

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: keepAlive }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

const json = (payload, cookie) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
  body: JSON.stringify(payload),
});

async function openStreams(count, urlFor, headers, onEnvelope) {
  const streams = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + CONNECT_BATCH); j++) batch.push(openStream(urlFor(j), headers, onEnvelope));
    streams.push(...(await Promise.all(batch)));
  }
  return streams;
}

/** Collects receipts of the events of one phase and resolves when every client has every event. */
class Phase {
  constructor(name, clients, expected) {
    this.name = name;
    this.clients = clients;
    this.expected = expected;
    this.events = new Map(); // id -> { committedAt, receipts, lastAt }
    this.latencies = [];
    this.isActive = false;
    this.completed = 0;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  receive(id, readCommittedAt, receivedAt) {
    if (!this.isActive) return;
    let event = this.events.get(id);
    if (!event) {
      event = { committedAt: readCommittedAt(), receipts: 0, lastAt: 0 };
      this.events.set(id, event);
    }
    event.receipts++;
    event.lastAt = Math.max(event.lastAt, receivedAt);
    this.latencies.push(receivedAt - event.committedAt);
    if (event.receipts === this.clients && ++this.completed === this.expected) this.resolveDone();
  }

  async finished() {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name}: only ${this.completed}/${this.expected} events reached every client`)),
        PHASE_TIMEOUT_MS,
      );
    });
    await Promise.race([this.done, timeout]).finally(() => clearTimeout(timer));
  }

  summary() {
    const events = [...this.events.values()];
    const first = Math.min(...events.map((e) => e.committedAt));
    const last = Math.max(...events.map((e) => e.lastAt));
    return {
      delivery: percentiles(this.latencies),
      everyClient: percentiles(events.map((e) => e.lastAt - e.committedAt)),
      eventsPerSecond: (this.expected / (last - first)) * 1000,
      deliveriesPerSecond: ((this.expected * this.clients) / (last - first)) * 1000,
    };
  }
}

/** Runs the latency and the throughput phase against one server. */
async function measure({ name, clients, pid, connect, mutate }) {
  let current = null;
  const baseline = await settledRss(pid);
  const streams = await connect((id, readCommittedAt, receivedAt) => current?.receive(id, readCommittedAt, receivedAt));
  const loaded = await settledRss(pid);
  const results = { name, rssPerConnection: (loaded - baseline) / clients, roundTrips: [] };
  for (const [phase, writers, pause] of [
    ['latency', 1, INTERVAL_MS],
    ['throughput', WRITERS, 0],
  ]) {
    current = new Phase(`${name} ${phase}`, clients, MUTATIONS);
    current.isActive = true;
    const roundTrips = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = writer; i < MUTATIONS; i += writers) {
          const startedAt = nowMs();
          await mutate(writer, Math.floor(i / writers));
          roundTrips.push(nowMs() - startedAt);
          if (pause) await sleep(pause);
        }
      }),
    );
    await current.finished();
    current.isActive = false;
    results[phase] = { ...current.summary(), roundTrip: percentiles(roundTrips) };
  }
  for (const stream of streams) stream.close();
  return results;
}

async function benchApi(clients, instances = 1) {
  let taskIds = [];
  const server = await startBenchServer({
    seed: 'users',
    prepare: async (databaseUrl) => {
      taskIds = await insertJobTasks(databaseUrl, WRITERS);
    },
    env: { SSE_MAX_CONNECTIONS_PER_USER: String(clients + 10) },
    instances,
  });
  try {
    const { baseUrls } = server;
    const { cookie } = await signIn(baseUrls[0], 'admin');
    const lockOf = (writer) => ({
      entityType: 'JobTask',
      entityId: taskIds[writer],
      clientId: `bench-writer-${writer}`,
    });
    let sample = null;
    const results = await measure({
      name: instances === 1 ? 'TDGen API' : `TDGen API ×${instances}`,
      clients,
      pid: server.pid, // with several instances: the first one's RSS over its share of the streams
      connect: (onEnvelope) =>
        openStreams(
          clients,
          // The writers' tabs have streams too, so the orphan sweep leaves their locks alone.
          (i) =>
            `${baseUrls[i % instances]}/api/events/stream?clientId=${i < WRITERS ? `bench-writer-${i}` : `bench-${i}`}`,
          { Cookie: cookie },
          onEnvelope,
        ),
      mutate: async (writer, i) => {
        const action = i % 2 === 0 ? 'acquire' : 'release';
        const res = await request(`${baseUrls[writer % instances]}/api/locks/${action}`, json(lockOf(writer), cookie));
        if (res.status !== 200 && res.status !== 204) throw new Error(`${action} answered ${res.status}: ${res.text}`);
        if (action === 'acquire') sample ??= JSON.parse(res.text);
      },
    });
    return { results, sample };
  } finally {
    await server.stop();
  }
}

async function benchRaw(clients, sample) {
  const raw = await startRawSseServer();
  try {
    const { baseUrl } = raw;
    const body = JSON.stringify(sample);
    return await measure({
      name: 'raw node:http',
      clients,
      pid: raw.pid,
      connect: (onEnvelope) => openStreams(clients, () => `${baseUrl}/stream`, {}, onEnvelope),
      mutate: async () => {
        const res = await request(`${baseUrl}/publish`, { method: 'POST', body });
        if (res.status !== 204) throw new Error(`publish answered ${res.status}`);
      },
    });
  } finally {
    await raw.stop();
  }
}

const ms = (v) => `${v.toFixed(1)} ms`;
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
// With few streams the growth can drown in GC noise (the heap may even shrink meanwhile).
const kib = (v) => (v > 0 ? `${(v / 1024).toFixed(1)} KiB` : 'below noise');

function report(clients, api, raw) {
  const rows = [];
  const add = (label, a, b, format) => rows.push([label, format(a), format(b), ratio(a, b)]);
  for (const phase of ['latency', 'throughput']) {
    for (const key of ['p50', 'p95', 'p99', 'max']) {
      add(`${phase}: commit→receipt ${key}`, api[phase].delivery[key], raw[phase].delivery[key], ms);
    }
    add(`${phase}: commit→every client p99`, api[phase].everyClient.p99, raw[phase].everyClient.p99, ms);
    add(`${phase}: mutation round trip p50`, api[phase].roundTrip.p50, raw[phase].roundTrip.p50, ms);
  }
  add('events/s to every client', api.throughput.eventsPerSecond, raw.throughput.eventsPerSecond, (v) => v.toFixed(0));
  add('deliveries/s', api.throughput.deliveriesPerSecond, raw.throughput.deliveriesPerSecond, (v) => v.toFixed(0));
  add('RSS per connection', api.rssPerConnection, raw.rssPerConnection, kib);
  console.log(
    `\nSSE fan-out: ${clients} clients, ${MUTATIONS} mutations per phase ` +
      `(latency: 1 writer, ${INTERVAL_MS} ms apart; throughput: ${WRITERS} writers back to back)`,
  );
  console.log(`${machineLine()}\n`);
  printTable(['', 'TDGen API', 'raw node:http', 'ratio'], rows);
  console.log('\ncommit→receipt: from the envelope timestamp (taken right after the commit) to the chunk arriving');
  console.log('at a client; mutation round trip: REST call (API) or POST /publish (raw) as the writer saw it.');
}

/** One row per server for `npm run bench`'s summary table, the API's with its ratios to the raw server. */
function summarize(clients, api, raw) {
  const row = (server, r, versusRaw) => ({
    benchmark: `SSE fan-out, ${clients} clients, ${server}`,
    p50: r.latency.delivery.p50,
    p95: r.latency.delivery.p95,
    p99: r.latency.delivery.p99,
    rate: `${r.throughput.eventsPerSecond.toFixed(0)} events/s to all (${r.throughput.deliveriesPerSecond.toFixed(0)} deliveries/s)`,
    memory: r.rssPerConnection > 0 ? `${kib(r.rssPerConnection)}/connection` : 'below noise',
    note: versusRaw,
  });
  recordSummary([
    row(
      'TDGen API',
      api,
      `vs raw: p50 ${ratio(api.latency.delivery.p50, raw.latency.delivery.p50)}, ` +
        `p99 ${ratio(api.latency.delivery.p99, raw.latency.delivery.p99)}, ` +
        `events/s ${ratio(api.throughput.eventsPerSecond, raw.throughput.eventsPerSecond)}, ` +
        `memory ${ratio(api.rssPerConnection, raw.rssPerConnection)}`,
    ),
    row('raw node:http', raw, 'baseline'),
  ]);
}

/** One instance against two on one database, the same streams and writers. */
function reportInstances(clients, one, two) {
  const rows = [];
  const add = (label, a, b, format) => rows.push([label, format(a), format(b), ratio(b, a)]);
  for (const phase of ['latency', 'throughput']) {
    for (const key of ['p50', 'p99']) {
      add(`${phase}: commit→receipt ${key}`, one[phase].delivery[key], two[phase].delivery[key], ms);
    }
    add(`${phase}: mutation round trip p50`, one[phase].roundTrip.p50, two[phase].roundTrip.p50, ms);
  }
  add('events/s to every client', one.throughput.eventsPerSecond, two.throughput.eventsPerSecond, (v) => v.toFixed(0));
  console.log(`\nSSE fan-out through two API instances: ${clients} clients spread over both, writers alternating`);
  console.log(`${machineLine()}\n`);
  printTable(['', '1 instance', '2 instances', '2 / 1'], rows);
  recordSummary([
    {
      benchmark: `SSE fan-out, ${clients} clients, 2 API instances`,
      p50: two.latency.delivery.p50,
      p95: two.latency.delivery.p95,
      p99: two.latency.delivery.p99,
      rate: `${two.throughput.eventsPerSecond.toFixed(0)} events/s to all`,
      note: `vs 1 instance: p50 ${ratio(two.latency.delivery.p50, one.latency.delivery.p50)}, p99 ${ratio(two.latency.delivery.p99, one.latency.delivery.p99)}`,
    },
  ]);
}

async function main() {
  try {
    const single = new Map();
    for (const clients of CLIENT_COUNTS) {
      console.log(`Measuring the TDGen API with ${clients} streams ...`);
      const { results: api, sample } = await benchApi(clients);
      single.set(clients, api);
      console.log(`Measuring the raw node:http baseline with ${clients} streams ...`);
      const raw = await benchRaw(clients, sample);
      report(clients, api, raw);
      summarize(clients, api, raw);
    }
    if (TWO_INSTANCE_CLIENTS > 0) {
      const clients = TWO_INSTANCE_CLIENTS;
      if (!single.has(clients)) {
        console.log(`Measuring the TDGen API with ${clients} streams ...`);
        single.set(clients, (await benchApi(clients)).results);
      }
      console.log(`Measuring two TDGen API instances with ${clients} streams ...`);
      const { results: two } = await benchApi(clients, 2);
      reportInstances(clients, single.get(clients), two);
    }
  } finally {
    keepAlive.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
