// `npm run bench`: builds the API and the web app, runs every benchmark in turn (each is a script,
// not a test) and ends with one table of their headline figures. Arguments after `--` go to each
// of them, e.g. `npm run bench -- --clients 100,1000 --duration 5`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../db.mjs';
import { build } from '../launcher.mjs';
import { loadAverage, machineLine, printTable } from './bench-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// A script, or a script and its defaults here (the arguments after `--` come later and win).
const BENCHMARKS = [
  'sse-fanout.mjs',
  ['idle-streams.mjs', '--streams', '5000'],
  'rest.mjs',
  'lock-pair.mjs',
  'browser-latency.mjs',
  'catalogue.mjs',
  'board-scale.mjs',
];

function run(command, args, env = process.env) {
  const { status, error } = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (error) throw error;
  if (status !== 0) process.exit(status ?? 1);
}

console.log('=== build (api, web) ===');
build();

const folder = mkdtempSync(path.join(os.tmpdir(), 'tdgen-bench-'));
const summaryFile = path.join(folder, 'summary.jsonl');
const startedAt = Date.now();
try {
  for (const [script, ...defaults] of BENCHMARKS.map((b) => [b].flat())) {
    console.log(`\n=== ${script} ===`);
    run(process.execPath, [path.join(HERE, script), ...defaults, ...process.argv.slice(2)], {
      ...process.env,
      BENCH_SUMMARY_FILE: summaryFile,
    });
  }
  const rows = readFileSync(summaryFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const ms = (v) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '');
  console.log(`\n=== summary (${((Date.now() - startedAt) / 60_000).toFixed(1)} min) ===`);
  console.log(`${machineLine()}, ${loadAverage()}\n`);
  printTable(
    ['benchmark', 'p50', 'p95', 'p99', 'rate', 'memory', 'notes'],
    rows.map((r) => [r.benchmark, ms(r.p50), ms(r.p95), ms(r.p99), r.rate ?? '', r.memory ?? '', r.note ?? '']),
  );
  console.log(
    '\nSSE: commit → receipt at a client (latency phase), events/s in the throughput phase; see docs/performance.md.',
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
