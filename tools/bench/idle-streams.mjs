// Idle event streams on one instance — a script, not a test.
//
//   npx nx build api && node tools/bench/idle-streams.mjs [--streams 1000,5000,10000,20000]
//       [--client-processes N] [--source-addresses 4] [--server-fd-limit N]
//
// Memory per idle stream and how many idle streams one API instance holds: starts the built API
// (bench-server.mjs: a fresh database, the demo users), signs the admin in and opens event streams
// in steps up to each --streams count, from client processes of their own
// (idle-stream-clients.mjs, bare TCP sockets spread over --source-addresses loopback addresses so
// the ephemeral ports do not run out). After each step: the server's RSS (median of five readings)
// and its growth per open stream over the baseline (after a warm-up of 100 streams and one event,
// the streams closed again), its V8 heap (a
// preloaded probe, heap-probe.mjs), its open files against its limit, the streams the API has
// recorded for its instance (table event_streams), and whether one lock acquisition published
// through the REST API reaches every open stream. Then the same against the raw node:http SSE
// server (raw-sse-server.mjs), and the ratio of the two per stream.
//
// The open-files limit: every stream is a socket, one file descriptor in the server. When the
// server runs out of them, Node (libuv) accepts and at once closes the connections it cannot keep:
// the clients see them end before the hello. The script reports such failures with the server's
// open files and limit (/proc/<pid>/fd, /proc/<pid>/limits), and then closes a few streams again
// (--headroom) before it measures, so that the REST call that publishes the event can still be
// accepted; memory per stream is then over the streams open at the time. --server-fd-limit
// lowers the servers' soft limit (prlimit) to try that path with few streams.
import { fork, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withClient } from '../db.mjs';
import {
  insertJobTasks,
  loadAverage,
  machineLine,
  printTable,
  recordSummary,
  rssOf,
  settledRss,
  signIn,
  startBenchServer,
  startRawSseServer,
  stopChild,
  wholeNumber,
} from './bench-server.mjs';
import { heapProbeFile, heapProbeNodeArgs } from './heap-probe.mjs';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000,5000,10000,20000' },
    'client-processes': { type: 'string', default: '0' },
    'source-addresses': { type: 'string', default: '4' },
    'server-fd-limit': { type: 'string', default: '0' },
    headroom: { type: 'string', default: '50' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
const STEPS = String(args.streams)
  .split(',')
  .map((raw) => wholeNumber('streams', raw.trim(), 1, 100_000))
  .sort((a, b) => a - b);
const MAX_STREAMS = STEPS[STEPS.length - 1];
/** Streams per client process at most: each is a file descriptor there too, under the same limit. */
const STREAMS_PER_CLIENT_PROCESS = 8000;
const CLIENT_PROCESSES =
  wholeNumber('client-processes', args['client-processes'], 0, 16) ||
  Math.ceil(MAX_STREAMS / STREAMS_PER_CLIENT_PROCESS);
const SOURCE_ADDRESSES = wholeNumber('source-addresses', args['source-addresses'], 1, 254);
const SERVER_FD_LIMIT = wholeNumber('server-fd-limit', args['server-fd-limit'], 0, 1_000_000);
const HEADROOM = wholeNumber('headroom', args.headroom, 0, 1000);
const CONNECT_BATCH = 100;
const WARM_UP_STREAMS = 100;
/** Open files this close to the limit count as at the limit. */
const FILE_LIMIT_MARGIN = 10;
const EVENT_TIMEOUT_MS = 60_000;
const INSTANCE_ID = 'bench-1'; // startBenchServer's
const CLIENTS = fileURLToPath(new URL('./idle-stream-clients.mjs', import.meta.url));
const LOCAL_ADDRESSES = Array.from({ length: SOURCE_ADDRESSES }, (_, i) => `127.0.0.${i + 1}`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The open files of a process and its soft limit (Linux /proc; null elsewhere). */
function openFiles(pid) {
  if (!existsSync(`/proc/${pid}/fd`)) return null;
  const limit = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return { open: readdirSync(`/proc/${pid}/fd`).length, limit: limit ? Number(limit[1]) : Infinity };
}

/** The server's RSS and V8 heap in use after a full GC (the preloaded probe answers SIGWINCH), or null. */
async function memoryAfterGc(pid) {
  const file = heapProbeFile(pid);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(50);
  if (!existsSync(file)) return null;
  const { heapUsed } = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return { rss: await rssOf(pid), heapUsed };
}

/** Lowers a process's soft open-files limit (--server-fd-limit, to try the limit with few streams). */
function lowerFileLimit(pid) {
  if (!SERVER_FD_LIMIT) return;
  const { status, stderr } = spawnSync('prlimit', [`--pid=${pid}`, `--nofile=${SERVER_FD_LIMIT}:`], {
    encoding: 'utf8',
  });
  if (status !== 0) throw new Error(`prlimit failed: ${stderr}`);
}

/** A client process (idle-stream-clients.mjs); `ask` sends one command and resolves with its answer. */
function startClientProcess() {
  const child = fork(CLIENTS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message) =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`a client process exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply) => {
        child.off('exit', onExit);
        resolve(reply);
      });
      child.send(message);
    });
  return { ask, stop: () => stopChild(child) };
}

const sum = (replies, key) => replies.reduce((total, r) => total + r[key], 0);

/**
 * Opens the streams step by step against one server and measures after each step.
 * @param {object} server
 * @param {string} server.name
 * @param {number} server.pid
 * @param {(n: number) => string} server.urlFor the stream URL of the n-th stream
 * @param {Record<string, string>} server.headers
 * @param {string} server.eventType the type of the event `publish` sends
 * @param {() => Promise<void>} server.publish
 * @param {() => Promise<number | null>} [server.recordedStreams] the streams the server says it has
 */
async function measure(server) {
  const clients = Array.from({ length: CLIENT_PROCESSES }, startClientProcess);
  const rows = [];
  try {
    // A warm-up, so that the baseline includes what the first streams and events load once (code,
    // pools, caches) rather than charging it to the streams.
    await clients[0].ask({ cmd: 'mark', type: server.eventType });
    const warmUp = Array.from({ length: WARM_UP_STREAMS }, (_, i) => server.urlFor(`warm-${i}`));
    await clients[0].ask({
      cmd: 'open',
      urls: warmUp,
      headers: server.headers,
      localAddresses: LOCAL_ADDRESSES,
      batch: CONNECT_BATCH,
    });
    await server.publish();
    await clients[0].ask({ cmd: 'await', timeoutMs: EVENT_TIMEOUT_MS });
    await clients[0].ask({ cmd: 'close', count: WARM_UP_STREAMS });
    const baseline = await settledRss(server.pid);
    const baselineAfterGc = await memoryAfterGc(server.pid);
    let next = 0;
    let isCapped = false;
    for (const target of STEPS) {
      // Each client process takes its share of the new streams.
      const before = await Promise.all(clients.map((c) => c.ask({ cmd: 'mark', type: server.eventType })));
      const missing = Math.max(0, target - sum(before, 'open'));
      const shares = clients.map((_, k) => Math.floor(missing / clients.length) + (k < missing % clients.length));
      const startedAt = Date.now();
      const opened = await Promise.all(
        clients.map((c, k) => {
          const urls = Array.from({ length: shares[k] }, () => server.urlFor(next++));
          return c.ask({
            cmd: 'open',
            urls,
            headers: server.headers,
            localAddresses: LOCAL_ADDRESSES,
            batch: CONNECT_BATCH,
          });
        }),
      );
      const openingSeconds = (Date.now() - startedAt) / 1000;
      const failed = sum(opened, 'failed');
      const errors = {};
      for (const reply of opened) {
        for (const [code, n] of Object.entries(reply.errors)) errors[code] = (errors[code] ?? 0) + n;
      }
      const files = openFiles(server.pid);
      const held = sum(opened, 'open');
      const atFileLimit = failed > 0 && files !== null && files.open >= files.limit - FILE_LIMIT_MARGIN;
      isCapped ||= atFileLimit;
      // At the limit the server could not even accept the REST call that publishes: make room
      // first (and measure then, with the streams still open).
      let closedForRoom = 0;
      if (failed > 0 && HEADROOM > 0) {
        const perClient = Math.ceil(HEADROOM / clients.length);
        await Promise.all(clients.map((c) => c.ask({ cmd: 'close', count: perClient })));
        closedForRoom = perClient * clients.length;
      }
      const rss = await settledRss(server.pid);
      const afterGc = await memoryAfterGc(server.pid);
      const recorded = (await server.recordedStreams?.()) ?? null;
      const measured = sum(
        await Promise.all(clients.map((c) => c.ask({ cmd: 'mark', type: server.eventType }))),
        'open',
      );
      await server.publish();
      const receipts = await Promise.all(clients.map((c) => c.ask({ cmd: 'await', timeoutMs: EVENT_TIMEOUT_MS })));
      const row = {
        target,
        held,
        failed,
        errors,
        openingSeconds,
        rss,
        measured,
        perStream: (rss - baseline) / measured,
        afterGc,
        perStreamAfterGc: afterGc && baselineAfterGc ? (afterGc.rss - baselineAfterGc.rss) / measured : null,
        files,
        atFileLimit,
        recorded,
        closedForRoom,
        eventOpen: sum(receipts, 'open'),
        eventReached: sum(receipts, 'reached'),
      };
      rows.push(row);
      console.log(
        `  ${server.name}: ${target} asked, ${held} held${failed ? `, ${failed} failed ${JSON.stringify(errors)}` : ''}` +
          ` (${openingSeconds.toFixed(1)} s), RSS ${mib(rss)}, ${kib(row.perStream)}/stream` +
          `${afterGc ? ` (after a GC ${mib(afterGc.rss)}, ${kib(row.perStreamAfterGc)}/stream)` : ''}, ` +
          `open files ${files ? `${files.open}/${files.limit}` : '?'}, event reached ${row.eventReached}/${row.eventOpen}`,
      );
      if (isCapped) break; // more streams cannot fit
    }
    return { name: server.name, baseline, baselineAfterGc, rows };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
  }
}

async function benchApi() {
  let taskId = 0;
  // The probe is preloaded like any BENCH_NODE_ARGS option (startBenchServer reads them when it spawns).
  process.env.BENCH_NODE_ARGS = [process.env.BENCH_NODE_ARGS ?? '', ...heapProbeNodeArgs].join(' ').trim();
  const server = await startBenchServer({
    seed: 'users',
    prepare: async (databaseUrl) => {
      [taskId] = await insertJobTasks(databaseUrl, 1);
    },
    env: { SSE_MAX_CONNECTIONS_PER_USER: String(MAX_STREAMS + 100) },
  });
  try {
    lowerFileLimit(server.pid);
    const { cookie } = await signIn(server.baseUrl, 'admin');
    const lock = { entityType: 'JobTask', entityId: taskId, clientId: 'idle-writer' };
    const post = async (action) => {
      const response = await fetch(`${server.baseUrl}/api/locks/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify(lock),
      });
      if (response.status !== 200 && response.status !== 204) {
        throw new Error(`${action} answered ${response.status}: ${await response.text()}`);
      }
      return response.status === 200 ? response.json() : null;
    };
    let sample = null;
    const result = await measure({
      name: 'TDGen API',
      pid: server.pid,
      urlFor: (n) => `${server.baseUrl}/api/events/stream?clientId=idle-${n}`,
      headers: { Cookie: cookie },
      eventType: 'lock:acquired',
      publish: async () => {
        const acquired = await post('acquire');
        sample ??= acquired;
        await post('release');
      },
      recordedStreams: () =>
        withClient(server.databaseUrl, async (c) => {
          const { rows } = await c.query('SELECT count(*)::int AS n FROM event_streams WHERE instance_id = $1', [
            INSTANCE_ID,
          ]);
          return rows[0].n;
        }),
    });
    return { result, sample };
  } finally {
    await server.stop();
  }
}

