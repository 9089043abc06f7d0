#!/usr/bin/env node
// The server the Playwright suite runs against: a fresh database (on TEST_DATABASE_URL's server,
// else an embedded PostgreSQL in a temporary folder), migrated and seeded, and the built app.
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase, testDatabaseServer, withDatabase } from './db.mjs';
import { log, migrateAndSeed, runApi } from './launcher.mjs';

const server = await testDatabaseServer('tdgen-e2e-pg-');
const name = `tdgen_e2e_${process.pid}`;
await createDatabase(server.url, name);
const url = withDatabase(server.url, name);
// Where the browser tests find this server's database (to take it away for an outage test).
const databaseFile = path.join(os.tmpdir(), `tdgen-e2e-${process.env.PORT}.json`);
writeFileSync(databaseFile, JSON.stringify({ serverUrl: server.url, database: name }));
let code = 1;
try {
  await migrateAndSeed(url);
  log(`End-to-end server on port ${process.env.PORT}`);
  code = await runApi({
    DATABASE_URL: url,
    JWT_SECRET: 'e2e-secret-'.padEnd(48, 'x'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOGIN_RATE_LIMIT: '1000',
    // Short timings so the suite sees heartbeats, refreshes and sweeps within seconds.
    SSE_HEARTBEAT_INTERVAL_MS: process.env.SSE_HEARTBEAT_INTERVAL_MS ?? '2000',
    SSE_RECONNECT_TIMEOUT_MS: process.env.SSE_RECONNECT_TIMEOUT_MS ?? '500',
    LOCK_SWEEP_INTERVAL_MS: process.env.LOCK_SWEEP_INTERVAL_MS ?? '1000',
    LOCK_ORPHAN_GRACE_MS: process.env.LOCK_ORPHAN_GRACE_MS ?? '5000',
  });
} finally {
  rmSync(databaseFile, { force: true });
  await dropDatabase(server.url, name).catch(() => undefined);
  await server.stop();
}
process.exit(code);
