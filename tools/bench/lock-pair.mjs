// The cost of one lock acquire + release pair — a script, not a test.
//
//   npx nx build api && node tools/bench/lock-pair.mjs [--pairs 300] [--baseline <other build>/dist/apps/api/main.js]
//
// One writer tab (with a live event stream, like a browser) acquires and releases the lock of one
// job task, --pairs times back to back over one keep-alive connection, and the script prints the
// p50/p95/p99 of a pair. With --baseline it starts that second build too (each on its own fresh
// database) and alternates pair by pair between the two, so that the load of a shared machine
// falls on both alike: that is how docs/performance.md states what the event log in the lock's
// transaction (ADR 0015) costs against the build before it.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { withClient } from '../db.mjs';
import {
  machineLine,
  openTabStream,
  percentiles,
  printTable,
  recordSummary,
  signIn,
  startBenchServer,
  wholeNumber,
} from './bench-server.mjs';

const { values: args } = parseArgs({
  options: { pairs: { type: 'string', default: '300' }, baseline: { type: 'string' } },
  allowPositionals: true,
  strict: false,
});
const PAIRS = wholeNumber('pairs', args.pairs, 10, 100_000);
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });

function post(url, cookie, payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: keepAlive, headers: { 'Content-Type': 'application/json', Cookie: cookie } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode < 300 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

/** Starts one build with one task and a live writer tab; returns a function that runs one pair and times it. */
async function prepare(name, apiMain) {
  let taskId = 0;
  const server = await startBenchServer({
    seed: 'users',
    apiMain,
    prepare: (databaseUrl) =>
      withClient(databaseUrl, async (c) => {
        const { rows } = await c.query(
          `INSERT INTO job_tasks (title, title_key, created_by_id, updated_by_id)
           SELECT 'Lock pair task', 'lock pair task', id, id FROM users WHERE username = 'admin' RETURNING id`,
        );
        taskId = rows[0].id;
      }),
  });
  const { cookie } = await signIn(server.baseUrl, 'admin');
  const tab = await openTabStream(server.baseUrl, cookie, 'bench-lock-pair');
  const lock = { entityType: 'JobTask', entityId: taskId, clientId: 'bench-lock-pair' };
  const times = [];
  return {
    name,
    times,
    async pair() {
      const startedAt = performance.now();
      await post(`${server.baseUrl}/api/locks/acquire`, cookie, lock);
      await post(`${server.baseUrl}/api/locks/release`, cookie, lock);
      times.push(performance.now() - startedAt);
    },
    async stop() {
      tab.close();
      await server.stop();
    },
  };
}

async function main() {
  const targets = [await prepare('this build', undefined)];
  if (args.baseline) targets.push(await prepare('baseline', args.baseline));
  try {
    for (const target of targets) for (let i = 0; i < 20; i++) await target.pair(); // warm-up
    for (const target of targets) target.times.length = 0;
    for (let i = 0; i < PAIRS; i++) for (const target of targets) await target.pair();
  } finally {
    for (const target of targets) await target.stop();
    keepAlive.destroy();
  }
  const stats = targets.map((t) => ({ name: t.name, ...percentiles(t.times) }));
  console.log(
    `\nLock acquire + release pair, one tab, ${PAIRS} pairs back to back${args.baseline ? ', alternating' : ''}`,
  );
  console.log(`${machineLine()}\n`);
  const ms = (v) => `${v.toFixed(2)} ms`;
  printTable(
    ['build', 'p50', 'p95', 'p99', 'max'],
    stats.map((s) => [s.name, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]),
  );
  if (stats.length === 2) {
    const [now, before] = stats;
    console.log(
      `\nextra per pair: p50 ${ms(now.p50 - before.p50)} (${((now.p50 / before.p50 - 1) * 100).toFixed(0)} %), ` +
        `p99 ${ms(now.p99 - before.p99)}`,
    );
  }
  recordSummary(
    stats.map((s) => ({ benchmark: `lock acquire + release pair (${s.name})`, p50: s.p50, p95: s.p95, p99: s.p99 })),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
