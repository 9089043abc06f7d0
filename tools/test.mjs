#!/usr/bin/env node
// `npm test`: the whole suite — lint and formatting, unit and API integration tests (PostgreSQL
// from TEST_DATABASE_URL, else embedded), Angular unit tests, and the Playwright end-to-end suite.
// `npm test -- --skip-e2e` leaves out the browser tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  // Below the kernel's ephemeral range: a port the system hands out (a test server listening on
  // port 0, an outgoing connection) can then never take one of these between now and the browser
  // tests, minutes later — which happened once while another suite ran on the machine.
  const ephemeralFrom = firstEphemeralPort();
  for (let attempt = 0; attempt < 50 && ephemeralFrom > 20_003; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * (ephemeralFrom - 20_003));
    if ((await isFree(port)) && (await isFree(port + 1)) && (await isFree(port + 2))) return port;
  }
  for (;;) {
    const port = await freePort();
    if (port < 65534 && (await isFree(port + 1)) && (await isFree(port + 2))) return port;
  }
}

/** The first port of the kernel's ephemeral range (Linux), else the common default. */
function firstEphemeralPort() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
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
