// The board with a large catalogue — a script, not a test (docs/performance.md § The web app at scale).
//
//   npx nx run-many -t build --projects=api,web && node tools/bench/board-scale.mjs [--tasks 10000]
//       [--descriptions 2000] [--keystrokes 2]
//
// Starts the built app on a fresh database with the demo data plus --tasks tasks and --descriptions
// descriptions (tools/seed-large.mjs), opens the board in Debian's Chromium (/usr/bin/chromium,
// CHROMIUM_PATH to override) signed in as alice, and measures:
//   - warm load: reload of the board with the browser cache filled → the backlog shows its first
//     task cards and the search field takes input (time from navigation start, the page's clock);
//   - keystrokes: typing search terms letter by letter (and deleting them again), each keystroke
//     from its keydown to (a) the list showing that text's matches, possibly while the server's
//     answer is on its way (a narrower search filters what is loaded at once), and (b) the server's
//     answer applied;
//   - scrolling: 3,000 rows scrolled in 60 steps, one per animation frame: frame times, pages loaded;
//   - the tab's JS heap (after a garbage collection) and DOM size at the end;
//   - live updates with part of the catalogue loaded: a task renamed by another user into the
//     search, out of it, and created, each checked in the list and its count.
import { chromium } from '@playwright/test';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { seedLarge } from '../seed-large.mjs';
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
    tasks: { type: 'string', default: '10000' },
    descriptions: { type: 'string', default: '2000' },
    keystrokes: { type: 'string', default: '2' },
  },
  allowPositionals: true,
  strict: false,
});
const TASKS = wholeNumber('tasks', args.tasks, 0, 200_000);
const DESCRIPTIONS = wholeNumber('descriptions', args.descriptions, 0, 50_000);
const ROUNDS = wholeNumber('keystrokes', args.keystrokes, 1, 20);
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
];
const TERMS = ['objection', 'inspect', 'budget'];