async function benchRaw(sample) {
  const raw = await startRawSseServer({ execArgv: heapProbeNodeArgs });
  try {
    lowerFileLimit(raw.pid);
    const body = JSON.stringify(sample ?? {});
    return await measure({
      name: 'raw node:http',
      pid: raw.pid,
      urlFor: () => `${raw.baseUrl}/stream`,
      headers: {},
      eventType: 'lock:acquired',
      publish: async () => {
        const response = await fetch(`${raw.baseUrl}/publish`, { method: 'POST', body });
        if (response.status !== 204) throw new Error(`publish answered ${response.status}`);
      },
    });
  } finally {
    await raw.stop();
  }
}

const mib = (v) => `${(v / 2 ** 20).toFixed(1)} MiB`;
const kib = (v) => (v > 0 ? `${(v / 1024).toFixed(1)} KiB` : 'below noise');
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

function printServer({ name, baseline, baselineAfterGc, rows }) {
  console.log(
    `\n${name}: baseline RSS ${mib(baseline)}${baselineAfterGc ? `, ${mib(baselineAfterGc.rss)} after a GC` : ''} ` +
      `(after a warm-up of ${WARM_UP_STREAMS} streams, closed again)\n`,
  );
  printTable(
    [
      'streams asked',
      'held',
      'failed',
      'RSS',
      'RSS/stream',
      'RSS after GC',
      '/stream',
      'heap after GC',
      'open files/limit',
      'recorded',
      'event reached',
    ],
    rows.map((r) => [
      r.target,
      r.held,
      r.failed,
      mib(r.rss),
      kib(r.perStream),
      r.afterGc ? mib(r.afterGc.rss) : '–',
      r.perStreamAfterGc === null ? '–' : kib(r.perStreamAfterGc),
      r.afterGc ? mib(r.afterGc.heapUsed) : '–',
      r.files ? `${r.files.open}/${r.files.limit}` : '–',
      r.recorded ?? '–',
      `${r.eventReached}/${r.eventOpen}${r.closedForRoom ? ` (${r.closedForRoom} closed first)` : ''}`,
    ]),
  );
}

