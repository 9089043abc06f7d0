// Browser-to-browser latency — a script, not a test.
//
//   npx nx run-many -t build --projects=api,web && node tools/bench/browser-latency.mjs [--changes 50]
//
// Starts the built app on a fresh seeded database (tools/bench/bench-server.mjs), opens two
// separate Chromium contexts (Debian's /usr/bin/chromium, CHROMIUM_PATH to override): A (alice) on
// the job tasks page and B (bob) on the board. A holds the lock of a task and renames it --changes
// times, each time from inside its page exactly as its Save button does (PATCH with its session
// cookie and tab id). B watches its backlog with a MutationObserver. Each sample is the time from
// A starting the request to B's DOM showing the new title — REST, commit, event fan-out, the
// EventSource, the store and Angular's rendering included. Both timestamps come from the pages'
// own clocks (performance.timeOrigin + now, the same system clock on one machine).
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { machineLine, percentiles, printTable, recordSummary, startBenchServer, wholeNumber } from './bench-server.mjs';

const { values: args } = parseArgs({
  options: {
    changes: { type: 'string', default: '50' },
    'pause-ms': { type: 'string', default: '100' },
  },
  allowPositionals: true,
  // `npm run bench -- …` hands the same arguments to every benchmark: ignore the others' options.
  strict: false,
});
const CHANGES = wholeNumber('changes', args.changes, 1, 1000);
const PAUSE_MS = wholeNumber('pause-ms', args['pause-ms'], 0, 5000);
const WARM_UP = 5;
const CHANGE_TIMEOUT_MS = 10_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function signedInPage(browser, baseUrl, username, password, path) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const login = await context.request.post('/api/auth/login', { data: { username, password } });
  if (login.status() !== 200) throw new Error(`login of ${username} answered ${login.status()}`);
  const page = await context.newPage();
  await page.goto(path);
  await page.locator('[data-testid="connection-live"]').waitFor({ timeout: 30_000 });
  return page;
}

/** Runs in A's page: a request as the app makes it (session cookie, this tab's id). */
function inPageRequest([method, url, body]) {
  return (async () => {
    const startedAt = performance.timeOrigin + performance.now();
    const response = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Client-Id': sessionStorage.getItem('tdgen.clientId') },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return { startedAt, answeredAt: performance.timeOrigin + performance.now(), body: text ? JSON.parse(text) : null };
  })();
}

/** Runs in B's page: resolves `window.__seen` with the moment the task's card shows `expected`. */
function watchForTitle([taskId, expected]) {
  const selector = `[data-testid="task-card-${taskId}"] [data-testid="task-card-title"]`;
  window.__seen = new Promise((resolve) => {
    const check = () => document.querySelector(selector)?.textContent?.trim() === expected;
    if (check()) return resolve(performance.timeOrigin + performance.now());
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      resolve(performance.timeOrigin + performance.now());
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function main() {
  console.log('Starting the app on a fresh database ...');
  const server = await startBenchServer({ seed: 'demo', serveWeb: true });
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const a = await signedInPage(browser, server.baseUrl, 'alice', 'alice-demo-pass', '/tasks');
    const { body: task } = await a.evaluate(inPageRequest, [
      'POST',
      '/api/job-tasks',
      { title: `Latency probe ${Date.now()}`, text: '<p>Renamed by the latency benchmark.</p>' },
    ]);
    await a.evaluate(inPageRequest, [
      'POST',
      '/api/locks/acquire',
      {
        entityType: 'JobTask',
        entityId: task.id,
        clientId: await a.evaluate(() => sessionStorage.getItem('tdgen.clientId')),
      },
    ]);
    const b = await signedInPage(browser, server.baseUrl, 'bob', 'bob-demo-pass', '/');
    // The backlog renders only the rows in view: B searches for the probe, as a user would.
    await b.getByTestId('backlog-search').fill('Latency probe');
    await b.locator(`[data-testid="task-card-${task.id}"]`).waitFor({ timeout: 10_000 });

    console.log(`Renaming a task ${CHANGES} times in A (after ${WARM_UP} warm-up changes) ...`);
    const samples = [];
    const roundTrips = [];
    for (let i = -WARM_UP; i < CHANGES; i++) {
      const title = `Latency probe ${task.id} change ${i + WARM_UP}`;
      await b.evaluate(watchForTitle, [task.id, title]);
      const { startedAt, answeredAt } = await a.evaluate(inPageRequest, [
        'PATCH',
        `/api/job-tasks/${task.id}`,
        { title },
      ]);
      const seenAt = await b.evaluate(
        (timeoutMs) =>
          Promise.race([
            window.__seen,
            new Promise((_, reject) => setTimeout(() => reject(new Error('not seen')), timeoutMs)),
          ]),
        CHANGE_TIMEOUT_MS,
      );
      if (i >= 0) {
        samples.push(seenAt - startedAt);
        roundTrips.push(answeredAt - startedAt);
      }
      if (PAUSE_MS) await sleep(PAUSE_MS);
    }

    const latency = percentiles(samples);
    const rest = percentiles(roundTrips);
    const ms = (v) => `${v.toFixed(1)} ms`;
    console.log(`\nBrowser to browser: ${CHANGES} task renames in A (alice), seen in B's (bob) board backlog`);
    console.log(`${machineLine()}, ${await browser.version()}\n`);
    printTable(
      ['', 'p50', 'p95', 'p99', 'max'],
      [
        ['A request start → B DOM shows it', ms(latency.p50), ms(latency.p95), ms(latency.p99), ms(latency.max)],
        ['A request round trip (PATCH)', ms(rest.p50), ms(rest.p95), ms(rest.p99), ms(rest.max)],
      ],
    );
    recordSummary([
      {
        benchmark: `browser to browser, ${CHANGES} renames: A's request → B's DOM`,
        p50: latency.p50,
        p95: latency.p95,
        p99: latency.p99,
        note: `A's PATCH round trip p50 ${ms(rest.p50)}`,
      },
    ]);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