/** In the page: the first moment the backlog shows task cards and the search field is enabled. */
function whenInteractive() {
  return new Promise((resolve) => {
    const check = () => {
      const card = document.querySelector('[data-testid="backlog-list"] [data-testid^="task-card-"]');
      const input = document.querySelector('[data-testid="backlog-search"]');
      return card && input && !input.disabled;
    };
    if (check()) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (check()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  });
}

/** In the page: records, per keystroke in the search field, when the list showed it and when it settled. */
function installKeystrokeProbe() {
  const input = document.querySelector('[data-testid="backlog-search"]');
  const list = document.querySelector('[data-testid="backlog-list"]');
  window.__keys = [];
  let pending = null;
  input.addEventListener(
    'keydown',
    () => {
      pending = { at: performance.now(), shown: null, settled: null };
      window.__keys.push(pending);
    },
    true,
  );
  const observe = () => {
    if (!pending) return;
    const wanted = input.value.trim();
    if (list.getAttribute('data-search') !== wanted) return;
    const now = performance.now();
    if (pending.shown === null) pending.shown = now - pending.at;
    if (list.getAttribute('aria-busy') === 'false' && pending.settled === null) {
      pending.settled = now - pending.at;
      pending = null;
    }
  };
  new MutationObserver(observe).observe(list, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

/** In the page: scrolls the backlog `rows` rows in `steps` frames; resolves with each frame's duration. */
function scrollBacklog([rows, steps, rowPx]) {
  const viewport = document.querySelector('[data-testid="backlog-list"]');
  return new Promise((resolve) => {
    const frames = [];
    let step = 0;
    let last = performance.now();
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (step++ >= steps) return resolve(frames.slice(1));
      viewport.scrollTop += (rows * rowPx) / steps;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  console.log(`Starting the app with ${TASKS} tasks and ${DESCRIPTIONS} descriptions more than the demo ...`);
  const server = await startBenchServer({
    seed: 'demo',
    serveWeb: true,
    prepare: (url) => seedLarge(url, { tasks: TASKS, descriptions: DESCRIPTIONS }),
  });
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 } });
    const login = await context.request.post('/api/auth/login', {
      data: { username: 'alice', password: 'alice-demo-pass' },
    });
    if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`page console: ${message.text()}`);
    });
    const cdp = await context.newCDPSession(page);

    // Cold load fills the cache; then warm loads, measured.
    await page.goto('/');
    await page.evaluate(whenInteractive);
    const warm = [];
    for (let i = 0; i < 3; i++) {
      await page.reload({ waitUntil: 'commit' });
      warm.push(await page.evaluate(whenInteractive));
    }
    await page.locator('[data-testid="connection-live"]').waitFor({ timeout: 30_000 });
    const loaded = Number(await page.getByTestId('backlog-count').textContent());

    console.log('Typing in the backlog search ...');
    await page.evaluate(installKeystrokeProbe);
    const search = page.getByTestId('backlog-search');
    for (let round = 0; round < ROUNDS; round++) {
      for (const term of TERMS) {
        await search.click();
        for (const letter of term) {
          await page.keyboard.press(letter === ' ' ? 'Space' : letter);
          await settle(120);
        }
        for (let i = 0; i < term.length; i++) {
          await page.keyboard.press('Backspace');
          await settle(120);
        }
      }
    }
    await settle(500);
    const keys = await page.evaluate(() => window.__keys);
    const shown = percentiles(keys.filter((k) => k.shown !== null).map((k) => k.shown));
    const settled = percentiles(keys.filter((k) => k.settled !== null).map((k) => k.settled));
    const unsettled = keys.filter((k) => k.settled === null).length;

    console.log('Scrolling ...');
    await search.fill('');
    await page
      .waitForFunction(
        () => document.querySelector('[data-testid="backlog-list"]')?.getAttribute('aria-busy') === 'false',
      )
      .catch(async (error) => {
        console.error(
          await page.evaluate(() => document.querySelector('[data-testid="backlog-list"]')?.outerHTML.slice(0, 600)),
        );
        throw error;
      });
    const frames = percentiles(await page.evaluate(scrollBacklog, [3000, 60, 144]));
    await settle(1000);
    const scrolledNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const scrolledTo = Number(
      await page.evaluate(() => document.querySelectorAll('[data-testid="backlog-list"] .backlog__item').length),
    );

    console.log('Live updates with part of the catalogue loaded ...');
    const { cookie } = await signIn(server.baseUrl, 'bob');
    const bob = { Cookie: cookie, 'Content-Type': 'application/json', 'X-Client-Id': 'bench-board-bob' };
    const api = async (method, path, body) => {
      const response = await fetch(`${server.baseUrl}${path}`, { method, headers: bob, body: JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };
    const count = async () => page.getByTestId('backlog-count').textContent();
    const countBecomes = (expected) =>
      page
        .waitForFunction(
          (n) => document.querySelector('[data-testid="backlog-count"]')?.textContent?.trim() === String(n),
          expected,
          {
            timeout: 5_000,
          },
        )
        .then(
          () => true,
          () => false,
        );
    await search.fill('zebra crossing');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="backlog-list"]')?.getAttribute('aria-busy') === 'false',
    );
    const before = Number(await count());
    // A task deep in the catalogue (never loaded by this tab) renamed into the search ...
    const deep =
      (await api('GET', '/api/job-tasks?limit=1&offset=5000')).items[0] ??
      (await api('GET', '/api/job-tasks?limit=1')).items[0];
    await api('POST', '/api/locks/acquire', { entityType: 'JobTask', entityId: deep.id, clientId: 'bench-board-bob' });
    await api('PATCH', `/api/job-tasks/${deep.id}`, { title: `Zebra crossing survey ${Date.now()}` });
    const entered = await page
      .getByTestId(`task-card-${deep.id}`)
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    const countAfterEnter = (await countBecomes(before + 1)) ? before + 1 : Number(await count());
    // ... and out of it again, and a new task created into it.
    await api('PATCH', `/api/job-tasks/${deep.id}`, { title: `Pedestrian survey ${Date.now()}` });
    const left = await page
      .getByTestId(`task-card-${deep.id}`)
      .waitFor({ state: 'detached', timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    const created = await api('POST', '/api/job-tasks', { title: `Zebra crossing count ${Date.now()}` });
    const appeared = await page
      .getByTestId(`task-card-${created.id}`)
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    const countAtEnd = (await countBecomes(before + 1)) ? before + 1 : Number(await count());
    await api('POST', '/api/locks/release', { entityType: 'JobTask', entityId: deep.id, clientId: 'bench-board-bob' });
    const live = [
      ['renamed into the search: card shown, count +1', entered && countAfterEnter === before + 1],
      ['renamed out of it: card gone', left],
      ['created into it: card shown, count right', appeared && countAtEnd === before + 1],
    ];

    await cdp.send('HeapProfiler.collectGarbage');
    const heapMiB = (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;

    // The description picker: its first options (recently opened ones and the server's first matches).
    console.log('Opening the description picker ...');
    const pickerStartedAt = Date.now();
    await page.getByTestId('description-picker').click();
    await page.locator('[data-testid^="picker-option-"]').first().waitFor({ timeout: 60_000 });
    const pickerMs = Date.now() - pickerStartedAt;
    await page.keyboard.press('Escape');
    await cdp.send('HeapProfiler.collectGarbage');
    const heapWithDescriptionsMiB = (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);

    const ms = (v) => `${v.toFixed(1)} ms`;
    console.log(
      `\nThe board with ${loaded} live tasks in the backlog (${TASKS} + demo tasks, ${DESCRIPTIONS} + demo descriptions)`,
    );
    console.log(
      `${machineLine()}, ${await browser.version()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    const w = percentiles(warm);
    printTable(
      ['measure', 'p50', 'p95', 'max', 'samples'],
      [
        ['warm load → backlog interactive', ms(w.p50), ms(w.p95), ms(w.max), String(w.count)],
        ['keystroke → list shows its matches', ms(shown.p50), ms(shown.p95), ms(shown.max), String(shown.count)],
        [
          "keystroke → server's answer applied",
          ms(settled.p50),
          ms(settled.p95),
          ms(settled.max),
          `${settled.count}${unsettled ? ` (${unsettled} superseded)` : ''}`,
        ],
        ['scroll 3,000 rows: frame time', ms(frames.p50), ms(frames.p95), ms(frames.max), String(frames.count)],
      ],
    );
    console.log(
      `\nJS heap after GC ${heapMiB.toFixed(1)} MiB; after scrolling ${scrolledTo} rows rendered, ${scrolledNodes} DOM elements; at the end ${nodes}`,
    );
    console.log(
      `description picker: first options after ${pickerMs} ms; JS heap after GC then ${heapWithDescriptionsMiB.toFixed(1)} MiB`,
    );
    for (const [name, ok] of live) console.log(`live update ${ok ? 'OK  ' : 'FAIL'} ${name}`);
    recordSummary([
      {
        benchmark: `board, ${loaded} tasks: warm load → interactive`,
        p50: w.p50,
        p95: w.p95,
        note: `heap ${heapMiB.toFixed(1)} MiB, ${nodes} elements`,
      },
      {
        benchmark: `board, ${loaded} tasks: keystroke → list`,
        p50: shown.p50,
        p95: shown.p95,
        note: `server answer p50 ${ms(settled.p50)}, p95 ${ms(settled.p95)}`,
      },
    ]);
    if (live.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
