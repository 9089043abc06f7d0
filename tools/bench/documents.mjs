// Job description documents (PDF and ZIP) — a script that prints figures, not a test.
//
//   npx nx build api && node tools/bench/documents.mjs [--requests 200] [--exports 500] [--connections 4]
//
// Starts the built API on a fresh database (tools/bench/bench-server.mjs) holding 100 descriptions,
// each with ten tasks of long formatted text (≈ 1 800 characters each, paragraphs and lists), all
// tagged "bench", then measures one at a time:
//   1. the latency of GET /api/job-descriptions/:id/document.pdf, one request after the other,
//      while autocannon drives other traffic (GET /api/job-tasks?limit=20 and GET one description)
//      on --connections connections: p50/p95/p99/max, and the other traffic's requests/s;
//   2. the server's resident memory over --exports PDF exports (sampled from /proc every 50):
//      after warm-up, at the end, and the largest seen;
//   3. GET /api/documents/job-descriptions.zip?tag=bench (100 PDFs), read slowly (the client pauses
//      after every 256 KiB): time to the first byte, total time and size, and the server's peak
//      resident memory above its level before the download.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { withClient } from '../db.mjs';
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
    requests: { type: 'string', default: '200' },
    exports: { type: 'string', default: '500' },
    connections: { type: 'string', default: '4' },
  },
  allowPositionals: true,
  strict: false, // `npm run bench -- …` hands every benchmark the same arguments
});
const REQUESTS = wholeNumber('requests', args.requests, 10, 10_000);
const EXPORTS = wholeNumber('exports', args.exports, 50, 10_000);
const CONNECTIONS = wholeNumber('connections', args.connections, 1, 100);
const DESCRIPTIONS = 100;
const TASKS_PER_DESCRIPTION = 10;

const SENTENCE =
  'Checks every application for completeness and entitlement, talks to the applicants, asks the ' +
  'departments concerned for their opinion and documents the decision so that it can be traced. ';
const LONG_TEXT =
  `<p>${SENTENCE.repeat(4)}</p><p>Works with <strong>Łukasz Dvořák</strong> and <em>Jürgen Weiß</em>: ` +
  `${SENTENCE.repeat(3)}</p><ul><li><p>${SENTENCE}</p></li><li><p>${SENTENCE}</p></li></ul>` +
  `<ol><li><p>${SENTENCE}</p></li><li><p>${SENTENCE}</p></li></ol>`;

