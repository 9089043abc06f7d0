#!/usr/bin/env node
// `npm test`: the whole suite — lint and formatting, unit and API integration tests (PostgreSQL
// from TEST_DATABASE_URL, else embedded), Angular unit tests, and the Playwright end-to-end suite.
// `npm test -- --skip-e2e` leaves out the browser tests.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { freePort, ROOT } from './db.mjs';

const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

/** Whether nothing listens on the loopback port. */
function isFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A free port whose two successors are free too: the end-to-end server runs a second API instance
 * on the next one and a short-lock instance on the one after.
 */
async function freePortPair() {
  for (;;) {
    const port = await freePort();
    if (port < 65534 && (await isFree(port + 1)) && (await isFree(port + 2))) return port;
  }
}

// Free ports for the end-to-end server (and its other instances on the next two ports), so a running
// `npm start` or another suite cannot collide.
env.E2E_PORT ??= String(await freePortPair());
const steps = [
  ['lint and format', 'npm', ['run', 'lint']],
  [
    'unit and integration tests',
    'npx',
    ['nx', 'run-many', '-t', 'test', '--projects=contracts,api,web', '--outputStyle=static', '--parallel=1'],
  ],
];
if (!process.argv.includes('--skip-e2e')) {
  steps.push(['end-to-end tests (Playwright, Chromium)', 'npx', ['nx', 'run', 'web-e2e:e2e', '--outputStyle=static']]);
}

const results = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status } = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (status !== 0) break;
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed || results.length < steps.length ? 1 : 0);
