// Job description documents (PDF and ZIP) — a script that prints figures, not a test.
//
//   npx nx build api && node tools/bench/documents.mjs [--phases latency,memory,zip] [--requests 150]
//     [--other-rates 100,0] [--connections 4] [--exports 500] [--workers 1]
//
// --workers sets the API's DOCUMENT_RENDER_WORKERS (0: render on the event loop); default: the API's.
// Starts the built API on a fresh database (tools/bench/bench-server.mjs) holding 100 descriptions of
// ten tasks each, every task ≈ 2 000 characters of formatted text (paragraphs, bold, italic,
// underline, a bulleted and a numbered list) made of varied sentences, so no two tasks read alike;
// all descriptions tagged "bench". Then, one phase at a time (each prints the machine's load average
// at its start and end — other work on these cores moves every figure):
//   latency  GET /api/job-descriptions/:id/document.pdf, --requests one after the other (descriptions
//            in turn): first alone, then for each of --other-rates while autocannon sends that many
//            requests/s of other REST traffic (GET /api/job-tasks?limit=20 and GET one description)
//            on --connections connections (0 = as fast as they are answered): p50/p95/p99/max of the
//            PDFs (and, alone, the server's CPU time per PDF request: less moved by other work on the
//            machine than the wall-clock figures), and p50/p95/p99 and rate of the other traffic meanwhile;
//   memory   the server's resident memory over --exports PDF exports, sampled from /proc every 25:
//            after the first 100, at the end, the peak, and the trend after the first 100 (least
//            squares, MiB per 100 exports);
//   zip      GET /api/documents/job-descriptions.zip?tag=bench (100 PDFs), read slowly (the client
//            pauses 100 ms after every 256 KiB): time to the first byte, total time and size, and the
//            server's peak resident memory above its level before the download. (That the archive waits
//            for its reader is shown by apps/api/test/document-archive-streaming.spec.ts: over loopback
//            the kernel's socket buffers, several MiB, hold this whole archive.)
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import {
  loadAverage,
  machineLine,
  percentiles,
  printTable,
  recordSummary,
  wholeNumber,
  withSignedInAdmin,
} from './bench-server.mjs';

const { values: args } = parseArgs({
  options: {
    phases: { type: 'string', default: 'latency,memory,zip' },
    requests: { type: 'string', default: '150' },
    'other-rates': { type: 'string', default: '100,0' },
    connections: { type: 'string', default: '4' },
    exports: { type: 'string', default: '500' },
    workers: { type: 'string' },
  },
  allowPositionals: true,
  strict: false, // `npm run bench -- …` hands every benchmark the same arguments
});
const PHASES = new Set(String(args.phases).split(','));
for (const phase of PHASES) {
  if (!['latency', 'memory', 'zip'].includes(phase)) {
    console.error(`--phases takes latency, memory and zip, got "${phase}"`);
    process.exit(2);
  }
}
const REQUESTS = wholeNumber('requests', args.requests, 10, 10_000);
const OTHER_RATES = String(args['other-rates'])
  .split(',')
  .filter(Boolean)
  .map((rate) => wholeNumber('other-rates', rate, 0, 100_000));
const CONNECTIONS = wholeNumber('connections', args.connections, 1, 100);
const EXPORTS = wholeNumber('exports', args.exports, 150, 10_000);
const WORKERS = args.workers === undefined ? undefined : wholeNumber('workers', args.workers, 0, 8);
const DESCRIPTIONS = 100;
const TASKS_PER_DESCRIPTION = 10;

// Task texts: sentences drawn from a vocabulary of an HR office (with German, Polish and Czech
// names), by a fixed pseudo-random sequence, so every run builds the same texts and no two
// tasks share a sentence — a document cannot profit from the previous one having the same words
// in the same order more than real descriptions of one organisation do.
const WORDS = (
  'application applicant completeness entitlement department opinion decision documents traceable citizens ' +
  'advises issues notices deadlines appeals budget accounts invoices procurement tenders contracts staff ' +
  'training schedules meetings minutes reports statistics planning permits inspections complaints ' +
  'correspondence archive records files digital processes coordination municipal district council committee ' +
  'regulations statutes ordinances guidelines consultation hearing objections evaluation review approval ' +
  'payment funding grants subsidies requirements criteria verification evidence certificate register the and ' +
  'of for with to in on by checks prepares answers keeps Łukasz Dvořák Jürgen Weiß Müller Öztürk Šimon ' +
  'Krzysztof Świętochowska Říčany Maßnahme Prüfung Bescheid Grüße'
).split(' ');

