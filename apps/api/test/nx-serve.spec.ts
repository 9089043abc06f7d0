import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from './support/wait-until';

const ROOT = path.resolve(process.cwd(), '../..');
// Building the API and initialising a new database take a while on a loaded two-core machine.
const STARTUP_MS = 300_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function health(port: number): Promise<unknown> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/**
 * What a new developer does after `npm install`: `nx serve api` without DATABASE_URL. It must
 * start the embedded PostgreSQL in a fresh data folder, migrate and seed it, and serve the API.
 */
describe('nx serve api on a fresh clone', () => {
  let dataDir: string;
  let port: number;
  let serve: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tdgen-serve-'));
    // As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to enter it.
    chmodSync(dataDir, 0o755);
    port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TDGEN_DATA_DIR: path.join(dataDir, 'data'),
      PORT: String(port),
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      NX_NO_CLOUD: 'true',
    };
    // A new developer's shell: no database, no secret, and not Jest's NODE_ENV=test — nor a parent
    // Nx run (whose NX_INVOCATION_ROOT_PID would make Nx see another worker's build as a recursion).
    delete env.NX_INVOCATION_ROOT_PID;
    delete env.DATABASE_URL;
    delete env.JWT_SECRET;
    delete env.NODE_ENV;
    // Its own process group, so the whole tree (nx, the watcher, the API) is stopped together.
    serve = spawn('npx', ['nx', 'serve', 'api', '--outputStyle=stream'], { cwd: ROOT, env, detached: true });
    serve.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => serve.on('exit', (code) => resolve(code)));
  }, STARTUP_MS);

  afterAll(async () => {
    if (serve.pid && serve.exitCode === null) process.kill(-serve.pid, 'SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(
    'starts the embedded database in the data folder, migrates, seeds and answers /api/health',
    async () => {
      const up = () => {
        if (serve.exitCode !== null) throw new Error(`nx serve api exited with ${serve.exitCode}`);
        return health(port);
      };
      const body = await waitUntil(up, `/api/health on port ${port}`, {
        timeoutMs: STARTUP_MS - 10_000,
        intervalMs: 500,
      }).catch((err: Error) => {
        throw new Error(`${err.message}; nx serve api printed:\n${output.slice(-4000)}`);
      });
      expect(body).toEqual({ status: 'ok', database: 'up' });
      expect(existsSync(path.join(dataDir, 'data', 'postgres', 'PG_VERSION'))).toBe(true);
      expect(output).toContain('Applied migrations:');
      expect(output).toContain('Seeded demo data.');
    },
    STARTUP_MS,
  );
});
