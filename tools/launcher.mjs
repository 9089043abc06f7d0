// The pieces of `npm start` (and of the end-to-end server): find or start a database, migrate,
// seed, and run the built API, which also serves the built web app.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDatabase,
  databaseExists,
  freePort,
  migrate,
  ROOT,
  startEmbeddedPostgres,
  withClient,
  withDatabase,
} from './db.mjs';
import { seedIfEmpty } from './seed.mjs';

// TDGEN_DATA_DIR moves the local data (embedded database, generated JWT secret) elsewhere, e.g. a fresh folder.
export const DATA_DIR = path.resolve(ROOT, process.env.TDGEN_DATA_DIR ?? '.data');
export const API_MAIN = path.join(ROOT, 'dist', 'apps', 'api', 'main.js');
export const WEB_ROOT = path.join(ROOT, 'dist', 'apps', 'web', 'browser');

export function log(message) {
  console.log(`[tdgen] ${message}`);
}

/** Builds api and web through Nx (cached: a second start rebuilds only what changed). */
export function build() {
  log('Building the API and the web app…');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,web', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { NX_DAEMON: 'false', NX_TUI: 'false', ...process.env },
  });
  if (result.status !== 0) throw new Error('Build failed');
}

/** JWT_SECRET from the environment, else one generated once and kept in .data/ (local use only). */
export function jwtSecret() {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  if (process.env.NODE_ENV === 'production') throw new Error('JWT_SECRET must be set in production');
  const file = path.join(DATA_DIR, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * DATABASE_URL when set (nothing is started); otherwise embedded PostgreSQL with its data in
 * .data/postgres, on a port remembered between runs — or, when another launcher (`npm start`,
 * `nx serve api`) already runs that database, that one (stop() then leaves it running).
 */
export async function ensureDatabase({ database = 'tdgen' } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const running = await runningDatabaseUrl();
  if (running) {
    log('Using the embedded PostgreSQL that another launcher (npm start, nx serve api) already runs.');
    return { url: running, stop: async () => undefined };
  }
  const portFile = path.join(DATA_DIR, 'postgres-port');
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : await freePort();
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(portFile, String(port));
  const shown = path.relative(ROOT, path.join(DATA_DIR, 'postgres'));
  log(`Starting embedded PostgreSQL on port ${port} (data in ${shown.startsWith('..') ? DATA_DIR : shown})…`);
  const server = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port });
  if (!(await databaseExists(server.url, database))) await createDatabase(server.url, database);
  const url = withDatabase(server.url, database);
  writeFileSync(path.join(DATA_DIR, 'database-url'), url, { mode: 0o600 });
  return { url, stop: server.stop };
}

/** The URL of the embedded database when it already answers (started by another launcher), else null. */
async function runningDatabaseUrl() {
  const urlFile = path.join(DATA_DIR, 'database-url');
  if (!existsSync(urlFile)) return null;
  const url = readFileSync(urlFile, 'utf8').trim();
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return url;
  } catch {
    return null;
  }
}

export async function migrateAndSeed(url) {
  const applied = await migrate(url);
  if (applied.length) log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  const users = await seedIfEmpty(url);
  if (users) {
    log('Seeded demo data. Demo accounts (for local demos only — change them on a server):');
    for (const u of users) log(`  ${u.username.padEnd(6)} / ${u.password}  (${u.role})`);
  }
}

/** Runs the built API in a child process; resolves with its exit code. */
export function runApi(env) {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build first`);
  return runChild(process.execPath, [API_MAIN], { WEB_ROOT, ...env });
}

/** Runs a command in the repository with these extra variables; signals are passed on; resolves with its exit code. */
export function runChild(command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}
