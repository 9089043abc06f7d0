// nginx from the Debian package in front of several API instances, for `npm run cluster` and the
// proxy test: renders deploy/nginx/tdgen.conf.template — the same file docker-compose.yml uses — into
// a self-contained configuration in a temporary folder and runs nginx in the foreground.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './db.mjs';

export const NGINX_TEMPLATE = path.join(ROOT, 'deploy', 'nginx', 'tdgen.conf.template');
const CANDIDATES = [process.env.NGINX_BINARY, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];

/** The nginx binary, or null when none is installed (`apt-get install nginx-light`). */
export function findNginx() {
  return CANDIDATES.find((file) => file && existsSync(file)) ?? null;
}

/** Substitutes ${TDGEN_…} like the nginx image's envsubst step: names not given stay as they are. */
export function renderTemplate(template, vars) {
  return template.replace(/\$\{(TDGEN_[A-Z_]+)\}/g, (whole, name) => vars[name] ?? whole);
}

/** The server block for these upstream addresses ("127.0.0.1:4001") and this listening port. */
export function renderServerConfig({ upstreams, port }) {
  const servers = upstreams.map((address) => `server ${address} max_fails=1 fail_timeout=5s;`).join('\n    ');
  return renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    TDGEN_UPSTREAM_SERVERS: servers,
    TDGEN_PROXY_PORT: `127.0.0.1:${port}`,
  });
}

function mainConfig(folder, serverConfig) {
  // Everything nginx writes goes to the temporary folder, so it runs without root and beside a system nginx.
  return `daemon off;
worker_processes 1;
pid ${folder}/nginx.pid;
error_log stderr warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path ${folder}/client_body;
    proxy_temp_path ${folder}/proxy;
    fastcgi_temp_path ${folder}/fastcgi;
    uwsgi_temp_path ${folder}/uwsgi;
    scgi_temp_path ${folder}/scgi;
${serverConfig}
}
`;
}

/**
 * Starts nginx proxying `port` on 127.0.0.1 to the upstream addresses. Resolves once the
 * configuration is valid and nginx runs; `stop()` ends it and removes its folder.
 */
export async function startNginx({ upstreams, port, binary = findNginx() }) {
  if (!binary) throw new Error('nginx is not installed: apt-get install nginx-light (or set NGINX_BINARY)');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tdgen-nginx-'));
  mkdirSync(path.join(folder, 'logs'));
  const file = path.join(folder, 'nginx.conf');
  writeFileSync(file, mainConfig(folder, renderServerConfig({ upstreams, port })));
  const args = ['-p', folder, '-c', file, '-e', 'stderr'];
  const check = spawnSync(binary, [...args, '-t', '-q'], { encoding: 'utf8' });
  if (check.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`nginx rejected the configuration:\n${check.stderr}`);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitForPort(port, exited);
  return {
    pid: child.pid,
    stop: async () => {
      child.kill('SIGQUIT'); // graceful: open streams are closed, not reset
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  for (let i = 0; i < 100 && !gone; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(gone ? 'nginx exited at start' : `nginx does not answer on port ${port}`);
}
