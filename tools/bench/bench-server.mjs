// Starts the built app for a benchmark, the way tools/e2e-server.mjs does for the end-to-end suite:
// a fresh database (on TEST_DATABASE_URL's server, else an embedded PostgreSQL in a temporary
// folder), migrated and seeded, and dist/apps/api/main.js on a free loopback port. Unlike
// launcher.runApi it does not inherit stdio or wait for the exit: the benchmark drives the server
// and calls stop(), which ends the process and drops the database.
import { hash } from '@node-rs/argon2';
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ROOT,
  createDatabase,
  dropDatabase,
  freePort,
  migrate,
  testDatabaseServer,
  withClient,
  withDatabase,
} from '../db.mjs';
import { API_MAIN, WEB_ROOT } from '../launcher.mjs';
import { DEMO_USERS } from '../seed-data.mjs';
import { seedIfEmpty } from '../seed.mjs';

export { DEMO_USERS };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET that resolves with the status (no keep-alive: used only while waiting for the server). */
function probe(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

async function waitForHealth(baseUrl, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with code ${child.exitCode}`);
    try {
      if ((await probe(`${baseUrl}/api/health`)) === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`The API did not become healthy within ${timeoutMs / 1000} s`);
}

/** Ends a child process: SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Inserts the demo users only (no sample content), with their demo passwords. */
async function insertDemoUsers(url) {
  await withClient(url, async (c) => {
    for (const u of DEMO_USERS) {
      await c.query('INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)', [
        u.username,
        u.displayName,
        u.role,
        await hash(u.password),
      ]);
    }
  });
}

/**
 * @param {object} options
 * @param {'demo' | 'users'} [options.seed] the demo users and sample content, or the users only
 * @param {(databaseUrl: string) => Promise<void>} [options.prepare] runs after seeding, before the API starts
 * @param {Record<string, string>} [options.env] extra environment for the API (e.g. SSE/lock timings)
 * @param {boolean} [options.serveWeb] serve the built web app too (browser benchmarks)
 * @param {number} [options.instances] API instances on the one database (ADR 0015), each on its own port
 * @param {string} [options.apiMain] another build of the API to run (an A/B comparison), default dist/apps/api/main.js
 * BENCH_NODE_ARGS adds Node options to the API process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 * @returns {Promise<{ baseUrl: string, baseUrls: string[], databaseUrl: string, pid: number, pids: number[],
 *   serverUrl: string, database: string, stop: () => Promise<void>, restart: (signal?: string) => Promise<number> }>}
 */
export async function startBenchServer({
  seed = 'demo',
  prepare,
  env = {},
  serveWeb = false,
  instances = 1,
  apiMain = API_MAIN,
} = {}) {
  if (!existsSync(apiMain)) {
    throw new Error(
      `${path.relative(ROOT, apiMain)} is missing: build first (npx nx run-many -t build --projects=api,web)`,
    );
  }
  // One build per language (en/, de/; docs/product.md § Languages), or a single one.
  if (serveWeb && !['en', '.'].some((folder) => existsSync(path.join(WEB_ROOT, folder, 'index.html')))) {
    throw new Error(`${path.relative(ROOT, WEB_ROOT)} is missing: build the web app first`);
  }
  const dbServer = await testDatabaseServer('tdgen-bench-pg-');
  const name = `tdgen_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  let child = null;
  /** The instances after the first (`instances` > 1), on the same database. */
  const others = [];
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.all([child, ...others].filter(Boolean).map((c) => stopChild(c)));
    await dropDatabase(dbServer.url, name).catch(() => undefined);
    await dbServer.stop();
  };
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await createDatabase(dbServer.url, name);
    const databaseUrl = withDatabase(dbServer.url, name);
    await migrate(databaseUrl);
    if (seed === 'demo') await seedIfEmpty(databaseUrl);
    else await insertDemoUsers(databaseUrl);
    await prepare?.(databaseUrl);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const apiEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      INSTANCE_ID: 'bench-1',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '1000',
      WEB_ROOT: serveWeb ? WEB_ROOT : '',
      ...env,
    };
    const startApi = async () => {
      child = spawn(process.execPath, [...nodeArgs, apiMain], {
        cwd: ROOT,
        env: apiEnv,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      await waitForHealth(baseUrl, child);
    };
    await startApi();
    const baseUrls = [baseUrl];
    for (let i = 2; i <= instances; i++) {
      const otherPort = await freePort();
      const other = spawn(process.execPath, [...nodeArgs, apiMain], {
        cwd: ROOT,
        env: { ...apiEnv, PORT: String(otherPort), INSTANCE_ID: `bench-${i}` },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      others.push(other);
      baseUrls.push(`http://127.0.0.1:${otherPort}`);
      await waitForHealth(baseUrls[i - 1], other);
    }
    /** Ends the API with `signal` (SIGTERM: graceful; SIGKILL: a crash) and starts it again on the same port and database. */
    const restart = async (signal = 'SIGTERM') => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      const startedAt = Date.now();
      await startApi();
      return Date.now() - startedAt;
    };
    const pids = [child.pid, ...others.map((o) => o.pid)];
    return {
      baseUrl,
      baseUrls,
      databaseUrl,
      pid: child.pid,
      pids,
      serverUrl: dbServer.url,
      database: name,
      stop,
      restart,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The start-up the REST and document benchmarks share: the built API on a fresh database with the
 * demo users only, `prepare(client, adminId)` filling it through one SQL connection first (rows
 * written as the admin), the admin signed in — then `run({ server, cookie })`, and the server
 * stopped and its database dropped whatever happens.
 * @param {object} options
 * @param {(client: import('pg').Client, adminId: number) => Promise<void>} options.prepare
 * @param {Record<string, string>} [options.env] extra environment for the API
 * @param {string} [options.apiMain] another build of the API (startBenchServer)
 * @param {(context: { server: Awaited<ReturnType<typeof startBenchServer>>, cookie: string }) => Promise<T>} run
 * @template T
 * @returns {Promise<T>}
 */
export async function withSignedInAdmin({ prepare, env, apiMain }, run) {
  const server = await startBenchServer({
    seed: 'users',
    env,
    apiMain,
    prepare: (databaseUrl) =>
      withClient(databaseUrl, async (client) => {
        const { rows } = await client.query("SELECT id FROM users WHERE username = 'admin'");
        await prepare(client, rows[0].id);
      }),
  });
  try {
    const { cookie } = await signIn(server.baseUrl, 'admin');
    return await run({ server, cookie });
  } finally {
    // autocannon may stop mid-request: the server's shutdown lets those finish before it disconnects
    // from the database.
    await server.stop();
  }
}

/** Signs a demo user in over REST; resolves with the `Cookie` header value and the user. */
export async function signIn(baseUrl, username) {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`Unknown demo user ${username}`);
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: user.password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, user: await response.json() };
}

/**
 * Opens an event stream for a "tab" (clientId) and keeps draining it, so the server counts the tab
 * as live (locks of tabs without a stream are swept as orphaned). Resolves after the hello.
 */
export async function openTabStream(baseUrl, cookie, clientId) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events/stream?clientId=${encodeURIComponent(clientId)}`, {
    headers: { Cookie: cookie, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let head = '';
  while (!head.includes('"type":"hello"')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended before hello');
    head += decoder.decode(value, { stream: true });
  }
  void (async () => {
    try {
      while (!(await reader.read()).done) {
        // drained
      }
    } catch {
      // aborted by close()
    }
  })();
  return { close: () => controller.abort() };
}

/**
 * Starts tools/bench/raw-sse-server.mjs, the raw node:http baseline of the SSE benchmarks, on a free
 * loopback port. `execArgv`: Node options for it (e.g. a preload).
 * @returns {Promise<{ baseUrl: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startRawSseServer({ execArgv = [] } = {}) {
  const child = fork(RAW_SERVER, ['0'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  try {
    const port = await new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`raw server exited with ${code}`)));
    });
    return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}
const RAW_SERVER = fileURLToPath(new URL('./raw-sse-server.mjs', import.meta.url));

/** `count` job tasks created by the demo admin (to lock and unlock); resolves with their ids. */
export function insertJobTasks(databaseUrl, count) {
  return withClient(databaseUrl, async (c) => {
    const { rows } = await c.query(
      `INSERT INTO job_tasks (title, title_key, created_by_id, updated_by_id)
       SELECT 'Benchmark task ' || n, 'benchmark task ' || n, u.id, u.id
       FROM users u, generate_series(1, $1::int) AS n WHERE u.username = 'admin'
       RETURNING id`,
      [count],
    );
    return rows.map((r) => r.id);
  });
}

/** Resident set size of a process in bytes (Linux /proc, else ps). */
export function rssOf(pid) {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
    if (kb) return Number(kb[1]) * 1024;
  }
  return new Promise((resolve, reject) => {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
    let out = '';
    ps.stdout.on('data', (d) => (out += d));
    ps.on('close', () => resolve(Number(out.trim()) * 1024));
    ps.on('error', reject);
  });
}

/** Median of five RSS readings after a pause, to smooth allocator and GC noise (still approximate). */
export async function settledRss(pid) {
  await sleep(1000);
  const readings = [];
  for (let i = 0; i < 5; i++) {
    await sleep(400);
    readings.push(await rssOf(pid));
  }
  return readings.sort((a, b) => a - b)[2];
}

/** A whole-number command-line option within [min, max]; exits with a message (code 2) otherwise. */
export function wholeNumber(name, raw, min, max) {
  const value = typeof raw === 'string' && raw !== '' ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

/** p50/p95/p99/max of a list of numbers. */
export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

/** Prints rows of cells as an aligned table (first column left, the rest right-aligned). */
export function printTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(all[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of all.slice(1)) console.log(line(row));
}

export function machineLine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The machine's load average over 1, 5 and 15 minutes (as `uptime` prints it): other work on the same cores. */
export function loadAverage() {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
}

/**
 * Hands rows to `npm run bench` (tools/bench/run-all.mjs), which prints them as one table at the
 * end: appends them as JSON lines to the file named by BENCH_SUMMARY_FILE, if set.
 * @param {Array<{ benchmark: string, p50?: number, p95?: number, p99?: number, rate?: string, memory?: string, note?: string }>} rows latencies in ms
 */
export function recordSummary(rows) {
  const file = process.env.BENCH_SUMMARY_FILE;
  if (!file) return;
  appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}
