// What the API keeps per idle event stream, by V8 heap object — a script, not a test.
//
//   npx nx build api && node tools/bench/idle-stream-heap.mjs [--streams 1000] [--top 30] [--api-main path/to/main.js]
//
// Starts the built API like idle-streams.mjs (bench-server.mjs, heap-probe.mjs preloaded), warms up
// (100 streams and one event, closed again), writes a heap snapshot after a full GC, opens --streams
// idle streams (idle-stream-clients.mjs), writes a second one, and prints the growth of the V8 heap
// per stream by node type and constructor (self sizes; strings, numbers and code grouped by type),
// largest first, and the V8 heap spaces (committed/used) at both points: what the heap holds
// against what the process keeps for it. docs/performance.md § Idle streams.
import { fork } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertJobTasks, signIn, startBenchServer, stopChild, wholeNumber } from './bench-server.mjs';
import { heapProbeNodeArgs, heapSnapshotFile } from './heap-probe.mjs';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    top: { type: 'string', default: '30' },
    // another build to compare (e.g. main's, from another worktree)
    'api-main': { type: 'string' },
  },
  strict: false,
});
const STREAMS = wholeNumber('streams', args.streams, 1, 8000);
const TOP = wholeNumber('top', args.top, 1, 500);
const CLIENTS = fileURLToPath(new URL('./idle-stream-clients.mjs', import.meta.url));
const LOCAL_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Self size and count per `type:constructor` of a .heapsnapshot file. */
function aggregate(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const { node_fields: fields, node_types: nodeTypes } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = nodeTypes[0][snapshot.nodes[i + typeAt]];
    const isValue = type.includes('string') || type === 'number' || type === 'code';
    const key = isValue ? type : `${type}:${snapshot.strings[snapshot.nodes[i + nameAt]].slice(0, 60)}`;
    const group = groups.get(key) ?? { count: 0, size: 0 };
    group.count++;
    group.size += snapshot.nodes[i + sizeAt];
    total += snapshot.nodes[i + sizeAt];
    groups.set(key, group);
  }
  return { groups, total };
}

let snapshots = 0;

async function snapshotOf(pid) {
  const file = heapSnapshotFile(pid);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGPWR');
  for (let i = 0; i < 1200 && !existsSync(file); i++) await sleep(100);
  if (!existsSync(file)) throw new Error('no heap snapshot from the server');
  const spaces = JSON.parse(readFileSync(`${file}.spaces.json`, 'utf8'));
  rmSync(`${file}.spaces.json`, { force: true });
  const kept = `${file}.${++snapshots}`;
  renameSync(file, kept);
  return { file: kept, spaces };
}

async function main() {
  process.env.BENCH_NODE_ARGS = [process.env.BENCH_NODE_ARGS ?? '', ...heapProbeNodeArgs].join(' ').trim();
  let taskId = 0;
  const server = await startBenchServer({
    seed: 'users',
    prepare: async (databaseUrl) => {
      [taskId] = await insertJobTasks(databaseUrl, 1);
    },
    env: { SSE_MAX_CONNECTIONS_PER_USER: String(STREAMS + 200) },
    ...(args['api-main'] ? { apiMain: path.resolve(String(args['api-main'])) } : {}),
  });
  const child = fork(CLIENTS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  const files = [];
  try {
    const { cookie } = await signIn(server.baseUrl, 'admin');
    const headers = { Cookie: cookie };
    const lock = { entityType: 'JobTask', entityId: taskId, clientId: 'idle-writer' };
    const publish = async () => {
      for (const action of ['acquire', 'release']) {
        const response = await fetch(`${server.baseUrl}/api/locks/${action}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie },
          body: JSON.stringify(lock),
        });
        await response.text();
      }
    };
    const open = (prefix, n) =>
      ask({
        cmd: 'open',
        urls: Array.from({ length: n }, (_, i) => `${server.baseUrl}/api/events/stream?clientId=${prefix}-${i}`),
        headers,
        localAddresses: LOCAL_ADDRESSES,
        batch: 100,
      });
    await ask({ cmd: 'mark', type: 'lock:acquired' });
    await open('warm', 100);
    await publish();
    await ask({ cmd: 'await', timeoutMs: 60_000 });
    await ask({ cmd: 'close', count: 100 });
    await sleep(2000);
    files.push(await snapshotOf(server.pid));
    const opened = await open('idle', STREAMS);
    if (opened.failed) throw new Error(`${opened.failed} streams failed: ${JSON.stringify(opened.errors)}`);
    await ask({ cmd: 'mark', type: 'lock:acquired' });
    await publish();
    await ask({ cmd: 'await', timeoutMs: 60_000 });
    await sleep(2000);
    files.push(await snapshotOf(server.pid));
  } finally {
    await stopChild(child);
    await server.stop();
  }
  const [before, after] = files.map(({ file }) => aggregate(file));
  for (const { file } of files) rmSync(file, { force: true });
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(`V8 heap spaces over 1 MiB, committed / used (after a full GC), with 0 and ${STREAMS} idle streams:`);
  for (const space of files[1].spaces) {
    const old = files[0].spaces.find((s) => s.name === space.name);
    if (space.committed < 2 ** 20) continue;
    console.log(
      `  ${space.name.padEnd(20)} ${mib(old.committed)} / ${mib(old.used)}  →  ${mib(space.committed)} / ${mib(space.used)}`,
    );
  }
  console.log(
    `\nV8 heap objects (self sizes, snapshot) ${mib(before.total)} → ${mib(after.total)}: ` +
      `${((after.total - before.total) / STREAMS).toFixed(0)} B per stream, Node ${process.version}\n`,
  );
  const rows = [...after.groups].map(([key, g]) => {
    const b = before.groups.get(key) ?? { count: 0, size: 0 };
    return { key, perStream: (g.size - b.size) / STREAMS, count: (g.count - b.count) / STREAMS };
  });
  rows.sort((a, b) => b.perStream - a.perStream);
  console.log('B/stream  objects/stream  type:constructor');
  for (const r of rows.slice(0, TOP)) {
    console.log(`${r.perStream.toFixed(0).padStart(8)}  ${r.count.toFixed(2).padStart(14)}  ${r.key}`);
  }
}

await main();