function randomSequence(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function taskText(seed) {
  const random = randomSequence(seed);
  const sentence = () => {
    const words = Array.from(
      { length: 12 + Math.floor(random() * 14) },
      () => WORDS[Math.floor(random() * WORDS.length)],
    );
    const text = `${words.join(' ')}${random() < 0.3 ? ` (${Math.floor(random() * 1000)})` : ''}. `;
    return text[0].toUpperCase() + text.slice(1);
  };
  const sentences = (n) => Array.from({ length: n }, sentence).join('');
  return (
    `<p>${sentences(4)}</p><p>Works with <strong>${sentences(1)}</strong> and <em>${sentences(1)}</em>: ` +
    `${sentences(2)}</p><ul><li><p>${sentences(1)}</p></li><li><p>${sentences(1)}</p></li></ul>` +
    `<ol><li><p>${sentences(1)}</p></li><li><p><u>${sentences(1)}</u></p></li></ol>`
  );
}

/** 100 descriptions × 10 tasks (shares 10 % each, pay groups 3…12), tagged "bench". */
async function prepare(c, admin) {
  const count = DESCRIPTIONS * TASKS_PER_DESCRIPTION;
  const texts = Array.from({ length: count }, (_, i) => taskText(i + 1));
  await c.query(
    `INSERT INTO job_tasks (title, title_key, text, pay_group, created_by_id, updated_by_id)
     SELECT 'Document task ' || n, 'document task ' || n, text, 3 + n % 10, $1, $1
     FROM unnest($2::text[]) WITH ORDINALITY AS t(text, n)`,
    [admin, texts],
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
}

/** CPU time the process (all its threads) has used, in ms: user + system from /proc (clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
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

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const ms = (v) => `${v.toFixed(1)} ms`;
const latencyText = (l) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} · max ${ms(l.max)}`;

const env = WORKERS === undefined ? {} : { DOCUMENT_RENDER_WORKERS: String(WORKERS) };
await withSignedInAdmin({ prepare, env }, async ({ server, cookie }) => {
  const pdf = (id) => get(`${server.baseUrl}/api/job-descriptions/${id}/document.pdf`, cookie);
  const checkedPdf = async (id) => {
    const res = await pdf(id);
    if (res.status !== 200) throw new Error(`GET document.pdf answered ${res.status}`);
    return res;
  };
  const probe = await checkedPdf(1);
  const workers = WORKERS === undefined ? 'the default' : String(WORKERS);
  console.log(`${machineLine()}; render workers: ${workers}; one document: ${(probe.bytes / 1024).toFixed(0)} KiB`);
  const rows = [];
  const summary = [];
  /** Runs one phase between two readings of the load average. */
  const phase = async (title, fn) => {
    const load = () => loadAverage().replace('load average ', '');
    const loadBefore = load();
    console.log(`${title} (load average ${loadBefore}) ...`);
    const figures = await fn();
    for (const [measure, figure] of figures) rows.push([measure, figure, `${loadBefore} → ${load()}`]);
  };

  if (PHASES.has('latency')) {
    for (let i = 0; i < 20; i += 1) await checkedPdf(1 + (i % DESCRIPTIONS)); // warm-up (JIT, fonts)
    const pdfLatency = async () => {
      const times = [];
      for (let i = 0; i < REQUESTS; i += 1) times.push((await checkedPdf(1 + (i % DESCRIPTIONS))).ms);
      return percentiles(times);
    };
    await phase(`PDF latency alone, ${REQUESTS} requests`, async () => {
      const cpuBefore = cpuMs(server.pid);
      const latency = await pdfLatency();
      const cpuPerPdf = (cpuMs(server.pid) - cpuBefore) / REQUESTS;
      summary.push({
        benchmark: 'PDF document (10 long tasks) alone',
        p50: latency.p50,
        p95: latency.p95,
        p99: latency.p99,
      });
      return [
        [`PDF, ${REQUESTS} requests one after the other, nothing else`, latencyText(latency)],
        ['  server CPU time per PDF request (all threads)', ms(cpuPerPdf)],
      ];
    });
    for (const rate of OTHER_RATES) {
      const label = rate === 0 ? 'as fast as answered' : `${rate} requests/s`;
      await phase(`PDF latency with other traffic (${label})`, async () => {
        const otherTimes = [];
        const statuses = new Map();
        const background = autocannon({
          url: server.baseUrl,
          connections: CONNECTIONS,
          duration: 600,
          ...(rate > 0 ? { overallRate: rate } : {}),
          headers: { cookie },
          requests: [{ path: '/api/job-tasks?limit=20' }, { path: '/api/job-descriptions/1' }],
        });
        background.on('response', (_client, status, _bytes, responseTime) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          otherTimes.push(responseTime);
        });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const counted = otherTimes.length;
        const started = performance.now();
        const latency = await pdfLatency();
        const seconds = (performance.now() - started) / 1000;
        const during = otherTimes.slice(counted);
        background.stop();
        await new Promise((resolve) => background.on('done', resolve));
        const failed = [...statuses].filter(([status]) => status !== 200);
        if (failed.length > 0) throw new Error(`other traffic answered ${JSON.stringify(failed)}`);
        const other = percentiles(during);
        summary.push({
          benchmark: `PDF document (10 long tasks), other REST traffic ${label}`,
          p50: latency.p50,
          p95: latency.p95,
          p99: latency.p99,
          note: `other traffic ${(during.length / seconds).toFixed(0)} req/s, p95 ${ms(other.p95)}`,
        });
        return [
          [
            `PDF, ${REQUESTS} requests, other REST traffic ${label} on ${CONNECTIONS} connections`,
            latencyText(latency),
          ],
          [
            `  the other traffic meanwhile`,
            `${(during.length / seconds).toFixed(0)} requests/s · p50 ${ms(other.p50)} · p95 ${ms(other.p95)} · p99 ${ms(other.p99)}`,
          ],
        ];
      });
    }
  }

  if (PHASES.has('memory')) {
    await phase(`Memory over ${EXPORTS} exports`, async () => {
      const samples = [];
      for (let i = 1; i <= EXPORTS; i += 1) {
        await checkedPdf(1 + (i % DESCRIPTIONS));
        if (i % 25 === 0) samples.push([i, rssMiB(server.pid)]);
      }
      const settled = samples.filter(([i]) => i > 100);
      const [, afterWarmup] = samples.find(([i]) => i === 100);
      const [, last] = samples.at(-1);
      const peak = Math.max(...samples.map(([, rss]) => rss));
      const trend = slope(settled) * 100;
      summary.push({
        benchmark: `PDF exports ×${EXPORTS}`,
        memory: `${afterWarmup.toFixed(0)} → ${last.toFixed(0)} MiB (${trend >= 0 ? '+' : ''}${trend.toFixed(2)} MiB/100)`,
      });
      return [
        [
          `server RSS over ${EXPORTS} exports (every 25)`,
          `${afterWarmup.toFixed(0)} MiB after 100 → ${last.toFixed(0)} MiB after ${EXPORTS} · peak ${peak.toFixed(0)} MiB · trend after 100: ${trend >= 0 ? '+' : ''}${trend.toFixed(2)} MiB per 100 exports`,
        ],
        ['  samples (MiB)', samples.map(([, rss]) => rss.toFixed(0)).join(' ')],
      ];
    });
  }

  if (PHASES.has('zip')) {
    await phase(`ZIP of ${DESCRIPTIONS}`, async () => {
      const before = rssMiB(server.pid);
      let zipPeak = before;
      const sampler = setInterval(() => (zipPeak = Math.max(zipPeak, rssMiB(server.pid))), 50);
      const zip = await get(`${server.baseUrl}/api/documents/job-descriptions.zip?tag=bench`, cookie, {
        pauseEvery: 256 * 1024,
        pauseMs: 100,
      });
      clearInterval(sampler);
      if (zip.status !== 200) throw new Error(`GET job-descriptions.zip answered ${zip.status}`);
      const size = zip.bytes / 2 ** 20;
      summary.push({
        benchmark: `ZIP of ${DESCRIPTIONS} PDFs`,
        memory: `+${(zipPeak - before).toFixed(0)} MiB`,
        note: `${size.toFixed(1)} MiB in ${(zip.ms / 1000).toFixed(1)} s`,
      });
      return [
        [
          `ZIP of ${DESCRIPTIONS} (slow reader)`,
          `first byte ${zip.firstByte.toFixed(0)} ms · ${(zip.ms / 1000).toFixed(1)} s · ${size.toFixed(1)} MiB`,
        ],
        [
          '  server RSS during the ZIP',
          `${before.toFixed(0)} MiB before → peak ${zipPeak.toFixed(0)} MiB (+${(zipPeak - before).toFixed(0)} MiB for a ${size.toFixed(1)} MiB archive)`,
        ],
      ];
    });
  }

  console.log('');
  printTable(['measure', 'figure', 'load average (1, 5, 15 min) before → after'], rows);
  recordSummary(summary);
});