function explainLimits(results) {
  for (const { name, rows } of results) {
    for (const r of rows.filter((row) => row.failed > 0)) {
      const codes = Object.entries(r.errors)
        .map(([code, n]) => `${n} × ${code}`)
        .join(', ');
      if (r.atFileLimit) {
        console.log(
          `\n${name}: at ${r.target} streams asked, ${r.failed} connections ended before the hello (${codes}) while ` +
            `the server had ${r.files.open} of its ${r.files.limit} open files in use: the open-files limit is the cap. ` +
            `It held ${r.held} streams; the rest are the process's own (listening socket, ` +
            `epoll, stdio and, in the API, its database connections). The hard limit here is ${hardFileLimit()} (ulimit -Hn), which a process cannot raise.`,
        );
      } else {
        console.log(
          `\n${name}: at ${r.target} streams asked, ${r.failed} connections failed (${codes}) with ` +
            `${r.files ? `${r.files.open} of ${r.files.limit}` : 'an unknown number of'} open files in the server: not the server's open-files limit.`,
        );
      }
    }
  }
}

function hardFileLimit() {
  const limit = /Max open files\s+\d+\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return limit ? limit[1] : 'unknown';
}

async function main() {
  console.log(
    `Idle streams: steps ${STEPS.join(', ')}; ${CLIENT_PROCESSES} client process(es) over ` +
      `${SOURCE_ADDRESSES} source address(es)${SERVER_FD_LIMIT ? `; servers' open-files limit lowered to ${SERVER_FD_LIMIT}` : ''}`,
  );
  console.log('Measuring the TDGen API ...');
  const { result: api, sample } = await benchApi();
  console.log('Measuring the raw node:http baseline ...');
  const raw = await benchRaw(sample);

  console.log(`\nIdle event streams on one instance, clients in ${CLIENT_PROCESSES} separate process(es)`);
  console.log(`${machineLine()}, ${loadAverage()}`);
  printServer(api);
  printServer(raw);
  console.log(
    '\nRSS per idle stream: growth over the baseline / streams open when measured (as read, and after a full GC)\n',
  );
  const rows = [];
  for (const a of api.rows) {
    const r = raw.rows.find((row) => row.target === a.target);
    rows.push([
      a.target,
      a.held,
      r?.held ?? '–',
      kib(a.perStream),
      r ? kib(r.perStream) : '–',
      r ? ratio(a.perStream, r.perStream) : '–',
      a.perStreamAfterGc === null ? '–' : kib(a.perStreamAfterGc),
      r?.perStreamAfterGc == null ? '–' : kib(r.perStreamAfterGc),
      r ? ratio(a.perStreamAfterGc, r.perStreamAfterGc) : '–',
    ]);
  }
  printTable(
    [
      'streams asked',
      'API held',
      'raw held',
      'API',
      'raw node:http',
      'API / raw',
      'API after GC',
      'raw after GC',
      'API / raw',
    ],
    rows,
  );
  const last = api.rows[api.rows.length - 1];
  const lastRaw = raw.rows.find((row) => row.target === last.target);
  recordSummary([
    {
      benchmark: `Idle streams, ${last.held} held, TDGen API`,
      memory: `${kib(last.perStream)}/stream (${kib(last.perStreamAfterGc ?? 0)} after a GC)`,
      note:
        `vs raw: ${lastRaw ? ratio(last.perStream, lastRaw.perStream) : '–'} ` +
        `(after a GC ${lastRaw ? ratio(last.perStreamAfterGc, lastRaw.perStreamAfterGc) : '–'}); ` +
        `event reached ${last.eventReached}/${last.eventOpen}`,
    },
  ]);
  explainLimits([api, raw]);
  console.log(
    '\nrecorded: rows of event_streams for the instance; event reached: open streams that received one lock ' +
      'acquisition published through REST (raw: POST /publish) — after closing a few streams first where the server was at its limit.',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
