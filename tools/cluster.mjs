#!/usr/bin/env node
// `npm run cluster`: TDGen as it runs in production with several replicas, on this machine — the
// database (embedded when DATABASE_URL is unset), N API instances (default 2) on free ports, and
// nginx (Debian package nginx-light) in front on PORT (default 3000) with the configuration of
// docker-compose.yml. An instance that dies is started again after a second, like an orchestrator
// would, so `kill -9 <pid>` tries a failover. Options: --instances N, --no-build.
import { spawn } from 'node:child_process';
import { freePort } from './db.mjs';
import { API_MAIN, build, ensureDatabase, jwtSecret, log, migrateAndSeed, WEB_ROOT } from './launcher.mjs';
import { findNginx, startNginx } from './nginx.mjs';

const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--instances') + 1] ?? 2);
if (args.includes('--instances') && !(Number.isInteger(count) && count >= 1 && count <= 16)) {
  console.error('--instances takes a number from 1 to 16');
  process.exit(2);
}
const instances = args.includes('--instances') ? count : 2;
const proxyPort = Number(process.env.PORT ?? 3000);
if (!findNginx()) {
  console.error('nginx is not installed. On Debian/Ubuntu: sudo apt-get install nginx-light (or set NGINX_BINARY).');
  process.exit(1);
}

if (!args.includes('--no-build')) build();
const database = await ensureDatabase();
await migrateAndSeed(database.url);
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  JWT_SECRET: jwtSecret(),
  WEB_ROOT,
  // Only the local proxy talks to the instances, so client addresses come from its X-Forwarded-For.
  TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
};

let stopping = false;
const running = [];
for (let i = 1; i <= instances; i++) running.push(startInstance(`api-${i}`, await freePort()));
const proxy = await startNginx({ upstreams: running.map((r) => `127.0.0.1:${r.port}`), port: proxyPort });
log(`Open http://localhost:${proxyPort} — nginx (pid ${proxy.pid}) in front of ${instances} API instances:`);
for (const r of running) log(`  ${r.name} on http://127.0.0.1:${r.port} (pid ${r.child.pid})`);
log('Ctrl-C stops everything; `kill -9 <pid>` of an instance tries a failover (it is restarted after 1 s).');

function startInstance(name, port) {
  const entry = { name, port, child: null };
  const run = () => {
    entry.child = spawn(process.execPath, [API_MAIN], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, PORT: String(port), INSTANCE_ID: name },
    });
    entry.child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${name} exited (${signal ?? `code ${code}`}); starting it again in 1 s…`);
      setTimeout(() => {
        if (stopping) return;
        run();
        log(`${name} started again (pid ${entry.child.pid})`);
      }, 1000);
    });
  };
  run();
  return entry;
}

async function stop() {
  if (stopping) return;
  stopping = true;
  log('Stopping…');
  await proxy.stop();
  await Promise.all(
    running.map(
      (r) =>
        new Promise((resolve) => {
          if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
          r.child.once('exit', resolve);
          r.child.kill('SIGTERM');
        }),
    ),
  );
  await database.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