/** 100 descriptions × 10 tasks (shares 10 % each, pay groups 3…12), tagged "bench". */
async function prepare(databaseUrl) {
  await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query("SELECT id FROM users WHERE username = 'admin'");
    const admin = rows[0].id;
    await c.query(
      `INSERT INTO job_tasks (title, title_key, text, pay_group, created_by_id, updated_by_id)
       SELECT 'Document task ' || n, 'document task ' || n, $2, 3 + n % 10, $1, $1
       FROM generate_series(1, $3::int) AS n`,
      [admin, LONG_TEXT, DESCRIPTIONS * TASKS_PER_DESCRIPTION],
    );
    await c.query(
      `INSERT INTO job_descriptions (title, title_key, task_summary, reports_to, education, other_skills,
                                     created_by_id, updated_by_id)
       SELECT 'Document ' || lpad(n::text, 3, '0'), 'document ' || lpad(n::text, 3, '0'),
              'Runs the office of the district.', 'Head of department', 'Degree in public administration',
              'Polish and Czech welcome', $1, $1
       FROM generate_series(1, $2::int) AS n`,
      [admin, DESCRIPTIONS],
    );
    await c.query(
      `INSERT INTO job_description_tasks (job_description_id, job_task_id, "order", percentage)
       SELECT d.id, t.id, (t.id - 1) % $1, 100 / $1
       FROM job_descriptions d JOIN job_tasks t ON (t.id - 1) / $1 = d.id - 1`,
      [TASKS_PER_DESCRIPTION],
    );
    await c.query("INSERT INTO tags (name) VALUES ('bench')");
    await c.query(
      `INSERT INTO job_description_tags (job_description_id, tag_id)
       SELECT d.id, (SELECT id FROM tags WHERE name = 'bench') FROM job_descriptions d`,
    );
  });
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** GET on a fresh connection, body read fully (or slowly, pausing after every `pauseEvery` bytes). */
function get(url, cookie, { pauseEvery = 0, pauseMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { headers: { cookie }, agent: false }, (res) => {
      let firstByte = null;
      let bytes = 0;
      let sincePause = 0;
      res.on('data', (chunk) => {
        firstByte ??= performance.now() - started;
        bytes += chunk.length;
        sincePause += chunk.length;
        if (pauseEvery && sincePause >= pauseEvery) {
          sincePause = 0;
          res.pause();
          setTimeout(() => res.resume(), pauseMs);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, firstByte, ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const server = await startBenchServer({ seed: 'users', prepare });
const summary = [];
try {
  const { cookie } = await signIn(server.baseUrl, 'admin');
  const pdf = (id) => get(`${server.baseUrl}/api/job-descriptions/${id}/document.pdf`, cookie);
  const probe = await pdf(1);
  if (probe.status !== 200) throw new Error(`GET document.pdf answered ${probe.status}`);
  console.log(
    `${machineLine()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; one document: ${(probe.bytes / 1024).toFixed(0)} KiB`,
  );

  // 1. Latency while the API serves other traffic.
  for (let i = 0; i < 20; i += 1) await pdf(1 + (i % DESCRIPTIONS)); // warm-up (JIT, font parsing)
  const background = autocannon({
    url: server.baseUrl,
    connections: CONNECTIONS,
    duration: 600,
    headers: { cookie },
    requests: [{ path: '/api/job-tasks?limit=20' }, { path: '/api/job-descriptions/1' }],
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const times = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) {
    const res = await pdf(1 + (i % DESCRIPTIONS));
    if (res.status !== 200) throw new Error(`GET document.pdf answered ${res.status}`);
    times.push(res.ms);
  }
  const elapsed = (performance.now() - started) / 1000;
  background.stop();
  const backgroundResult = await new Promise((resolve) => background.on('done', resolve));
  const latency = percentiles(times);
  const otherRate = Math.round(backgroundResult.requests.total / (backgroundResult.duration || elapsed));

  // 2. Memory over many exports.
  const samples = [];
  for (let i = 1; i <= EXPORTS; i += 1) {
    await pdf(1 + (i % DESCRIPTIONS));
    if (i % 50 === 0) samples.push(rssMiB(server.pid));
  }
  const [afterWarmup] = samples;
  const last = samples.at(-1);
  const peak = Math.max(...samples);

  // 3. The ZIP of all 100, read slowly.
  const before = rssMiB(server.pid);
  let zipPeak = before;
  const sampler = setInterval(() => (zipPeak = Math.max(zipPeak, rssMiB(server.pid))), 50);
  const zip = await get(`${server.baseUrl}/api/documents/job-descriptions.zip?tag=bench`, cookie, {
    pauseEvery: 256 * 1024,
    pauseMs: 100,
  });
  clearInterval(sampler);
  if (zip.status !== 200) throw new Error(`GET job-descriptions.zip answered ${zip.status}`);

  console.log('');
  printTable(
    ['measure', 'figure'],
    [
      [
        `PDF, 10 long tasks, ${REQUESTS} requests`,
        `p50 ${latency.p50.toFixed(1)} ms · p95 ${latency.p95.toFixed(1)} ms · p99 ${latency.p99.toFixed(1)} ms · max ${latency.max.toFixed(1)} ms`,
      ],
      [`other traffic meanwhile (${CONNECTIONS} connections)`, `${otherRate} requests/s`],
      [
        `server RSS over ${EXPORTS} exports`,
        `${afterWarmup.toFixed(0)} MiB after 50 → ${last.toFixed(0)} MiB after ${EXPORTS} (peak ${peak.toFixed(0)} MiB)`,
      ],
      [
        `ZIP of ${DESCRIPTIONS} (slow reader)`,
        `first byte ${zip.firstByte.toFixed(0)} ms · ${(zip.ms / 1000).toFixed(1)} s · ${(zip.bytes / 2 ** 20).toFixed(1)} MiB`,
      ],
      [
        'server RSS during the ZIP',
        `${before.toFixed(0)} MiB before → peak ${zipPeak.toFixed(0)} MiB (+${(zipPeak - before).toFixed(0)} MiB)`,
      ],
    ],
  );
  summary.push(
    {
      benchmark: 'PDF document (10 long tasks) under load',
      p50: latency.p50,
      p95: latency.p95,
      p99: latency.p99,
      note: `${otherRate} other req/s`,
    },
    { benchmark: `PDF exports ×${EXPORTS}`, memory: `${afterWarmup.toFixed(0)} → ${last.toFixed(0)} MiB` },
    {
      benchmark: `ZIP of ${DESCRIPTIONS} PDFs`,
      memory: `+${(zipPeak - before).toFixed(0)} MiB`,
      note: `${(zip.bytes / 2 ** 20).toFixed(1)} MiB in ${(zip.ms / 1000).toFixed(1)} s`,
    },
  );
  recordSummary(summary);
} finally {
  await server.stop();
}
